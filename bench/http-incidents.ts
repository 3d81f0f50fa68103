/**
 * Incident creation through HTTP (session cookie, CSRF token, idempotency key, zod validation,
 * one transaction writing the projection, the event, the idempotency record, the audit row and
 * the feed row), beside a raw single-row insert through the same database driver, measured in
 * the same run. Issue 2, "Benchmark".
 */
import { randomUUID } from 'node:crypto';
import type { RunningServer } from '@continuum/server';
import type { Tables } from '@continuum/storage';
import { sql, type Kysely } from 'kysely';
import { PGlitePool } from '@continuum/storage/pglite-pool';
import pg from 'pg';
import { withBenchServer, type DatabaseUnderTest } from './servers.ts';
import { envInt, fmtMs, fmtRate, median, percentile, runLoad, type LoadResult } from './measure.ts';
import { ratio, type BenchRow, type TableHeadings } from './table.ts';


/** Column headings for the rows `benchIncidentCreation` returns. */
export const INCIDENT_HEADINGS: Partial<TableHeadings> = {
  value: 'HTTP create',
  baseline: 'raw insert',
  ratio: 'create ÷ insert',
};

const SIGN_IN = { username: 'telecom', password: 'continuum-demo' };
const BODY = {
  entryPoint: '911',
  summary: 'bench',
  location: { address: '101 W Main St, Urbana, IL', lat: 40.11, lon: -88.2 },
  caller: { callbackNumber: '+12175550100' },
} as const;
export const BODY_JSON = JSON.stringify(BODY);

/** The tables one creation writes to; counted before and after to show what a creation costs. */
const WRITTEN_TABLES = ['incidents', 'incident_events', 'idempotency_keys', 'audit_log', 'change_feed'] as const;

interface Settings {
  /** Measured creations (and as many measured raw inserts). */
  count: number;
  warmup: number;
  concurrency: number;
  /** The measured work is split into rounds that alternate HTTP and raw, so drift hits both. */
  rounds: number;
}

const settings = (): Settings => ({
  count: envInt('BENCH_N', 2000),
  warmup: envInt('BENCH_WARMUP', 500),
  concurrency: envInt('BENCH_CONCURRENCY', 8),
  rounds: envInt('BENCH_ROUNDS', 4),
});

/** Runs the benchmark on one database; PostgreSQL is skipped, with a printed note, when unreachable. */
export async function benchIncidentCreation(kind: DatabaseUnderTest): Promise<BenchRow[]> {
  const s = settings();
  return withBenchServer(kind, 'inc', (server) => measure(server, s));
}

