import type { Principal } from '@continuum/domain';
import type { AuditExportQuery, AuditFilters, AuditPage, AuditSearchQuery } from '@continuum/contracts';
import type { AuditFilter, AuditRecord } from '@continuum/storage';
import { auditCsvHeader, auditCsvRow, auditNdjsonRow, presentAuditRecord } from '../../presenters/audit.ts';
import { auditOf, type Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';

type Ctx = { principal: Principal; address: string | null };

/** Rows read per query while exporting: large enough to be quick, small enough to stream. */
export const EXPORT_PAGE_SIZE = 500;

/** An export ready to stream: the file's name and type, and its text in chunks. */
export interface AuditExport {
  filename: string;
  contentType: string;
  body: AsyncIterable<string>;
}

/**
 * The repository's filter for the API's, or null when it can match nothing (an unknown
 * username): an empty answer, never an error that would confirm which accounts exist.
 */
async function resolveFilters(services: Services, f: AuditFilters): Promise<Omit<AuditFilter, 'limit'> | null> {
  let actorId = f.actorId;
  if (f.actorUsername) {
    const user = await services.store.read.users.byUsername(f.actorUsername);
    if (!user || (actorId && actorId !== user.id)) return null;
    actorId = user.id;
  }
  return {
    actorId,
    action: f.action,
    outcome: f.outcome,
    resourceType: f.resourceType,
    resourceId: f.resourceId,
    from: f.from ? new Date(f.from) : undefined,
    to: f.to ? new Date(f.to) : undefined,
  };
}

/** The filters as given, for the audit row of the read itself. */
const given = (f: AuditFilters): Record<string, string> =>
  Object.fromEntries(Object.entries(f).filter((e): e is [string, string] => typeof e[1] === 'string'));

async function present(services: Services, rows: AuditRecord[]) {
  const names = await services.store.read.users.namesOf(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])));
  return rows.map((r) => presentAuditRecord(r, names));
}

/** One page of the audit trail, newest first; reading it writes an audit row of its own. */
export async function searchAudit(services: Services, ctx: Ctx, query: AuditSearchQuery): Promise<AuditPage> {
  authorise(ctx.principal, 'audit.read');
  const { beforeId, limit, ...filters } = query;
  const where = await resolveFilters(services, filters);
  // One more than asked: whether there is a next page is known without a second query.
  const rows = where ? await services.store.read.audit.search({ ...where, beforeId, limit: limit + 1 }) : [];
  const page = rows.slice(0, limit);
  await services.store.read.audit.write(auditOf(ctx, services.clock(), {
    action: 'audit.search', outcome: 'allowed', resourceType: 'audit',
    detail: { filters: given(filters), ...(beforeId ? { beforeId } : {}), count: page.length },
  }));
  return { items: await present(services, page), nextBeforeId: rows.length > limit ? page[page.length - 1]!.id : null };
}

/**
 * Every row matching the filters, newest first, as CSV (with a header row) or NDJSON. The
 * export's own audit row is written before the first byte is sent, so an abandoned download
 * is on the record too. The file is the trail as it stood when the export began: the first
 * page is read before that row is written, and each later page continues below the last id.
 */
export async function exportAudit(services: Services, ctx: Ctx, query: AuditExportQuery): Promise<AuditExport> {
  authorise(ctx.principal, 'audit.read');
  const { format, ...filters } = query;
  const where = await resolveFilters(services, filters);
  const read = (beforeId?: number) =>
    where ? services.store.read.audit.search({ ...where, beforeId, limit: EXPORT_PAGE_SIZE }) : Promise.resolve([]);
  const first = await read();
  const now = services.clock();
  await services.store.read.audit.write(auditOf(ctx, now, {
    action: 'audit.export', outcome: 'allowed', resourceType: 'audit', detail: { format, filters: given(filters) },
  }));

  async function* body(): AsyncGenerator<string> {
    if (format === 'csv') yield auditCsvHeader();
    const row = format === 'csv' ? auditCsvRow : auditNdjsonRow;
    for (let page = first; page.length > 0; page = await read(page[page.length - 1]!.id)) {
      yield (await present(services, page)).map(row).join('');
      if (page.length < EXPORT_PAGE_SIZE) return;
    }
  }

  return {
    filename: `continuum-audit-${now.toISOString().slice(0, 10)}.${format}`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    body: body(),
  };
}
