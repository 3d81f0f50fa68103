import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@continuum/storage';
import { sql } from 'kysely';
import { openFeed, type FeedProbe } from './feed-client.ts';
import { buildIncidentInput, freePort, signIn, type Session } from './harness.ts';

/*
 * kill -9 under load (issue 16 §5): a `continuum start` process takes calls from concurrent
 * writers and is killed with SIGKILL at a random moment, again and again. What a trial measures:
 * every call the server acknowledged (201) is there after the restart, with its events, its audit
 * row and its feed row; and a console that resumes the feed from the last position it saw
 * receives every acknowledged call exactly once. Shared by the tests (a few kills) and by
 * `npm run bench` (ten kills on each database).
 */

const CLI = fileURLToPath(new URL('../../cli/bin/continuum.mjs', import.meta.url));

export type CrashTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export interface CrashReport {
  kills: number;
  acknowledged: number;
  /** Acknowledged calls missing after the restarts, or missing their events, audit or feed row. */
  lost: number;
  missingEvents: number;
  missingAudit: number;
  missingFeed: number;
  /** Acknowledged calls the resumed feed delivered other than exactly once. */
  feedNotOnce: number;
  /** Writes cut off by the kill (no answer): they may or may not have committed, both are right. */
  unanswered: number;
  restartMs: number[];
}

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
  output: string[];
}

async function start(target: CrashTarget, port: number): Promise<Running> {
  const dbArgs = target.kind === 'pglite' ? ['--data-dir', target.dataDir] : ['--database-url', target.url];
  const child = spawn(process.execPath, [CLI, 'start', '--port', String(port), '--host', '127.0.0.1', '--demo', ...dbArgs], {
    env: { ...process.env, DATABASE_URL: '', CONTINUUM_DATA_DIR: '', CONTINUUM_PRUNE_EVERY_MINUTES: '0', CONTINUUM_DEMO_HISTORY_DAYS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`continuum start exited ${child.exitCode}:\n${output.join('')}`);
    if (await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false)) return { child, url, exited, output };
    if (Date.now() > deadline) throw new Error(`continuum start not ready in 180 s:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Writers that keep creating calls until told to stop; each remembers what was acknowledged. */
function load(session: Session, writers: number, acknowledged: Set<string>, counts: { unanswered: number }) {
  let stopping = false;
  const loops = Array.from({ length: writers }, async () => {
    while (!stopping) {
      try {
        const res = await session.post('/api/incidents', buildIncidentInput(), { 'idempotency-key': randomUUID() });
        if (res.status === 201) acknowledged.add(((await res.json()) as { id: string }).id);
      } catch {
        // The connection died with the process: the write's fate is unknown, never acknowledged.
        counts.unanswered++;
        return;
      }
    }
  });
  return { stop: async () => ((stopping = true), await Promise.all(loops)) };
}

export async function crashTrial(target: CrashTarget, opts: { kills: number; writers?: number; minMs?: number; maxMs?: number; signal?: 'SIGKILL' | 'SIGTERM' }): Promise<CrashReport> {
  const { kills, writers = 8, minMs = 100, maxMs = 1000, signal = 'SIGKILL' } = opts;
  const port = await freePort();
  const acknowledged = new Set<string>();
  const counts = { unanswered: 0 };
  const restartMs: number[] = [];
  // Each acknowledged call's creation as the console saw it: id → how many times delivered.
  const delivered = new Map<string, number>();
  let lastPosition = 0;
  const record = (probe: FeedProbe) => {
    let seen = 0;
    const take = () => {
      for (; seen < probe.messages.length; seen++) {
        const m = probe.messages[seen]!;
        if (m.type === 'invalidate' && m.entity === 'incident' && m.version === 1) delivered.set(String(m.id), (delivered.get(String(m.id)) ?? 0) + 1);
        if (typeof m.position === 'number') lastPosition = Math.max(lastPosition, m.position);
      }
    };
    take();
    probe.socket.on('message', () => queueMicrotask(take));
  };

  let server = await start(target, port);
  for (let k = 0; k < kills; k++) {
    const telecom = await signIn(server.url, 'telecom');
    const probe = await openFeed(server.url, { cookie: telecom.cookie, after: lastPosition });
    record(probe);
    const writing = load(telecom, writers, acknowledged, counts);
    // Kill once writes are flowing (a busy machine is slow to start them), at a random moment.
    const before = acknowledged.size;
    const flowing = Date.now() + 30_000;
    while (acknowledged.size < before + 3 && Date.now() < flowing) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, minMs + Math.random() * (maxMs - minMs)));
    // SIGTERM is the baseline: a graceful stop, the same load, the same checks.
    server.child.kill(signal);
    await server.exited;
    await writing.stop();
    probe.close();
    const t0 = performance.now();
    server = await start(target, port);
    restartMs.push(performance.now() - t0);
  }

  // The console comes back once more and resumes from the last position it saw.
  const telecom = await signIn(server.url, 'telecom');
  const resumed = await openFeed(server.url, { cookie: telecom.cookie, after: lastPosition });
  record(resumed);
  const deadline = Date.now() + 20_000;
  while ([...acknowledged].some((id) => !delivered.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 300)); // a duplicate would follow close behind
  resumed.close();

  let lost = 0;
  for (const id of acknowledged) if ((await telecom.get(`/api/incidents/${id}`)).status !== 200) lost++;
  server.child.kill('SIGTERM');
  await server.exited;

  const db = await openDatabase(target.kind === 'pglite' ? { dataDir: target.dataDir } : { url: target.url });
  try {
    const ids = [...acknowledged];
    const has = async (query: ReturnType<typeof sql<{ id: string }>>) => new Set((await query.execute(db.db)).rows.map((r) => r.id));
    const withEvents = ids.length ? await has(sql<{ id: string }>`SELECT DISTINCT incident_id::text AS id FROM incident_events WHERE incident_id::text IN (${sql.join(ids)})`) : new Set();
    const withAudit = ids.length ? await has(sql<{ id: string }>`SELECT DISTINCT resource_id AS id FROM audit_log WHERE outcome = 'allowed' AND resource_id IN (${sql.join(ids)})`) : new Set();
    const withFeed = ids.length ? await has(sql<{ id: string }>`SELECT DISTINCT entity_id AS id FROM change_feed WHERE entity_id IN (${sql.join(ids)})`) : new Set();
    return {
      kills,
      acknowledged: ids.length,
      lost,
      missingEvents: ids.filter((id) => !withEvents.has(id)).length,
      missingAudit: ids.filter((id) => !withAudit.has(id)).length,
      missingFeed: ids.filter((id) => !withFeed.has(id)).length,
      feedNotOnce: ids.filter((id) => delivered.get(id) !== 1).length,
      unanswered: counts.unanswered,
      restartMs,
    };
  } finally {
    await db.close();
  }
}
