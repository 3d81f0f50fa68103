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
