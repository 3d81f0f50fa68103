import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce.ts';

/** A `run` whose calls are recorded and finished by hand, so no test waits on a clock. */
function manualRun() {
  const calls: { items: number[]; finish: (err?: Error) => void }[] = [];
  const run = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({ items, finish: (err) => (err ? reject(err) : resolve(items.map((i) => `v${i}`))) });
    });
  return { calls, run };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('coalesce', () => {
  it('sends the same turn’s requests in one call and gives each caller its own values, in order', async () => {
    const { calls, run } = manualRun();
    const load = coalesce(run, { maxBatch: 100, maxInFlight: 1 });
    const a = load([1, 2]);
    const b = load([3]);
    await turn();
    expect(calls.map((c) => c.items)).toEqual([[1, 2, 3]]);
    calls[0]!.finish();
    expect(await a).toEqual(['v1', 'v2']);
    expect(await b).toEqual(['v3']);
  });

  it('never adds a request to a call already in flight: what arrives during it goes out after it', async () => {
    const { calls, run } = manualRun();
    const load = coalesce(run, { maxBatch: 100, maxInFlight: 1 });
    const first = load([1]);
    await turn();
    // E.g. a revocation committed, then a message arrived: its credentials are read by a later statement.
    const late = load([2]);
    const later = load([3]);
    await turn();
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    calls[0]!.finish();
    await first;
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3]]);
    calls[1]!.finish();
    expect(await Promise.all([late, later])).toEqual([['v2'], ['v3']]);
  });

  it('keeps up to maxInFlight calls going, and never splits a caller across calls', async () => {
    const { calls, run } = manualRun();
    const load = coalesce(run, { maxBatch: 3, maxInFlight: 2 });
    const results = [load([1, 2]), load([3, 4]), load([5, 6, 7, 8]), load([9])];
    await turn();
    expect(calls.map((c) => c.items)).toEqual([[1, 2], [3, 4]]);
    calls[0]!.finish();
    await results[0];
    // Larger than maxBatch, so it goes alone rather than being cut.
    expect(calls.map((c) => c.items)).toEqual([[1, 2], [3, 4], [5, 6, 7, 8]]);
    calls[1]!.finish();
    calls[2]!.finish();
    await Promise.all(results.slice(1, 3));
    expect(calls.at(-1)!.items).toEqual([9]);
    calls[3]!.finish();
    expect(await results[3]).toEqual(['v9']);
  });

  it('fails every caller of a failed call, and carries on with the next', async () => {
    const { calls, run } = manualRun();
    const load = coalesce(run, { maxBatch: 100, maxInFlight: 1 });
    const a = load([1]);
    const b = load([2]);
    await turn();
    calls[0]!.finish(new Error('connection lost'));
    await expect(a).rejects.toThrow('connection lost');
    await expect(b).rejects.toThrow('connection lost');
    const c = load([3]);
    await turn();
    calls[1]!.finish();
    expect(await c).toEqual(['v3']);
  });

  it('answers an empty request without a call', async () => {
    const { calls, run } = manualRun();
    expect(await coalesce(run, { maxBatch: 10, maxInFlight: 1 })([])).toEqual([]);
    expect(calls).toEqual([]);
  });
});
