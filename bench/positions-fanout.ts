/**
 * Positions fanned out to the boards (issue 15 §4, ADR 0038). 10,000 units report once every 5 s
 * (2,000 fixes a second) over the feed sockets of field devices; 100 dispatchers' boards are
 * connected to the same process. Measured: from the moment a device has its fix acknowledged as
 * stored to the moment each board receives it (a tenth of the fixes, times compared across
 * threads in epoch ms), beside the acknowledgement itself (send → positions.result). Then the
 * ceiling of one process: the offered rate is stepped up, with the boards connected, and the
 * highest rate at which at least 98% of the fixes are stored with an acknowledgement p99 under
 * 50 ms is reported; and, as the baseline of what the boards cost, the same load with none. Devices and boards run on threads of their own, not the server's loop.
 *
 * Sizes: BENCH_POSITION_UNITS (10,000), BENCH_POSITION_DEVICES (200), BENCH_FANOUT_BOARDS (100),
 * BENCH_FANOUT_RATE (2,000), BENCH_FANOUT_SECONDS (10), BENCH_FANOUT_STEPS ("2000,3000,4000,6000")
 * and BENCH_FANOUT_STEP_SECONDS (5).
 */
import { Worker } from 'node:worker_threads';
import type { RunningServer } from '@continuum/server';
import { FEED_LIMITS } from '@continuum/contracts';
import { envInt, fmtMs, fmtRate, percentile } from './measure.ts';
import type { BoardsRun } from './positions-fanout-boards.ts';
import type { SocketRun } from './positions-ws-load.ts';
import { deviceTokens, runWorker, seedFleet, signIn, stopAfter } from './positions-fleet.ts';
import { withBenchServer, type DatabaseUnderTest } from './servers.ts';
import { ratio, type BenchRow, type TableHeadings } from './table.ts';

export const FANOUT_HEADINGS: Partial<TableHeadings> = { value: 'ack → boards', baseline: 'send → ack', ratio: 'boards ÷ ack' };

const settings = () => ({
  units: envInt('BENCH_POSITION_UNITS', 10_000),
  devices: envInt('BENCH_POSITION_DEVICES', 200),
  boards: envInt('BENCH_FANOUT_BOARDS', 100),
  rate: envInt('BENCH_FANOUT_RATE', 2000),
  seconds: envInt('BENCH_FANOUT_SECONDS', 10),
  steps: (process.env.BENCH_FANOUT_STEPS ?? '2000,3000,4000,6000').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0),
  stepSeconds: envInt('BENCH_FANOUT_STEP_SECONDS', 5),
});
type Settings = ReturnType<typeof settings>;

export async function benchPositionsFanout(kind: DatabaseUnderTest): Promise<BenchRow[]> {
  const s = settings();
  return withBenchServer(kind, 'fanout', (server) => measure(server, s));
}

/** The boards' thread: started, then asked for what it saw after each run. */
async function startBoards(origin: string, cookie: string, boards: number) {
  const entry = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(new URL('./positions-fanout-boards.ts', import.meta.url).href)}); })`;
  const worker = new Worker(entry, { eval: true, workerData: { origin, cookie, boards } });
  const next = (type: string, limitMs = 120_000) =>
    new Promise<{ type: string; run?: BoardsRun }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the boards did not answer ${type} within ${limitMs} ms`)), limitMs);
      const onMessage = (m: { type: string; run?: BoardsRun }) => {
        if (m.type !== type) return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve(m);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  await next('ready');
  return {
    collect: async () => {
      const answer = next('result');
      worker.postMessage({ type: 'collect' });
      return (await answer).run!;
    },
    close: async () => {
      const answer = next('closed', 10_000);
      worker.postMessage({ type: 'close' });
      await answer.catch(() => {});
      await worker.terminate();
    },
  };
}

interface Run {
  rate: number;
  ws: SocketRun;
  boards: BoardsRun;
  /** Ack → board, ms, per sampled fix and board. */
  toBoards: number[];
  /** Sampled (fix, board) pairs never received. */
  missed: number;
  stored: number;
}

