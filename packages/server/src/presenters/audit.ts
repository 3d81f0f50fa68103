import type { AuditRecordView } from '@continuum/contracts';
import type { AuditRecord } from '@continuum/storage';

/** What the audit trail shows of an account: its username and name, looked up by id. */
export type ActorNames = ReadonlyMap<string, { username: string; displayName: string }>;

/** An audit row as the API shows it: instants as ISO strings, the actor's names beside the id. */
export function presentAuditRecord(r: AuditRecord, names: ActorNames): AuditRecordView {
  const actor = r.actorId ? names.get(r.actorId) : undefined;
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorUsername: actor?.username ?? null,
    actorName: actor?.displayName ?? null,
    role: r.role,
    agencyId: r.agencyId,
    action: r.action,
    outcome: r.outcome,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    fieldClasses: r.fieldClasses,
    purpose: r.purpose,
    address: r.address,
    detail: r.detail,
  };
}

/** The CSV columns, in order; the header row uses these names. */
export const AUDIT_CSV_COLUMNS = [
  'id', 'at', 'actorId', 'actorUsername', 'actorName', 'role', 'agencyId', 'action', 'outcome',
  'resourceType', 'resourceId', 'fieldClasses', 'purpose', 'address', 'detail',
] as const satisfies readonly (keyof AuditRecordView)[];

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF, quotes doubled.
 * The CSV is opened in spreadsheets, and audit rows hold text that strangers typed (a username
 * at a failed sign-in), so a cell that would start a formula gets a leading apostrophe (OWASP
 * CSV injection guidance). The NDJSON export is the exact record.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const cell = (view: AuditRecordView, column: (typeof AUDIT_CSV_COLUMNS)[number]): string => {
  const v = view[column];
  if (v === null) return '';
  // Field classes are a list of plain words; detail is structured, so it stays JSON.
  if (column === 'fieldClasses') return (v as string[]).join(';');
  if (column === 'detail') return JSON.stringify(v);
  return String(v);
};

/** A CSV record with its CRLF line break (RFC 4180 §2.1). */
export const csvLine = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;

/** The header row of an audit CSV export. */
export const auditCsvHeader = (): string => csvLine(AUDIT_CSV_COLUMNS);

/** One audit row as a CSV record. */
export const auditCsvRow = (view: AuditRecordView): string => csvLine(AUDIT_CSV_COLUMNS.map((c) => cell(view, c)));

/** One audit row as a line of newline-delimited JSON. */
export const auditNdjsonRow = (view: AuditRecordView): string => `${JSON.stringify(view)}\n`;
