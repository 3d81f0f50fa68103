/**
 * What syncing each commit costs the embedded database on a data folder (ADR 0024): two servers
 * on two fresh folders in the same run, one as shipped (CONTINUUM_EMBEDDED_FSYNC=on, the
 * baseline's opposite) and one with the sync off (PGlite as it comes), measured in alternating
 * rounds so that drift on a shared machine hits both. Incident creation through HTTP is the
 * real cost; a raw single-row commit shows the sync alone.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type RunningServer } from '@continuum/server';
import { sql } from 'kysely';
import { BODY_JSON, signIn } from './http-incidents.ts';
import { envInt, fmtMs, fmtRate, median, percentile, runLoad, type LoadResult } from './measure.ts';
import { ratio, type BenchRow, type TableHeadings } from './table.ts';

export const DURABILITY_HEADINGS: Partial<TableHeadings> = {
  value: 'fsync on (default)',
  baseline: 'fsync off',
  ratio: 'on ÷ off',
};

interface Side {
  server: RunningServer;
  create: () => Promise<void>;
  commit: () => Promise<void>;
  creations: LoadResult[];
  commits: LoadResult[];
}

export async function benchEmbeddedDurability(): Promise<BenchRow[]> {
  const count = envInt('BENCH_DURABLE_N', 600);
  const warmup = envInt('BENCH_WARMUP', 100);
  const concurrency = envInt('BENCH_CONCURRENCY', 8);
  const rounds = envInt('BENCH_ROUNDS', 4);
  // Under the working folder, not /tmp: /tmp may be a tmpfs, where fsync costs nothing.
  mkdirSync('.bench', { recursive: true });
  const root = mkdtempSync(join('.bench', 'durability-'));
  const sides: Side[] = [];
  try {
    for (const embeddedFsync of [true, false]) sides.push(await startSide(join(root, embeddedFsync ? 'on' : 'off'), embeddedFsync));
    const [on, off] = sides as [Side, Side];
    for (const side of sides) {
      await runLoad(warmup, concurrency, side.commit);
      await runLoad(warmup, concurrency, side.create);
    }
    const perRound = Math.ceil(count / rounds);
    for (let r = 0; r < rounds; r++) {
      const n = Math.min(perRound, count - r * perRound);
      if (n <= 0) break;
      for (const side of r % 2 === 0 ? [on, off] : [off, on]) {
        side.creations.push(await runLoad(n, concurrency, side.create));
        side.commits.push(await runLoad(n, concurrency, side.commit));
      }
    }
    const all = (runs: LoadResult[]) => runs.flatMap((x) => x.latencies);
    const rate = (runs: LoadResult[]) => (runs.reduce((n, x) => n + x.latencies.length, 0) * 1000) / runs.reduce((ms, x) => ms + x.elapsedMs, 0);
    const row = (name: string, value: number, baseline: number, fmt: (v: number) => string, note?: string): BenchRow =>
      ({ name, value: fmt(value), baseline: fmt(baseline), ratio: ratio(value, baseline), ...(note ? { note } : {}) });
    return [
      row('incident creation through HTTP, throughput', rate(on.creations), rate(off.creations), (v) => fmtRate(v), `${count} each, ${concurrency} in flight`),
      row('incident creation, median latency', median(all(on.creations)), median(all(off.creations)), fmtMs),
      row('incident creation, p95 latency', percentile(all(on.creations), 95), percentile(all(off.creations), 95), fmtMs),
      row('raw single-row commit, throughput', rate(on.commits), rate(off.commits), (v) => fmtRate(v), 'one INSERT, autocommit, same Kysely'),
      row('raw single-row commit, median latency', median(all(on.commits)), median(all(off.commits)), fmtMs),
    ];
  } finally {
    for (const side of sides) await side.server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

async function startSide(dataDir: string, embeddedFsync: boolean): Promise<Side> {
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  let started: Promise<RunningServer>;
  try {
    // The configuration is read synchronously, before startServer's first await.
    started = startServer({ port: 0, host: '127.0.0.1', dataDir, embeddedFsync, seedDemo: true, logLevel: 'warn' });
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  }
  const server = await started;
  const db = server.services.store.database.db;
  const [{ fsync } = { fsync: '?' }] = (await sql<{ fsync: string }>`SHOW fsync`.execute(db)).rows;
  if (fsync !== (embeddedFsync ? 'on' : 'off')) throw new Error(`expected fsync ${embeddedFsync ? 'on' : 'off'}, the database says ${fsync}`);
  await sql`CREATE TABLE bench_raw (id uuid PRIMARY KEY, data jsonb NOT NULL)`.execute(db);
  const origin = server.url.replace('localhost', '127.0.0.1');
  const auth = await signIn(origin);
  let sequence = 0;
  return {
    server,
    creations: [],
    commits: [],
    commit: async () => {
      await sql`INSERT INTO bench_raw (id, data) VALUES (${randomUUID()}, ${BODY_JSON}::jsonb)`.execute(db);
    },
    create: async () => {
      const res = await fetch(`${origin}/api/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: auth.cookie, 'x-csrf-token': auth.csrfToken, 'idempotency-key': `durable-${randomUUID()}-${sequence++}` },
        body: BODY_JSON,
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`POST /api/incidents answered ${res.status}: ${text.slice(0, 300)}`);
    },
  };
}