async function measure(server: RunningServer, s: Settings): Promise<BenchRow[]> {
  const db = server.services.store.database.db;
  const origin = server.url.replace('localhost', '127.0.0.1');
  const plan = await seedFleet(db, s.units);
  const tokens = await deviceTokens(origin, 'clinician', s.devices);
  const { cookie } = await signIn(origin, 'dispatcher');
  let boards: Awaited<ReturnType<typeof startBoards>> | null = null;
  let pass = 0;
  const run = async (rate: number, seconds: number): Promise<Run> => {
    pass++;
    const sp = { rate, seconds, inflight: 0 };
    const ws = await runWorker<SocketRun>('./positions-ws-load.ts', {
      origin, tokens, ...plan, pass, rate, seconds, batch: 1, maxPending: FEED_LIMITS.maxPending, units: s.units, sampleAcks: true,
    }, stopAfter(sp) + 60_000);
    // What was acknowledged last is still on its way to the boards: a moment for it to land.
    await new Promise((r) => setTimeout(r, 1_000));
    const seen: BoardsRun = boards ? await boards.collect() : { received: {}, fixesPerBoard: [], messages: 0 };
    const toBoards: number[] = [];
    let missed = 0;
    for (const [key, ackedAt] of ws.acks) {
      const times = seen.received[key];
      for (let b = 0; b < (boards ? s.boards : 0); b++) {
        const t = times?.[b];
        if (t === undefined || Number.isNaN(t)) missed++;
        else toBoards.push(t - ackedAt);
      }
    }
    return { rate, ws, boards: seen, toBoards, missed, stored: ws.outcomes.stored ?? 0 };
  };
  try {
    await run(Math.min(500, s.rate), 1);
    // The baseline of what the boards cost: the same load with no board connected.
    const bare = await run(s.rate, s.seconds);
    boards = await startBoards(origin, cookie, s.boards);
    const main = await run(s.rate, s.seconds);
    const steps: Run[] = [];
    for (const rate of s.steps) steps.push(await run(rate, s.stepSeconds));
    return rows(s, main, steps, bare);
  } finally {
    await boards?.close();
  }
}

const storedRate = (r: Run) => (r.stored * 1000) / r.ws.elapsedMs;
/** Sustained: at least 98% of what was offered stored, with an acknowledgement p99 under 50 ms. */
const sustains = (r: Run) => storedRate(r) >= r.rate * 0.98 && percentile(r.ws.answered, 99) < 50;

function rows(s: Settings, main: Run, steps: Run[], bare: Run): BenchRow[] {
  const p = percentile;
  const line = (name: string, q: number, note: string): BenchRow => ({
    name,
    value: fmtMs(p(main.toBoards, q)),
    baseline: fmtMs(p(main.ws.answered, q)),
    ratio: ratio(p(main.toBoards, q), p(main.ws.answered, q)),
    note,
  });
  const perBoard = main.boards.fixesPerBoard;
  const fewest = perBoard.length ? Math.min(...perBoard) : 0;
  const p99 = p(main.toBoards, 99);
  const ceiling = steps.filter(sustains).reduce((m, r) => Math.max(m, r.rate), 0);
  const outcomes = (r: Run) => Object.entries(r.ws.outcomes).sort().map(([k, n]) => `${k}×${n}`).join(' ');
  return [
    {
      name: `${s.units.toLocaleString('en-US')} units, ${fmtRate(s.rate)} fixes offered`,
      value: fmtRate(storedRate(main), ' stored/s'),
      baseline: `${s.boards} boards`,
      ratio: '—',
      note: `${s.devices} device sockets, ${main.ws.sent} fixes over ${(main.ws.elapsedMs / 1000).toFixed(1)} s; ${outcomes(main)}`,
    },
    line('ack → every board, p50', 50, `${main.toBoards.length} (fix, board) pairs sampled (a tenth of the fixes × ${s.boards} boards)`),
    line('ack → every board, p99', 99, `goal < 100 ms: ${p99 < 100 ? 'met' : 'NOT MET'}`),
    line('ack → every board, max', 100, `${main.missed} sampled pairs never arrived`),
    {
      name: 'fixes received per board',
      value: `${fewest} (fewest)`,
      baseline: `${main.stored} stored`,
      ratio: ratio(fewest, main.stored),
      note: `${main.boards.messages} positions.update messages over all boards (${(main.boards.messages / Math.max(1, s.boards)).toFixed(0)} per board)`,
    },
    {
      name: 'send → ack p99, boards ÷ none',
      value: fmtMs(p(main.ws.answered, 99)),
      baseline: fmtMs(p(bare.ws.answered, 99)),
      ratio: ratio(p(main.ws.answered, 99), p(bare.ws.answered, 99)),
      note: `what ${s.boards} boards cost the devices: ${fmtRate(storedRate(main), ' stored/s')} with them, ${fmtRate(storedRate(bare), ' stored/s')} with none (same run)`,
    },
    ...steps.map((r): BenchRow => ({
      name: `step: ${fmtRate(r.rate)} offered`,
      value: fmtMs(p(r.toBoards, 99)),
      baseline: fmtMs(p(r.ws.answered, 99)),
      ratio: ratio(p(r.toBoards, 99), p(r.ws.answered, 99)),
      note: `p99s; ${fmtRate(storedRate(r), ' stored/s')}; ${sustains(r) ? 'sustained' : 'not sustained'}${r.missed ? `; ${r.missed} sampled pairs missed` : ''}`,
    })),
    {
      name: 'ceiling of one process (ack p99 < 50 ms)',
      value: ceiling ? fmtRate(ceiling, ' fixes/s') : `below ${fmtRate(Math.min(...s.steps))}`,
      baseline: `offered up to ${fmtRate(Math.max(...s.steps))}`,
      ratio: '—',
      note: `with ${s.boards} boards connected; steps of ${s.stepSeconds} s; ≥98% stored`,
    },
  ];
}
