/**
 * Position ingestion through HTTP (issue #5, "Benchmark"): 10,000 units each sending one fix
 * every 5 s is 2,000 fixes a second. Fixes are offered open-loop at the target rate for a fixed
 * time, over keep-alive connections with a field user's bearer token, by a load generator on its
 * own thread (so that it does not share the server's event loop). Beside them, in the same run:
 * raw single-row inserts into a scratch table through the same driver at the same target rate.
 * Latency is reported from the moment each request was due, so queueing counts.
 */
import type { RunningServer } from '@continuum/server';
import { sql } from 'kysely';
import { envInt, fmtMs, fmtRate, percentile } from './measure.ts';
import { deviceTokens, httpRun, rateOf, rawRun, seedFleet, withRawTable } from './positions-fleet.ts';
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

/** Runs the benchmark on one database; PostgreSQL is skipped, with a note, when unreachable. */
export async function benchPositions(kind: DatabaseUnderTest): Promise<BenchRow[]> {
  const s = settings();
  return withBenchServer(kind, 'pos', (server) => measure(server, s));
}

async function measure(server: RunningServer, s: Settings): Promise<BenchRow[]> {
  const db = server.services.store.database.db;
  const origin = server.url.replace('localhost', '127.0.0.1');
  const plan = await seedFleet(db, s.units);
  const tokens = await deviceTokens(origin, 'clinician', 1);
  return withRawTable(db, async () => {
    // A short warm-up of each side (JIT, connections, plan caches), then the measured runs.
    const warm = { ...s, seconds: 1, rate: Math.min(s.rate, 500) };
    await rawRun(db, warm, 1);
    await httpRun(origin, tokens, plan, warm, 1);
    const raw = await rawRun(db, s, 2);
    const http = await httpRun(origin, tokens, plan, s, 2);
    const batched = await httpRun(origin, tokens, plan, { ...s, rate: s.rate / s.batch }, 3, s.batch);
    const batchRate = (batched.done * s.batch * 1000) / batched.elapsedMs;
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM unit_positions WHERE unit_id LIKE 'bench-%'`.execute(db);
    const p = (xs: number[], q: number) => percentile(xs, q);
    const bounded = rateOf(http) < s.rate * 0.98;
    return [
      {
        name: `achieved rate (target ${fmtRate(s.rate)})`,
        value: fmtRate(rateOf(http), ' fixes/s'),
        baseline: fmtRate(rateOf(raw), ' rows/s'),
        ratio: ratio(rateOf(http), rateOf(raw)),
        note: `${http.done} of ${s.rate * s.seconds} offered fixes from ${s.units} units over ${(http.elapsedMs / 1000).toFixed(1)} s, ≤${s.inflight} in flight${bounded ? ' — TARGET NOT MET' : ''}`,
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
  });
}
