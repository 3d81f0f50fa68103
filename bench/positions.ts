/**
 * Position ingestion through HTTP (issue #5, "Benchmark"): 10,000 units each sending one fix
 * every 5 s is 2,000 fixes a second. Fixes are offered open-loop at the target rate for a fixed
 * time, over keep-alive connections with a field user's bearer token, by a load generator on its
 * own thread (so that it does not share the server's event loop). Beside them, in the same run:
 * raw single-row inserts into a scratch table through the same driver at the same target rate.
 * Latency is reported from the moment each request was due, so queueing counts.
 */
import { Worker } from 'node:worker_threads';
import type { RunningServer } from '@continuum/server';
import { sql } from 'kysely';
import { envInt, fmtMs, fmtRate, openLoop, percentile, type OpenLoopRun } from './measure.ts';
import { withBenchServer, type DatabaseUnderTest } from './servers.ts';
import { ratio, type BenchRow, type TableHeadings } from './table.ts';

/** Column headings for the rows `benchPositions` returns. */
export const POSITION_HEADINGS: Partial<TableHeadings> = { value: 'HTTP fixes', baseline: 'raw insert', ratio: 'HTTP ÷ raw' };


const settings = () => ({
  rate: envInt('BENCH_POSITION_RATE', 2000),
  seconds: envInt('BENCH_POSITION_SECONDS', 10),
  units: envInt('BENCH_POSITION_UNITS', 10_000),
  inflight: envInt('BENCH_POSITION_INFLIGHT', 256),
  /** Fixes per request of the batch-form run (a gateway or a device replaying its queue). */
  batch: envInt('BENCH_POSITION_BATCH', 25),
});
type Settings = ReturnType<typeof settings>;

type Run = OpenLoopRun;

/** Runs the benchmark on one database; PostgreSQL is skipped, with a note, when unreachable. */
export async function benchPositions(kind: DatabaseUnderTest): Promise<BenchRow[]> {
  const s = settings();
  return withBenchServer(kind, 'pos', (server) => measure(server, s));
}

