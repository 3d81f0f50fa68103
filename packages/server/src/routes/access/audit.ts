import { Readable } from 'node:stream';
import { AuditExportQuery, AuditPage, AuditSearchQuery, ErrorBody } from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { exportAudit, searchAudit } from '../../services/access/audit.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/** The audit trail for auditors and privacy officers: search it, and export it whole. */
export function auditRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (req: Parameters<typeof contextOf>[0]) => ({ principal: contextOf(req).principal, address: req.ip });

  r.get('/api/audit', {
    config: { action: 'audit.search' },
    schema: { tags: ['audit'], summary: 'Search the audit trail, newest first (the search is audited too)', querystring: AuditSearchQuery, response: { 200: AuditPage, ...errors } },
  }, async (req) => searchAudit(services, ctx(req), req.query));

  r.get('/api/audit/export', {
    config: { action: 'audit.export' },
    schema: {
      tags: ['audit'],
      summary: 'Download every matching audit row as CSV (RFC 4180, header row) or NDJSON',
      querystring: AuditExportQuery,
      // A stream, not a JSON value: the schema documents the answer, the serializer never sees it.
      response: { 200: z.unknown().describe('text/csv or application/x-ndjson, as an attachment'), ...errors },
    },
  }, async (req, reply) => {
    const out = await exportAudit(services, ctx(req), req.query);
    // A stream: the export has no row cap, so it must never be held in memory whole.
    return reply
      .type(out.contentType)
      .header('content-disposition', `attachment; filename="${out.filename}"`)
      .send(Readable.from(out.body));
  });
}
