import type { FieldIssue } from '../errors.ts';

/*
 * Planning an import (issue 16 §2, ADR 0026): rows already read and checked field by field are
 * compared with what the region holds, key by key, into a plan of what would be created, changed
 * or left alone. Pure: the server reads the current state and applies the plan.
 */

/** A row of a file with the line it came from (CSV: the header is line 1; JSON: item number from 1). */
export interface LinedRow<V> {
  line: number;
  key: string;
  value: V;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export type PlanAction = 'create' | 'change' | 'unchanged';

export interface PlanEntry<V = unknown> {
  key: string;
  line: number | null;
  action: PlanAction;
  changes: FieldChange[];
  value: V;
}

/** A problem of one row: its line, the field (the column) and the rule. */
export interface RowIssue extends FieldIssue {
  line: number;
}

export const rowIssue = (line: number, field: string, rule: string, message: string): RowIssue => ({ line, field, rule, message: `line ${line}: ${message}` });

// Keys sorted, so that two objects written in another key order compare equal.
const canonical = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : v;

export const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));

/** The fields whose values differ, in the order of `after`'s fields. */
export function fieldChanges<V extends object>(before: V, after: V): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(after)) {
    const was = (before as Record<string, unknown>)[field];
    if (!sameValue(was, value)) changes.push({ field, before: was ?? null, after: value });
  }
  return changes;
}

/** Every row against the current state: created when its key is new, changed when a field differs. */
export function planRows<V extends object>(rows: readonly LinedRow<V>[], current: ReadonlyMap<string, V>): PlanEntry<V>[] {
  return rows.map((row) => {
    const before = current.get(row.key);
    if (!before) return { key: row.key, line: row.line, action: 'create', changes: [], value: row.value };
    const changes = fieldChanges(before, row.value);
    return { key: row.key, line: row.line, action: changes.length ? 'change' : 'unchanged', changes, value: row.value };
  });
}

/** A key given on two lines: the second is refused, naming the first. */
export function duplicateKeys<V>(rows: readonly LinedRow<V>[], field: string): RowIssue[] {
  const first = new Map<string, number>();
  const issues: RowIssue[] = [];
  for (const row of rows) {
    const at = first.get(row.key);
    if (at !== undefined) issues.push(rowIssue(row.line, field, 'duplicate', `${row.key} is already on line ${at}`));
    else first.set(row.key, row.line);
  }
  return issues;
}

export interface PlanCounts {
  create: number;
  change: number;
  unchanged: number;
}

export function countPlan(entries: readonly Pick<PlanEntry, 'action'>[]): PlanCounts {
  const counts: PlanCounts = { create: 0, change: 0, unchanged: 0 };
  for (const e of entries) counts[e.action]++;
  return counts;
}

/** Rows grouped by key, in file order, with the line of each: a unit's crew rows are its roster. */
export function groupRows<V>(rows: readonly LinedRow<V>[]): (LinedRow<V[]> & { lines: number[] })[] {
  const groups = new Map<string, LinedRow<V[]> & { lines: number[] }>();
  for (const row of rows) {
    const g = groups.get(row.key);
    if (g) {
      g.value.push(row.value);
      g.lines.push(row.line);
    } else groups.set(row.key, { key: row.key, line: row.line, value: [row.value], lines: [row.line] });
  }
  return [...groups.values()];
}
