import type { RacReport } from '@continuum/contracts';

type Table = RacReport['tables'][number];

/** The month before `now`'s, YYYY-MM: the latest whole month a report covers (ADR 0020). */
export function lastMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** The `count` months ending with `month`, oldest first. */
export function monthsEnding(month: string, count: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(y, m - 1 - (count - 1 - i), 1)).toISOString().slice(0, 7));
}

/** A code as words: `crisis_team_sent` → "crisis team sent". */
export const words = (code: string): string => (code === 'all' ? 'All' : code.replace(/_/g, ' '));

/** A cell as printed: a suppressed count says so; shares as percentages. */
export function cellText(measure: string, v: number | null): string {
  if (v === null) return '–';
  if (measure.startsWith('share')) return `${Math.round(v * 1000) / 10}%`;
  return measure.endsWith('_minutes') ? v.toFixed(1) : v.toLocaleString('en-US');
}

/** A table's value by its row keys and measure; undefined when the row is absent. */
export function valueOf(t: Table | undefined, keys: string[], measure: string): number | null | undefined {
  const row = t?.rows.find((r) => r.keys.join('|') === keys.join('|'));
  return row ? row.values[t!.measures.indexOf(measure)] : undefined;
}