async function measure(server: RunningServer, s: Settings): Promise<BenchRow[]> {
  const db = server.services.store.database.db;
  const origin = server.url.replace('localhost', '127.0.0.1');
  const auth = await signIn(origin);
  const runId = randomUUID().slice(0, 8);
  let sequence = 0;

  const create = async () => {
    const res = await fetch(`${origin}/api/incidents`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: auth.cookie,
        'x-csrf-token': auth.csrfToken,
        'idempotency-key': `bench-${runId}-${sequence++}`,
      },
      body: BODY_JSON,
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`POST /api/incidents answered ${res.status}: ${text.slice(0, 300)}`);
  };

  // The baseline: one autocommitted single-row insert through the server's own Kysely instance,
  // so the same driver and (on PostgreSQL) the same pg Pool and connection settings.
  await sql`CREATE TABLE bench_raw (id uuid PRIMARY KEY, data jsonb NOT NULL, at timestamptz NOT NULL)`.execute(db);
  const insert = async () => {
    await sql`INSERT INTO bench_raw (id, data, at) VALUES (${randomUUID()}, ${BODY_JSON}::jsonb, now())`.execute(db);
  };

  try {
    await runLoad(s.warmup, s.concurrency, insert);
    await runLoad(s.warmup, s.concurrency, create);

    const before = await countRows(db);
    const http: LoadResult[] = [];
    const raw: LoadResult[] = [];
    const counter = countStatements();
    let httpStatements = 0;
    let rawStatements = 0;
    const timed = async (n: number, op: () => Promise<void>, into: LoadResult[]) => {
      const start = counter.count;
      into.push(await runLoad(n, s.concurrency, op));
      const issued = counter.count - start;
      if (into === http) httpStatements += issued;
      else rawStatements += issued;
    };
    try {
      const perRound = Math.ceil(s.count / s.rounds);
      for (let r = 0; r < s.rounds; r++) {
        const n = Math.min(perRound, s.count - r * perRound);
        if (n <= 0) break;
        // Alternate the order so neither side always runs on a warmer (or busier) machine.
        if (r % 2 === 0) {
          await timed(n, insert, raw);
          await timed(n, create, http);
        } else {
          await timed(n, create, http);
          await timed(n, insert, raw);
        }
      }
    } finally {
      counter.restore();
    }
    const after = await countRows(db);

    const created = http.reduce((sum, r) => sum + r.latencies.length, 0);
    const httpLat = http.flatMap((r) => r.latencies);
    const rawLat = raw.flatMap((r) => r.latencies);
    const httpTp = median(http.map((r) => r.throughput));
    const rawTp = median(raw.map((r) => r.throughput));
    const spread = (rs: LoadResult[]) => {
      const tps = rs.map((r) => r.throughput);
      return `${Math.min(...tps).toFixed(0)}–${Math.max(...tps).toFixed(0)}`;
    };
    const written = WRITTEN_TABLES.map((t) => [t, (after[t] - before[t]) / created] as const);
    const rowsPerCreate = written.reduce((sum, [, n]) => sum + n, 0);
    const fmtRows = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1));
    const inserted = raw.reduce((sum, r) => sum + r.latencies.length, 0);
    const stmtsPerCreate = httpStatements / created;
    const stmtsPerInsert = rawStatements / inserted;

    return [
      {
        name: 'throughput (median of rounds)',
        value: fmtRate(httpTp, ' req/s'),
        baseline: fmtRate(rawTp, ' rows/s'),
        ratio: ratio(httpTp, rawTp),
        note: `${created} of each in ${http.length} alternating rounds, ${s.concurrency} in flight, after ${s.warmup} warm-up; rounds ${spread(http)} vs ${spread(raw)}/s`,
      },
      { name: 'latency p50', value: fmtMs(percentile(httpLat, 50)), baseline: fmtMs(percentile(rawLat, 50)), ratio: ratio(percentile(httpLat, 50), percentile(rawLat, 50)) },
      { name: 'latency p99', value: fmtMs(percentile(httpLat, 99)), baseline: fmtMs(percentile(rawLat, 99)), ratio: ratio(percentile(httpLat, 99), percentile(rawLat, 99)) },
      {
        name: 'rows written per operation',
        value: fmtRows(rowsPerCreate),
        baseline: '1',
        ratio: ratio(rowsPerCreate, 1),
        note: written.map(([t, n]) => `${t} ${fmtRows(n)}`).join(', '),
      },
      {
        name: 'SQL statements per operation',
        value: fmtRows(stmtsPerCreate),
        baseline: fmtRows(stmtsPerInsert),
        ratio: ratio(stmtsPerCreate, stmtsPerInsert),
        note: 'round trips to the database, BEGIN/COMMIT and the live feed\'s reads included',
      },
    ];
  } finally {
    await sql`DROP TABLE IF EXISTS bench_raw`.execute(db).catch(() => {});
  }
}

/**
 * Counts the statements sent to the database, on either driver, by wrapping the one method
 * every query passes through (PGlitePool#query, pg.Client#query) until `restore()`.
 */
function countStatements(): { readonly count: number; restore(): void } {
  type Query = (this: unknown, ...args: unknown[]) => unknown;
  const targets = [PGlitePool.prototype, pg.Client.prototype] as unknown as { query: Query }[];
  const originals = targets.map((t) => t.query);
  let count = 0;
  targets.forEach((target, i) => {
    const original = originals[i]!;
    target.query = function (this: unknown, ...args: unknown[]) {
      count++;
      return original.apply(this, args);
    };
  });
  return {
    get count() {
      return count;
    },
    restore: () => targets.forEach((target, i) => (target.query = originals[i]!)),
  };
}

export async function signIn(origin: string): Promise<{ cookie: string; csrfToken: string }> {
  const res = await fetch(`${origin}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SIGN_IN),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`sign-in as ${SIGN_IN.username} answered ${res.status}: ${text.slice(0, 300)}`);
  const { csrfToken } = JSON.parse(text) as { csrfToken?: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';', 1)[0]!)
    .find((c) => c.startsWith('continuum_session='));
  if (!cookie || !csrfToken) throw new Error('sign-in returned no session cookie or CSRF token');
  return { cookie, csrfToken };
}

async function countRows(db: Kysely<Tables>): Promise<Record<(typeof WRITTEN_TABLES)[number], number>> {
  const out = {} as Record<(typeof WRITTEN_TABLES)[number], number>;
  for (const table of WRITTEN_TABLES) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db);
    out[table] = Number(rows[0]?.n ?? 0);
  }
  return out;
}

