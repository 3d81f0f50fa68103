/**
 * Aggregates leave the system with small cells suppressed (DOMAIN.md §8): a count of 1 to 10 in
 * a small county can point at one person. 11 is the threshold CMS uses for health data.
 */
export const SMALL_CELL_THRESHOLD = 11;

export interface Cell<K> {
  key: K;
  /** Null when suppressed. */
  count: number | null;
  suppressed: boolean;
}

/**
 * Suppresses every count from 1 to threshold-1. When exactly one cell is suppressed, the next
 * smallest is suppressed too, so the hidden one cannot be recovered from the total.
 */
export function suppressSmallCells<K>(rows: readonly { key: K; count: number }[], threshold = SMALL_CELL_THRESHOLD): Cell<K>[] {
  const small = (n: number) => n > 0 && n < threshold;
  const cells: Cell<K>[] = rows.map((r) => ({ key: r.key, count: small(r.count) ? null : r.count, suppressed: small(r.count) }));
  if (cells.filter((c) => c.suppressed).length === 1) {
    const next = cells
      .map((c, i) => ({ c, i, n: rows[i]!.count }))
      .filter((x) => !x.c.suppressed && x.n > 0)
      .sort((a, b) => a.n - b.n)[0];
    if (next) cells[next.i] = { key: next.c.key, count: null, suppressed: true };
  }
  return cells;
}

/** A total that stays exact only when no cell was hidden from a small population. */
export const suppressedTotal = (total: number, threshold = SMALL_CELL_THRESHOLD): number | null =>
  total > 0 && total < threshold ? null : total;
