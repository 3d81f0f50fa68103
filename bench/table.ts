/**
 * One line of a benchmark report: a measured figure beside its baseline measured in the same run,
 * and their ratio. Values are preformatted strings so each benchmark chooses its own units.
 */
export interface BenchRow {
  name: string;
  value: string;
  baseline: string;
  ratio: string;
  note?: string;
}

/** Column headings; benchmarks may rename them to say what the value and the baseline are. */
export interface TableHeadings {
  name: string;
  value: string;
  baseline: string;
  ratio: string;
  note: string;
}

export const DEFAULT_HEADINGS: TableHeadings = {
  name: 'Measure',
  value: 'Value',
  baseline: 'Baseline',
  ratio: 'Ratio',
  note: 'Note',
};

/** Text columns are left-aligned; the figures right-aligned so digits line up. */
const ALIGN: Record<keyof TableHeadings, 'left' | 'right'> = {
  name: 'left',
  value: 'right',
  baseline: 'right',
  ratio: 'right',
  note: 'left',
};

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/**
 * Renders rows as a Markdown table whose columns are padded to equal width, so it reads as a
 * table in a terminal and renders as one in Markdown. The Note column appears only when a row
 * has a note.
 */
export function formatTable(rows: readonly BenchRow[], headings: Partial<TableHeadings> = {}): string {
  const h: TableHeadings = { ...DEFAULT_HEADINGS, ...headings };
  const keys: (keyof TableHeadings)[] = ['name', 'value', 'baseline', 'ratio'];
  if (rows.some((r) => r.note)) keys.push('note');
  const cells = rows.map((r) => keys.map((k) => escapeCell(r[k] ?? '')));
  const head = keys.map((k) => escapeCell(h[k]));
  const widths = keys.map((_, i) => Math.max(3, head[i]!.length, ...cells.map((c) => c[i]!.length)));
  const pad = (text: string, i: number) =>
    ALIGN[keys[i]!] === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
  const line = (row: string[]) => `| ${row.map(pad).join(' | ')} |`;
  const rule = `| ${keys
    .map((k, i) => (ALIGN[k] === 'right' ? `${'-'.repeat(widths[i]! - 1)}:` : `:${'-'.repeat(widths[i]! - 1)}`))
    .join(' | ')} |`;
  return [line(head), rule, ...cells.map(line)].join('\n');
}

/** Prints a table, under a heading when one is given. */
export function printTable(rows: readonly BenchRow[], heading?: string, headings?: Partial<TableHeadings>): void {
  const out: string[] = [];
  if (heading) out.push(`### ${heading}`, '');
  out.push(rows.length ? formatTable(rows, headings) : '_(no rows)_', '');
  process.stdout.write(`${out.join('\n')}\n`);
}

/** `value ÷ baseline`, e.g. "0.23×"; a dash when the baseline is zero or missing. */
export function ratio(value: number, baseline: number, digits = 2): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return '—';
  const r = value / baseline;
  // Small ratios keep two significant digits: 0.013× rather than 0.01×.
  if (r !== 0 && Math.abs(r) < 0.1) return `${r.toPrecision(2)}×`;
  return `${r.toFixed(r >= 100 ? 0 : r >= 10 ? 1 : digits)}×`;
}
