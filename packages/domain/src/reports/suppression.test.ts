import { describe, expect, it } from 'vitest';
import { suppressBreakdown, suppressLinked, type Sum } from './suppression.ts';

/**
 * What a reader can work out from a published report: repeatedly, any sum with exactly one
 * unknown member gives that member away. Returns the counts recovered (hidden ones included).
 */
function recover(published: readonly (number | null)[], sums: readonly Sum[]): (number | null)[] {
  const known = [...published];
  for (let changed = true; changed; ) {
    changed = false;
    for (const { total, parts } of sums) {
      const unknown = [total, ...parts].filter((i) => known[i] === null);
      if (unknown.length !== 1) continue;
      const partsKnown = parts.reduce((n, i) => n + (known[i] ?? 0), 0);
      known[unknown[0]!] = unknown[0] === total ? partsKnown : known[total]! - partsKnown;
      changed = true;
    }
  }
  return known;
}

/** The report's sums: population = rest + subtotal, subtotal = Σ cells (indexes as in suppressBreakdown). */
const breakdownSums = (cells: number): Sum[] => [{ total: 0, parts: [2, 1] }, { total: 1, parts: Array.from({ length: cells }, (_, i) => i + 3) }];

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('small-cell suppression', () => {
  it('hides counts from 1 to 10, keeps zero and 11 and over', () => {
    const hidden = suppressLinked([0, 3, 11, 12, 4], []);
    expect(hidden).toEqual([false, true, false, false, true]);
  });

  it('hides a second cell when only one is hidden, so the total cannot give it away', () => {
    const report = suppressBreakdown(100, [{ key: 'a', count: 40 }, { key: 'b', count: 2 }, { key: 'c', count: 15 }]);
    expect(report.cells.map((c) => c.count)).toEqual([40, null, null]);
    expect(report.subtotal).toBe(57);
  });

  it('hides the overridden subtotal when the calls not overridden are few (triaged − overridden would give them away)', () => {
    const report = suppressBreakdown(53, [{ key: 'a', count: 20 }, { key: 'b', count: 30 }]);
    // 3 calls were not overridden: the subtotal goes, and then one cell, or the cells would add up to it.
    expect(report.population).toBe(53);
    expect(report.subtotal).toBeNull();
    expect(report.cells.map((c) => c.count)).toEqual([null, 30]);
  });

  it('suppresses small totals and leaves zero alone', () => {
    expect(suppressBreakdown(7, [{ key: 'a', count: 7 }])).toEqual({ population: null, subtotal: null, cells: [{ key: 'a', count: null, suppressed: true }] });
    expect(suppressBreakdown(0, [])).toEqual({ population: 0, subtotal: 0, cells: [] });
    expect(suppressBreakdown(25, [])).toEqual({ population: 25, subtotal: 0, cells: [] });
  });

  it('over 5,000 random reports, no hidden count can be worked out from what is published', () => {
    const next = random(20261205);
    let hiddenSeen = 0;
    for (let run = 0; run < 5000; run++) {
      const rows = Array.from({ length: Math.floor(next() * 6) }, (_, i) => ({ key: i, count: 1 + Math.floor(next() * (next() < 0.5 ? 12 : 60)) }));
      const subtotal = rows.reduce((n, r) => n + r.count, 0);
      const population = subtotal + Math.floor(next() * (next() < 0.5 ? 12 : 80));
      const report = suppressBreakdown(population, rows);
      const truth = [population, subtotal, population - subtotal, ...rows.map((r) => r.count)];
      // The rest (index 2) is never printed: the reader starts without it.
      const published = [report.population, report.subtotal, null, ...report.cells.map((c) => c.count)];
      const recovered = recover(published, breakdownSums(rows.length));
      truth.forEach((n, i) => {
        if (n > 0 && n < 11) {
          hiddenSeen += 1;
          expect(recovered[i], `run ${run}: ${JSON.stringify({ population, rows })} → ${JSON.stringify(published)}`).toBeNull();
        }
      });
      // What is shown is exact.
      published.forEach((n, i) => n !== null && expect(n).toBe(truth[i]));
    }
    // The generator does make small cells: the check above is not vacuous.
    expect(hiddenSeen).toBeGreaterThan(1000);
  });
});