async function measure(server: RunningServer, s: Settings): Promise<BenchRow[]> {
  const db = server.services.store.database.db;
  const origin = server.url.replace('localhost', '127.0.0.1');
  // The fleet: on duty, each with a fix a minute old at its base, owned by the clinician's agency.
  await sql`INSERT INTO units (id, agency_id, name, model, composition, partner_agency_ids, home_lat, home_lon, status, version, status_changed_at, last_lat, last_lon, last_position_at)
    SELECT 'bench-' || g, 'champaign-mcrt', 'Bench ' || g, 'program_590_mcrt', '[]', '[]', 39.9 + (g % 100) * 0.004, -88.45 + (g / 100) * 0.004,
      'available', 0, now(), 39.9 + (g % 100) * 0.004, -88.45 + (g / 100) * 0.004, now() - interval '60 seconds'
    FROM generate_series(0, ${s.units - 1}) AS g`.execute(db);
  const bases = Array.from({ length: s.units }, (_, g) => [39.9 + (g % 100) * 0.004, -88.45 + Math.floor(g / 100) * 0.004]);
  const token = await bearerFor(origin, 'clinician');
  await sql`CREATE TABLE bench_positions_raw (unit_id text NOT NULL, at timestamptz NOT NULL, lat double precision NOT NULL, lon double precision NOT NULL, PRIMARY KEY (unit_id, at))`.execute(db);
  try {
    // A short warm-up of each side (JIT, connections, plan caches), then the measured runs.
    const warm = { ...s, seconds: 1, rate: Math.min(s.rate, 500) };
    await rawRun(db, warm, 1);
    await httpRun(origin, token, bases, warm, 1);
    const raw = await rawRun(db, s, 2);
    const http = await httpRun(origin, token, bases, s, 2);
    const batched = await httpRun(origin, token, bases, { ...s, rate: s.rate / s.batch }, 3, s.batch);
    const batchRate = (batched.done * s.batch * 1000) / batched.elapsedMs;
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM unit_positions WHERE unit_id LIKE 'bench-%'`.execute(db);
    const rateOf = (r: Run) => (r.done * 1000) / r.elapsedMs;
    const p = (xs: number[], q: number) => percentile(xs, q);
    const bounded = rateOf(http) < s.rate * 0.98;
    return [
      {
        name: `achieved rate (target ${fmtRate(s.rate)})`,
        value: fmtRate(rateOf(http), ' fixes/s'),
        baseline: fmtRate(rateOf(raw), ' rows/s'),
        ratio: ratio(rateOf(http), rateOf(raw)),
        note: `${http.done} fixes from ${s.units} units over ${(http.elapsedMs / 1000).toFixed(1)} s, ≤${s.inflight} in flight${bounded ? ' — TARGET NOT MET' : ''}`,
      },
      { name: 'ingest latency p50', value: fmtMs(p(http.fromDue, 50)), baseline: fmtMs(p(raw.fromDue, 50)), ratio: ratio(p(http.fromDue, 50), p(raw.fromDue, 50)), note: 'from the moment the fix was due' },
      { name: 'ingest latency p99', value: fmtMs(p(http.fromDue, 99)), baseline: fmtMs(p(raw.fromDue, 99)), ratio: ratio(p(http.fromDue, 99), p(raw.fromDue, 99)), note: 'from the moment the fix was due' },
      { name: 'service latency p99', value: fmtMs(p(http.service, 99)), baseline: fmtMs(p(raw.service, 99)), ratio: ratio(p(http.service, 99), p(raw.service, 99)), note: 'from the moment it was sent' },
      {
        name: `batch form: ${s.batch} fixes per request`,
        value: fmtRate(batchRate, ' fixes/s'),
        baseline: fmtRate(rateOf(raw), ' rows/s'),
        ratio: ratio(batchRate, rateOf(raw)),
        note: `POST /api/positions; request p50 ${fmtMs(p(batched.fromDue, 50))}, p99 ${fmtMs(p(batched.fromDue, 99))} from due`,
      },
      {
        name: 'answers',
        value: Object.entries(http.statuses).map(([k, n]) => `${k}×${n}`).join(' '),
        baseline: `${raw.done} ok`,
        ratio: '—',
        note: `${rows[0]?.n ?? 0} fixes stored in total; statements per fix: 3 (authenticate, read unit, write fix) vs 1`,
      },
    ];
  } finally {
    await sql`DROP TABLE IF EXISTS bench_positions_raw`.execute(db).catch(() => {});
  }
}

/** The baseline: one autocommitted row per fix through the server's own Kysely, open-loop at the same rate. */
async function rawRun(db: RunningServer['services']['store']['database']['db'], s: Settings, pass: number): Promise<Run> {
  const wall0 = Date.now() - 30_000 + pass * 1000;
  return openLoopFor(s, async (i) => {
    const u = i % s.units;
    await sql`INSERT INTO bench_positions_raw (unit_id, at, lat, lon) VALUES (${`bench-${u}`}, ${new Date(wall0 + (i * 1000) / s.rate + pass * 0.001)}, ${40 + i * 1e-7}, ${-88.2})`.execute(db);
    return 'ok';
  });
}

/** Offers `rate` operations a second for `seconds`, at most `inflight` at once. */
const openLoopFor = (s: Settings, op: (i: number) => Promise<string>): Promise<Run> => openLoop(s.rate * s.seconds, s.rate, s.inflight, op);

/** The HTTP side, on a worker thread: node:http with a keep-alive agent, one fix per request. */
function httpRun(origin: string, token: string, bases: number[][], s: Settings, pass: number, batch = 1): Promise<Run> {
  // Node 20 loads a worker's entry before `--import` hooks apply, so the entry registers tsx itself.
  const entry = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(new URL('./positions-load.ts', import.meta.url).href)}); })`;
  const worker = new Worker(entry, { eval: true, workerData: { origin, token, bases, pass, ...s, batch } });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: Run | { error: string }) => ('error' in m ? reject(new Error(m.error)) : resolve(m)));
    worker.once('error', reject);
  }).finally(() => worker.terminate()) as Promise<Run>;
}

/** A bearer token of a field user, as a device would hold one. */
async function bearerFor(origin: string, username: string): Promise<string> {
  const res = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'continuum-demo' }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';', 1)[0]!).find((c) => c.startsWith('continuum_session='))!;
  const made = await fetch(`${origin}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, 'idempotency-key': `bench-token-${Date.now()}` },
    body: JSON.stringify({ name: 'bench device', expiresInDays: 1 }),
  });
  if (made.status !== 201 && made.status !== 200) throw new Error(`POST /api/tokens: ${made.status} ${await made.text()}`);
  return ((await made.json()) as { token: string }).token;
}
