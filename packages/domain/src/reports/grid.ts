import { SMALL_CELL_THRESHOLD, suppressLinked, type Sum } from './suppression.ts';

/**
 * A table of counts as the RAC report prints it: rows keyed by one or more dimensions; the first
 * count of a row is its total and the others are parts of it. `partition`: the parts add up to the
 * total with one unprinted rest (calls by response); otherwise each part is its own share of the
 * total (arrests, injuries: one call may have both) with its own unprinted rest. A last row keyed
 * `all` holds the column totals.
 */
export interface GridInput {
  rows: { keys: string[]; counts: number[] }[];
  partition: boolean;
}

/** Null where suppressed. */
export interface GridOutput {
  rows: { keys: string[]; counts: (number | null)[]; hidden: boolean[] }[];
}

/**
 * Suppresses a grid with complementary suppression across rows and totals (suppression.ts): every
 * row sum (total = parts + rest) and every column sum (column total = Σ rows) is a linked sum, and
 * the unprinted rests are members, since a reader can subtract. `suppress` false publishes all
 * (a supervisor's own agencies' figures).
 */
export function suppressGrid(input: GridInput, dimensions: number, suppress: boolean, threshold = SMALL_CELL_THRESHOLD): GridOutput {
  const width = input.rows[0]?.counts.length ?? 1;
  const restsPerRow = width === 1 ? 0 : input.partition ? 1 : width - 1;
  const stride = width + restsPerRow;
  const totals = Array.from({ length: width }, (_, j) => input.rows.reduce((n, r) => n + (r.counts[j] ?? 0), 0));
  const lines = [...input.rows.map((r) => r.counts), totals];
  const counts: number[] = [];
  const sums: Sum[] = [];
  lines.forEach((c, li) => {
    const base = li * stride;
    counts.push(...c);
    if (restsPerRow === 0) return;
    if (input.partition) {
      counts.push(c[0]! - c.slice(1).reduce((n, x) => n + x, 0));
      sums.push({ total: base, parts: [...c.slice(1).map((_, j) => base + 1 + j), base + width] });
    } else {
      c.slice(1).forEach((x, j) => {
        counts.push(c[0]! - x);
        sums.push({ total: base, parts: [base + 1 + j, base + width + j] });
      });
    }
  });
  const last = input.rows.length * stride;
  for (let j = 0; j < stride; j++) sums.push({ total: last + j, parts: input.rows.map((_, r) => r * stride + j) });
  const hidden = suppress ? suppressLinked(counts, sums, threshold) : counts.map(() => false);
  const keysOf = (li: number) => (li < input.rows.length ? input.rows[li]!.keys : Array.from({ length: dimensions }, () => 'all'));
  return {
    rows: lines.map((c, li) => ({
      keys: keysOf(li),
      counts: c.map((x, j) => (hidden[li * stride + j] ? null : x)),
      hidden: c.map((_, j) => hidden[li * stride + j]!),
    })),
  };
}
