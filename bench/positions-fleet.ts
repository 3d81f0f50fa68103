/**
 * What the position benchmarks share (bench/positions.ts over HTTP, bench/positions-ws.ts over
 * the feed socket): the bench fleet, field devices' tokens, the raw-insert baseline and the load
 * generators on their own threads.
 */
import { Worker } from 'node:worker_threads';
import type { RunningServer } from '@continuum/server';
import { sql } from 'kysely';
import { openLoop, type OpenLoopRun } from './measure.ts';
import type { FixPlan } from './position-fixes.ts';

type Db = RunningServer['services']['store']['database']['db'];

/** A load generator's run: `rate` operations a second for `seconds`, at most `inflight` at once. */
export interface LoadSpec {
  rate: number;
  seconds: number;
  inflight: number;
}

/** Operations a second over the whole run. */
export const rateOf = (r: OpenLoopRun): number => (r.done * 1000) / r.elapsedMs;

/** The fleet: on duty, each with a fix a minute old at its base, owned by the clinician's agency. */
export async function seedFleet(db: Db, units: number): Promise<Pick<FixPlan, 'bases' | 'anchor'>> {
  const anchor = Date.now() - 60_000;
  await sql`INSERT INTO units (id, agency_id, name, model, composition, partner_agency_ids, home_lat, home_lon, status, version, status_changed_at, last_lat, last_lon, last_position_at)
    SELECT 'bench-' || g, 'champaign-mcrt', 'Bench ' || g, 'program_590_mcrt', '[]', '[]', 39.9 + (g % 100) * 0.004, -88.45 + (g / 100) * 0.004,
      'available', 0, now(), 39.9 + (g % 100) * 0.004, -88.45 + (g / 100) * 0.004, ${new Date(anchor)}::timestamptz
    FROM generate_series(0, ${units - 1}) AS g`.execute(db);
  const bases = Array.from({ length: units }, (_, g): [number, number] => [39.9 + (g % 100) * 0.004, -88.45 + Math.floor(g / 100) * 0.004]);
  return { bases, anchor };
}

/** Runs `fn` with the baseline's scratch table, dropped afterwards. */
export async function withRawTable<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  await sql`CREATE TABLE bench_positions_raw (unit_id text NOT NULL, at timestamptz NOT NULL, lat double precision NOT NULL, lon double precision NOT NULL, PRIMARY KEY (unit_id, at))`.execute(db);
  try {
    return await fn();
  } finally {
    await sql`DROP TABLE IF EXISTS bench_positions_raw`.execute(db).catch(() => {});
  }
}

/** The baseline: one autocommitted row per fix through the server's own Kysely, open-loop at the same rate. */
export async function rawRun(db: Db, s: LoadSpec & { units: number }, pass: number): Promise<OpenLoopRun> {
  const wall0 = Date.now() - 30_000 + pass * 1000;
  return openLoop(s.rate * s.seconds, s.rate, s.inflight, async (i) => {
    const u = i % s.units;
    await sql`INSERT INTO bench_positions_raw (unit_id, at, lat, lon) VALUES (${`bench-${u}`}, ${new Date(wall0 + (i * 1000) / s.rate + pass * 0.001)}, ${40 + i * 1e-7}, ${-88.2})`.execute(db);
    return 'ok';
  }, stopAfter(s));
}

/** Stop offering a second after the run's scheduled end: a server that falls behind sheds, it does not stretch the run. */
export const stopAfter = (s: LoadSpec): number => s.seconds * 1000 + 1000;

/**
 * Runs a load generator (a module that posts one result, or `{ error }`) on a thread of its own,
 * so that it does not share the server's event loop. Bounded: a run that hangs fails.
 */
export function runWorker<T>(file: string, data: Record<string, unknown>, limitMs: number): Promise<T> {
  // Node 20 loads a worker's entry before `--import` hooks apply, so the entry registers tsx itself.
  const entry = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(new URL(file, import.meta.url).href)}); })`;
  const worker = new Worker(entry, { eval: true, workerData: data });
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${file} did not finish within ${limitMs} ms`)), limitMs);
    worker.once('message', (m: T | { error: string }) => (m && typeof m === 'object' && 'error' in m ? reject(new Error(m.error)) : resolve(m as T)));
    worker.once('error', reject);
  }).finally(() => {
    clearTimeout(timer);
    void worker.terminate();
  });
}

/** The HTTP side: node:http with a keep-alive agent, `batch` fixes per request (1: the single-fix route). */
export function httpRun(origin: string, tokens: string[], plan: Omit<FixPlan, 'wall0' | 'fixRate'>, s: LoadSpec & { units: number }, pass: number, batch = 1): Promise<OpenLoopRun> {
  return runWorker<OpenLoopRun>('./positions-load.ts', { origin, tokens, ...plan, pass, ...s, batch }, stopAfter(s) + 30_000);
}

/** A signed-in field user's session: what a device needs to make itself a token. */
export async function signIn(origin: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'continuum-demo' }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';', 1)[0]!).find((c) => c.startsWith('continuum_session='))!;
  return { cookie, csrf: csrfToken };
}

/** `count` bearer tokens of one field user, one per device, made through the API a few at a time. */
export async function deviceTokens(origin: string, username: string, count: number): Promise<string[]> {
  const { cookie, csrf } = await signIn(origin, username);
  const stamp = Date.now().toString(36);
  const make = async (d: number): Promise<string> => {
    const made = await fetch(`${origin}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf, 'idempotency-key': `bench-token-${stamp}-${d}` },
      body: JSON.stringify({ name: `bench device ${d}`, expiresInDays: 1 }),
    });
    if (made.status !== 201 && made.status !== 200) throw new Error(`POST /api/tokens: ${made.status} ${await made.text()}`);
    return ((await made.json()) as { token: string }).token;
  };
  const tokens: string[] = [];
  for (let d = 0; d < count; d += 8) tokens.push(...(await Promise.all(Array.from({ length: Math.min(8, count - d) }, (_, k) => make(d + k)))));
  return tokens;
}
