import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

/** Largest page of GET /api/audit; exports page internally and have no cap. */
export const AUDIT_PAGE_MAX = 500;

/** How an audited attempt ended. */
export const AUDIT_OUTCOMES = ['allowed', 'denied', 'failed'] as const;
/** The file formats of an export. */
export const AUDIT_EXPORT_FORMATS = ['csv', 'ndjson'] as const;

const text = Text.trim().min(1).max(LIMITS.shortText);
const instant = z.string().datetime({ offset: true });

/** The filters shared by the search and the export; `to` is exclusive. */
const AuditFilterFields = {
  actorId: text.optional(),
  /** Resolved to the account's id: auditors know usernames, the trail stores ids. */
  actorUsername: Text.trim().min(1).max(LIMITS.username).optional(),
  action: text.optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  resourceType: text.optional(),
  resourceId: text.optional(),
  from: instant.optional(),
  to: instant.optional(),
};

const fromBeforeTo = (f: { from?: string; to?: string }) => !f.from || !f.to || Date.parse(f.from) < Date.parse(f.to);
const fromBeforeToIssue = { message: 'must be after from', path: ['to'] };

/** GET /api/audit: the filters, a cursor and a page size of at most AUDIT_PAGE_MAX. */
export const AuditSearchQuery = z
  .object({
    ...AuditFilterFields,
    /** Cursor: the `nextBeforeId` of the previous page. */
    beforeId: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(100),
  })
  .strict()
  .refine(fromBeforeTo, fromBeforeToIssue);
export type AuditSearchQuery = z.infer<typeof AuditSearchQuery>;

/** GET /api/audit/export: the filters and a format; every matching row, no cap. */
export const AuditExportQuery = z
  .object({ ...AuditFilterFields, format: z.enum(AUDIT_EXPORT_FORMATS).default('csv') })
  .strict()
  .refine(fromBeforeTo, fromBeforeToIssue);
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

/** The filters alone, as both endpoints take them. */
export type AuditFilters = Omit<AuditExportQuery, 'format'>;

/** One row of the audit trail: who, as what, for which agency, did what to which record, and why. */
export const AuditRecordView = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  /** The account's username and name now, for reading; the trail itself keeps the id. */
  actorUsername: z.string().nullable(),
  actorName: z.string().nullable(),
  role: z.string().nullable(),
  agencyId: z.string().nullable(),
  action: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  fieldClasses: z.array(z.string()),
  purpose: z.string().nullable(),
  address: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditRecordView = z.infer<typeof AuditRecordView>;

/** One page of the trail, newest first, with the cursor of the next. */
export const AuditPage = z.object({
  items: z.array(AuditRecordView),
  /** Pass as `beforeId` for the next (older) page; null on the last one. */
  nextBeforeId: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;
