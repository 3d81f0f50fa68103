import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { BOOLEAN_COLUMNS, LIST_COLUMNS, LIST_SEPARATOR, NUMBER_COLUMNS, ONBOARDING_MAX_ROWS, ROW_COLUMNS, ROW_SCHEMAS, type RowKind } from '@continuum/contracts';
import { DomainError, invalid, rowIssue, type RowIssue } from '@continuum/domain';
import type { z } from 'zod';

/*
 * Reading and writing the files of onboarding (ADR 0026). A CSV file and a JSON file of a kind
 * hold the same rows: the CSV header names the JSON keys, a list is `a;b`, a yes/no is `true` or
 * `false`, an empty cell is "none". Every row is checked by its kind's schema, and every problem
 * is named by its line, its column and the rule, all of them at once, before anything is written.
 */

export type Row<K extends RowKind> = z.infer<(typeof ROW_SCHEMAS)[K]>;

/** A raw record of a file: a CSV row's cells as text, or a JSON item as sent. */
interface RawRecord {
  line: number;
  record: Record<string, unknown>;
}

/** CSV text into records with the line each starts on (the header is line 1). */
function csvRecords(text: string): RawRecord[] {
  let rows: { record: Record<string, string>; info: { lines: number }; raw: string }[];
  try {
    rows = parse(text, { columns: true, info: true, raw: true, bom: true, trim: true, skip_empty_lines: true, max_record_size: 64 * 1024 });
  } catch (err) {
    const e = err as { code?: string; message: string; lines?: number };
    throw invalid([rowIssue(e.lines ?? 1, '', 'csv', e.message)]);
  }
  return rows.map((r) => ({ line: r.info.lines - (r.raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0), record: r.record }));
}

/** One CSV cell as the value its column holds; a cell that is not one is left for the schema to refuse. */
function cellValue(column: string, cell: string): unknown {
  if (cell === '') return LIST_COLUMNS.has(column) ? [] : BOOLEAN_COLUMNS.has(column) ? undefined : null;
  if (LIST_COLUMNS.has(column)) return cell.split(LIST_SEPARATOR).map((x) => x.trim()).filter((x) => x !== '');
  if (BOOLEAN_COLUMNS.has(column)) return { true: true, false: false, yes: true, no: false }[cell.toLowerCase()] ?? cell;
  if (NUMBER_COLUMNS.has(column)) return /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
  return cell;
}

const RULES: Record<string, string> = { invalid_type: 'type', too_small: 'min', too_big: 'max', invalid_format: 'format', invalid_value: 'enum', unrecognized_keys: 'unknown_field', custom: 'format' };

/**
 * The rows of a file of this kind: CSV text or a JSON array. Every row is checked; when any is
 * refused, every problem is listed (line, field, rule) and nothing is returned.
 */
export function readRows<K extends RowKind>(kind: K, body: unknown): { line: number; row: Row<K> }[] {
  const schema = ROW_SCHEMAS[kind];
  let records: RawRecord[];
  if (typeof body === 'string') {
    records = csvRecords(body).map(({ line, record }) => ({
      line,
      record: Object.fromEntries(Object.entries(record).map(([column, cell]) => [column, cellValue(column, String(cell))]).filter(([, v]) => v !== undefined)),
    }));
  } else if (Array.isArray(body)) {
    records = body.map((record, i) => ({ line: i + 1, record: (record ?? {}) as Record<string, unknown> }));
  } else {
    throw new DomainError('validation_failed', `A ${kind} file is CSV (text/csv) or a JSON array of rows`, {}, [{ field: '', rule: 'type', message: 'send CSV text or a JSON array of rows' }]);
  }
  if (records.length > ONBOARDING_MAX_ROWS) throw invalid([rowIssue(records[ONBOARDING_MAX_ROWS]!.line, '', 'max_rows', `a file holds at most ${ONBOARDING_MAX_ROWS} rows`)]);
  const issues: RowIssue[] = [];
  const rows: { line: number; row: Row<K> }[] = [];
  const json = typeof body !== 'string';
  for (const { line, record } of records) {
    const parsed = schema.safeParse(record);
    if (parsed.success) {
      rows.push({ line, row: parsed.data as Row<K> });
      continue;
    }
    for (const issue of parsed.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
      // CSV: the column. JSON: the path in the body (`0.memberships.1`), as every other route names it.
      for (const path of keys) {
        const field = json ? [line - 1, ...path].join('.') : String(path[0] ?? '');
        issues.push(rowIssue(line, field, RULES[issue.code] ?? issue.code, `${field}: ${issue.message}`));
      }
    }
  }
  if (issues.length) throw invalid(issues);
  return rows;
}

/** Rows as CSV in the kind's column order, lists joined with `;`, none as an empty cell. */
export function toCsv(kind: RowKind, rows: readonly Record<string, unknown>[]): string {
  const columns = ROW_COLUMNS[kind];
  const cell = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(LIST_SEPARATOR) : typeof v === 'boolean' ? String(v) : v);
  return stringify(rows.map((r) => columns.map((c) => cell(r[c]))), { header: true, columns: [...columns] });
}
