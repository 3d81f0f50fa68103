import { describe, expect, it } from 'vitest';
import { suppressSmallCells, suppressedTotal } from './suppression.ts';

const counts = (cells: { count: number | null }[]) => cells.map((c) => c.count);

describe('small-cell suppression', () => {
  it('hides counts from 1 to 10, keeps zero and 11 and over', () => {
    expect(counts(suppressSmallCells([{ key: 'a', count: 0 }, { key: 'b', count: 3 }, { key: 'c', count: 11 }, { key: 'd', count: 12 }, { key: 'e', count: 4 }]))).toEqual([0, null, 11, 12, null]);
  });

  it('hides a second cell when only one is hidden, so the total cannot give it away', () => {
    expect(counts(suppressSmallCells([{ key: 'a', count: 40 }, { key: 'b', count: 2 }, { key: 'c', count: 15 }]))).toEqual([40, null, null]);
  });

  it('suppresses a small total', () => {
    expect(suppressedTotal(7)).toBeNull();
    expect(suppressedTotal(0)).toBe(0);
    expect(suppressedTotal(25)).toBe(25);
  });
});
