/** Small helpers shared by the benchmarks: a fixed-concurrency load loop and order statistics. */

export interface LoadResult {
  /** Latency of every operation, in milliseconds, in completion order. */
  latencies: number[];
  elapsedMs: number;
  /** Operations per second over the whole batch. */
  throughput: number;
}

/**
 * Runs `count` operations with exactly `concurrency` in flight (fewer only at the tail), timing
 * each one. The first failure stops the batch and is rethrown: a benchmark of failing requests
 * measures nothing.
 */
export async function runLoad(count: number, concurrency: number, op: (i: number) => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (failure === null) {
      const i = next++;
      if (i >= count) return;
      const t0 = performance.now();
      try {
        await op(i);
      } catch (err) {
        failure ??= err;
        return;
      }
      latencies.push(performance.now() - t0);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const elapsedMs = performance.now() - start;
  if (failure !== null) throw failure;
  return { latencies, elapsedMs, throughput: (count * 1000) / elapsedMs };
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export const fmtMs = (ms: number): string => (Number.isFinite(ms) ? `${ms.toFixed(ms < 10 ? 2 : 1)} ms` : '—');
export const fmtRate = (perSecond: number, unit = '/s'): string =>
  Number.isFinite(perSecond) ? `${perSecond.toFixed(perSecond < 100 ? 1 : 0)}${unit}` : '—';

/** A positive integer from the environment, or the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** An open-loop run: what was offered, what finished, and how long each took. */
export interface OpenLoopRun {
  sent: number;
  done: number;
  elapsedMs: number;
  /** From the moment each operation was due (includes waiting for a free slot). */
  fromDue: number[];
  /** From the moment each operation was actually sent. */
  service: number[];
  statuses: Record<string, number>;
}

/**
 * Offers `rate` operations a second until `total` are sent, at most `inflight` at once, timing
 * each from when it was due: a server that falls behind shows it as growing latency, not as a
 * politely slower client (the coordinated-omission trap of closed loops). With `stopAfterMs`,
 * nothing more is sent after that long, so a server that cannot keep up ends the run on time
 * (with `sent < total`) instead of stretching it to minutes.
 */
export async function openLoop(total: number, rate: number, inflight: number, op: (i: number) => Promise<string>, stopAfterMs = Infinity): Promise<OpenLoopRun> {
  const run: OpenLoopRun = { sent: 0, done: 0, elapsedMs: 0, fromDue: [], service: [], statuses: {} };
  let inFlight = 0;
  let failure: unknown = null;
  const start = performance.now();
  const due = (i: number) => start + (i * 1000) / rate;
  const settled: Promise<void>[] = [];
  while (run.sent < total && failure === null) {
    const now = performance.now();
    if (now - start > stopAfterMs) break;
    while (run.sent < total && due(run.sent) <= now && inFlight < inflight) {
      const i = run.sent++;
      const sentAt = performance.now();
      inFlight++;
      settled.push(
        op(i).then(
          (status) => {
            const end = performance.now();
            run.fromDue.push(end - due(i));
            run.service.push(end - sentAt);
            run.statuses[status] = (run.statuses[status] ?? 0) + 1;
            run.done++;
            inFlight--;
          },
          (err) => {
            failure ??= err;
            inFlight--;
          },
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(settled);
  run.elapsedMs = performance.now() - start;
  if (failure !== null) throw failure;
  return run;
}
