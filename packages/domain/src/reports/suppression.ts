/**
 * Aggregates leave the system with small cells suppressed (DOMAIN.md §8): a count of 1 to 10 in
 * a small county can point at one person. 11 is the threshold CMS uses for health data.
 */
export const SMALL_CELL_THRESHOLD = 11;

/** A published sum: `total` equals the sum of `parts` (indexes into the report's counts). */
export interface Sum {
  total: number;
  parts: readonly number[];
}

/**
 * Which counts of a report to hide. Primary: every count from 1 to threshold-1. Complementary: a
 * sum with exactly one hidden member gives it away (the total minus the parts shown, or the parts
 * added up), so another member is hidden, the smallest non-zero part shown (parts rather than the
 * total, which readers need most), until no sum has exactly one. A count the report does not print
 * but that readers can derive (e.g. calls not overridden = triaged − overridden) is a member too.
 */
export function suppressLinked(counts: readonly number[], sums: readonly Sum[], threshold = SMALL_CELL_THRESHOLD): boolean[] {
  const hidden = counts.map((n) => n > 0 && n < threshold);
  for (let changed = true; changed; ) {
    changed = false;
    for (const sum of sums) {
      const members = [sum.total, ...sum.parts];
      if (members.filter((i) => hidden[i]).length !== 1) continue;
      const shownParts = sum.parts.filter((i) => !hidden[i]).sort((a, b) => counts[a]! - counts[b]! || a - b);
      const next = shownParts.find((i) => counts[i]! > 0) ?? (hidden[sum.total] ? shownParts[0] : sum.total);
      if (next === undefined) continue;
      hidden[next] = true;
      changed = true;
    }
  }
  return hidden;
}

/** A cell as a report prints it: null with `suppressed` when hidden. */
export interface Cell<K> {
  key: K;
  count: number | null;
  suppressed: boolean;
}

export interface SuppressedBreakdown<K> {
  /** All the population counted (e.g. triaged calls); null when suppressed. */
  population: number | null;
  /** The part of it broken down by `cells` (e.g. overridden calls); null when suppressed. */
  subtotal: number | null;
  cells: Cell<K>[];
}

/**
 * A population, the part of it that is broken down, and the breakdown: population = rest +
 * subtotal, subtotal = Σ cells. The rest is never printed, but readers can subtract, so it is
 * suppressed with the others.
 */
export function suppressBreakdown<K>(population: number, rows: readonly { key: K; count: number }[], threshold = SMALL_CELL_THRESHOLD): SuppressedBreakdown<K> {
  const subtotal = rows.reduce((n, r) => n + r.count, 0);
  // Indexes: 0 population, 1 subtotal, 2 the rest, 3… the cells.
  const counts = [population, subtotal, population - subtotal, ...rows.map((r) => r.count)];
  const cellIndexes = rows.map((_, i) => i + 3);
  const hidden = suppressLinked(counts, [{ total: 0, parts: [2, 1] }, { total: 1, parts: cellIndexes }], threshold);
  const shown = (i: number) => (hidden[i] ? null : counts[i]!);
  return {
    population: shown(0),
    subtotal: shown(1),
    cells: rows.map((r, i) => ({ key: r.key, count: shown(i + 3), suppressed: hidden[i + 3]! })),
  };
}
