import { describe, expect, it } from 'vitest';
import { EventQueue } from './heap.ts';
import { Rng, cumulative } from './rng.ts';
import { dutyTable, openTable } from './world.ts';

describe('the event queue', () => {
  it('pops in time order, ties in the order scheduled, across growth', () => {
    const q = new EventQueue();
    const rng = new Rng(9);
    const pushed: { t: number; arg: number }[] = [];
    for (let i = 0; i < 5000; i++) {
      const t = Math.floor(rng.next() * 100); // many ties
      q.push(t, 1, i);
      pushed.push({ t, arg: i });
    }
    expect(q.length).toBe(5000);
    const expected = [...pushed].sort((a, b) => a.t - b.t || a.arg - b.arg);
    const popped: number[] = [];
    while (q.pop()) popped.push(q.arg);
    expect(popped).toEqual(expected.map((e) => e.arg));
    expect(q.peekTime()).toBe(Infinity);
  });

  it('events scheduled beside the heap (pushSide) come out in the order of one heap, interleaved and across growth', () => {
    const q = new EventQueue();
    const one = new EventQueue(); // the same operations, every event in the heap
    const rng = new Rng(10);
    const got: number[] = [];
    const want: number[] = [];
    let now = 0;
    let arg = 0;
    // Batches after `now`, some beside the heap and some in it, with pops between: as an hour's arrivals and their services are.
    for (let round = 0; round < 300; round++) {
      const batch = Math.floor(rng.next() * 700);
      for (let i = 0; i < batch; i++) {
        const t = now + Math.floor(rng.next() * 60); // ties with each other and with the heap
        if (rng.next() < 0.5) q.pushSide(t, 2, arg);
        else q.push(t, 1, arg);
        one.push(t, 1, arg++);
      }
      const pops = Math.floor(rng.next() * batch * 1.2);
      for (let i = 0; i < pops && q.pop(); i++) {
        got.push(q.arg);
        now = q.at;
        expect(one.pop()).toBe(true);
        want.push(one.arg);
        expect(q.length).toBe(one.length);
      }
    }
    while (q.pop()) got.push(q.arg);
    while (one.pop()) want.push(one.arg);
    expect(arg).toBeGreaterThan(50_000);
    expect(got).toEqual(want);
    expect(got.length).toBe(arg);
  });
});

describe('sfc32', () => {
  it('repeats for a seed, differs between seeds, and draws in proportion', () => {
    const a = new Rng(1), b = new Rng(1), c = new Rng(2);
    const xs = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(xs);
    const cum = cumulative([1, 0, 3]);
    const counts = [0, 0, 0];
    const r = new Rng(3);
    for (let i = 0; i < 40_000; i++) counts[r.pick(cum)]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.8);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.2);
  });
});

describe('duty and opening tables', () => {
  it('a night shift runs past midnight, Sunday into Monday', () => {
    const t = dutyTable([{ days: ['SU'], start: '20:00', end: '08:00' }]);
    expect(t[6 * 96 + 80]).toBe(1); // Sunday 20:00
    expect(t[6 * 96 + 79]).toBe(0); // Sunday 19:45
    expect(t[31]).toBe(1); // Monday 07:45
    expect(t[32]).toBe(0); // Monday 08:00
  });

  it('opening hours come from the domain rule: a Living Room open 10:00-22:00', () => {
    const { table } = openTable({ opens: '10:00', closes: '22:00' });
    expect(table[39]).toBe(0); // Monday 09:45
    expect(table[40]).toBe(1); // Monday 10:00
    expect(table[87]).toBe(1); // Monday 21:45
    expect(table[88]).toBe(0); // Monday 22:00
    expect(openTable('always').table.every((x) => x === 1)).toBe(true);
  });
});
