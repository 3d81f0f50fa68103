/**
 * Position ingestion over the feed WebSocket (issue #5, "Benchmark": 2,000 fixes a second
 * sustained, with p99 ingest latency, "over HTTP or the WebSocket"). 200 field devices, each on
 * its own socket with its own token and each reporting its own unit (of the bench's 10,000),
 * send one fix per message, open-loop at 2,000 fixes a second in total; then batches of 25.
 * Beside them, in the same run and on the same server: the same fixes of the same units over
 * HTTP one per request, and raw single-row inserts (bench/positions-fleet.ts). Load generators
 * run on their own threads, so they do not share the server's event loop.
 */
import type { RunningServer } from '@continuum/server';
import { FEED_LIMITS } from '@continuum/contracts';
import { envInt, fmtMs, fmtRate, percentile, type OpenLoopRun } from './measure.ts';
import type { SocketRun } from './positions-ws-load.ts';
import { deviceTokens, httpRun, rateOf, rawRun, runWorker, seedFleet, stopAfter, withRawTable, type LoadSpec } from './positions-fleet.ts';
import { withBenchServer, type DatabaseUnderTest } from './servers.ts';
import { ratio, type BenchRow, type TableHeadings } from './table.ts';

/** Column headings for the rows `benchPositionsWs` returns. */
export const POSITION_WS_HEADINGS: Partial<TableHeadings> = { value: 'socket', baseline: 'raw insert', ratio: 'socket ÷ raw' };

const settings = () => ({
  rate: envInt('BENCH_POSITION_RATE', 2000),
  units: envInt('BENCH_POSITION_UNITS', 10_000),
  devices: envInt('BENCH_POSITION_DEVICES', 200),
  /** The socket's single-fix run; the others (HTTP, batches, raw) take `seconds`. */
  wsSeconds: envInt('BENCH_POSITION_WS_SECONDS', 15),
  seconds: envInt('BENCH_POSITION_SECONDS', 10),
  inflight: envInt('BENCH_POSITION_INFLIGHT', 256),
  batch: envInt('BENCH_POSITION_BATCH', 25),
});
type Settings = ReturnType<typeof settings>;

/** Runs the benchmark on one database; PostgreSQL is skipped, with a note, when unreachable. */
export async function benchPositionsWs(kind: DatabaseUnderTest): Promise<BenchRow[]> {
  const s = settings();
  return withBenchServer(kind, 'posws', (server) => measure(server, s));
}

async function measure(server: RunningServer, s: Settings): Promise<BenchRow[]> {
  const db = server.services.store.database.db;
  const origin = server.url.replace('localhost', '127.0.0.1');
  const plan = await seedFleet(db, s.units);
  const tokens = await deviceTokens(origin, 'clinician', s.devices);
  // HTTP and raw rows go to the devices' units only, so each side does the same work.
  const spec = (seconds: number, rate = s.rate): LoadSpec & { units: number } => ({ rate, seconds, inflight: s.inflight, units: s.devices });
  const socketRun = (sp: LoadSpec, pass: number, batch = 1) =>
    runWorker<SocketRun>('./positions-ws-load.ts', { origin, tokens, ...plan, pass, rate: sp.rate, seconds: sp.seconds, batch, maxPending: FEED_LIMITS.maxPending }, stopAfter(sp) + 60_000);
  return withRawTable(db, async () => {
    // A short warm-up of each side (JIT, connections, plan caches), then the measured runs.
    const warm = spec(1, Math.min(s.rate, 500));
    await rawRun(db, warm, 1);
    await httpRun(origin, tokens, plan, warm, 1);
    await socketRun(warm, 1);
    const raw = await rawRun(db, spec(Math.min(s.seconds, 5)), 2);
    const http = await httpRun(origin, tokens, plan, spec(s.seconds), 2);
    const ws = await socketRun(spec(s.wsSeconds), 3);
    const batched = await socketRun(spec(s.seconds, s.rate / s.batch), 4, s.batch);
    return rows(s, { raw, http, ws, batched });
  });
}

function rows(s: Settings, r: { raw: OpenLoopRun; http: OpenLoopRun; ws: SocketRun; batched: SocketRun }): BenchRow[] {
  const { raw, http, ws, batched } = r;
  const p = percentile;
  const perSecond = (n: number, run: OpenLoopRun) => (n * 1000) / run.elapsedMs;
  const wsStored = perSecond(ws.outcomes.stored ?? 0, ws);
  const httpStored = perSecond(http.statuses['201'] ?? 0, http);
  const batchStored = perSecond(batched.outcomes.stored ?? 0, batched);
  const rawRate = rateOf(raw);
  const met = (x: number) => (x >= s.rate * 0.98 ? 'met' : 'TARGET NOT MET');
  const httpVs = (x: number) => `HTTP ${fmtMs(x)}`;
  const latency = (name: string, q: number): BenchRow => ({
    name,
    value: fmtMs(p(ws.answered, q)),
    baseline: fmtMs(p(raw.service, q)),
    ratio: ratio(p(ws.answered, q), p(raw.service, q)),
    note: `${httpVs(p(http.service, q))} (request → response)`,
  });
  const list = (o: Record<string, number>) => Object.entries(o).sort().map(([k, n]) => `${k}×${n}`).join(' ');
  const offered = (run: OpenLoopRun, total: number) => (run.sent < total ? `, ${total - run.sent} never sent (the server fell behind)` : '');
  return [
    {
      name: `1 fix/message, stored (target ${fmtRate(s.rate)})`,
      value: fmtRate(wsStored, ' fixes/s'),
      baseline: fmtRate(rawRate, ' rows/s'),
      ratio: ratio(wsStored, rawRate),
      note: `${met(wsStored)}; ${s.devices} devices, ${ws.sent} messages over ${(ws.elapsedMs / 1000).toFixed(1)} s${offered(ws, s.rate * s.wsSeconds)}, sockets up in ${(ws.connectMs / 1000).toFixed(1)} s`,
    },
    {
      name: 'HTTP, 1 fix/request, stored',
      value: fmtRate(httpStored, ' fixes/s'),
      baseline: fmtRate(rawRate, ' rows/s'),
      ratio: ratio(httpStored, rawRate),
      note: `${met(httpStored)}; same units and tokens, ≤${s.inflight} in flight, over ${(http.elapsedMs / 1000).toFixed(1)} s${offered(http, s.rate * s.seconds)}`,
    },
    latency('send → positions.result p50', 50),
    latency('send → positions.result p99', 99),
    latency('send → positions.result max', 100),
    {
      name: 'due → positions.result p99',
      value: fmtMs(p(ws.fromDue, 99)),
      baseline: fmtMs(p(raw.fromDue, 99)),
      ratio: ratio(p(ws.fromDue, 99), p(raw.fromDue, 99)),
      note: `${httpVs(p(http.fromDue, 99))}; includes waiting in the device's queue (≤${FEED_LIMITS.maxPending} unanswered per socket)`,
    },
    { name: 'socket outcomes', value: list(ws.outcomes), baseline: `${raw.done} ok`, ratio: '—', note: `HTTP: ${list(http.statuses)}` },
    {
      name: `batches of ${s.batch} per message, stored`,
      value: fmtRate(batchStored, ' fixes/s'),
      baseline: fmtRate(rawRate, ' rows/s'),
      ratio: ratio(batchStored, rawRate),
      note: `${met(batchStored)}; message p50 ${fmtMs(p(batched.answered, 50))}, p99 ${fmtMs(p(batched.answered, 99))}; ${list(batched.outcomes)}`,
    },
  ];
}
