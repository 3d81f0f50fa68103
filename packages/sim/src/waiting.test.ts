import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { WaitingCalls } from './waiting.ts';

/** The reference: one line for every waiting call, scanned in joining order (what the engine did before the lines). */
class OneLine {
  private readonly calls: { id: number; list: Int32Array }[] = [];
  add(id: number, list: Int32Array): void {
    this.calls.push({ id, list });
  }
  take(u: number, ok: (id: number) => boolean): number {
    const i = this.calls.findIndex((c) => c.list.includes(u) && ok(c.id));
    return i < 0 ? -1 : this.calls.splice(i, 1)[0]!.id;
  }
  remove(id: number): boolean {
    const i = this.calls.findIndex((c) => c.id === id);
    if (i >= 0) this.calls.splice(i, 1);
    return i >= 0;
  }
}

describe('waiting calls, one line per candidate list', () => {
  it('gives every team the call one first-come line would, with refusals and time-outs, over many calls', () => {
    const rng = new Rng(11);
    // Overlapping candidate lists over 6 units, as counties sharing teams give.
    const lists = [[0, 1], [1, 2], [2], [3, 4, 5], [0, 5], [4]].map((l) => Int32Array.from(l));
    const lines = new WaitingCalls(6);
    const one = new OneLine();
    const refused = new Set<number>();
    const reach = { inTime: (id: number) => !refused.has(id) };
    let next = 0;
    let taken = 0;
    for (let step = 0; step < 20_000; step++) {
      const r = rng.next();
      if (r < 0.5) {
        const id = next++;
        if (rng.next() < 0.1) refused.add(id);
        const list = lists[Math.floor(rng.next() * lists.length)]!;
        lines.add(id, list);
        one.add(id, list);
      } else if (r < 0.95) {
        const u = Math.floor(rng.next() * 6);
        const a = lines.take(u, 0, reach);
        expect(a).toBe(one.take(u, (id) => !refused.has(id)));
        if (a >= 0) taken++;
      } else {
        const id = Math.floor(rng.next() * next);
        expect(lines.remove(id)).toBe(one.remove(id));
      }
    }
    expect(taken).toBeGreaterThan(5000);
    expect(lines.size).toBeGreaterThan(0);
  });

  it('keeps the order of a line that never empties (its calls moved down as it runs)', () => {
    const lines = new WaitingCalls(1);
    const list = Int32Array.from([0]);
    const got: number[] = [];
    let next = 0;
    for (let step = 0; step < 3000; step++) {
      lines.add(next++, list);
      lines.add(next++, list);
      got.push(lines.take(0, 0, null));
    }
    expect(got).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(lines.size).toBe(3000);
    expect(lines.remove(4500)).toBe(true);
    expect(lines.take(0, 0, null)).toBe(3000);
  });
});

describe('Rng.skip', () => {
  it('advances the state exactly as that many draws', () => {
    const a = new Rng(4), b = new Rng(4);
    a.skip(13);
    for (let i = 0; i < 13; i++) b.uint32();
    expect(Array.from({ length: 5 }, () => a.uint32())).toEqual(Array.from({ length: 5 }, () => b.uint32()));
  });
});
