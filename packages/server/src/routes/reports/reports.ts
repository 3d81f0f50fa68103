import { ErrorBody, HandoffReport, HandoffReportQuery, OverrideReport, ReportMonthQuery } from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { handoffReport, overrideReport } from '../../services/reports/reports.ts';

/** Aggregate reports for supervisors and the RAC: whole months only, small cells suppressed (ADR 0020). */
export function reportRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/reports/overrides', {
    config: { action: 'report.overrides' },
    schema: { tags: ['reports'], summary: 'Overrides of the recommended response in your region, by reason, for one calendar month that has ended', querystring: ReportMonthQuery, response: { 200: OverrideReport, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody } },
  }, async (req) => overrideReport(services, { principal: contextOf(req).principal, address: req.ip }, req.query));

  r.get('/api/reports/handoffs', {
    config: { action: 'report.handoffs' },
    schema: { tags: ['reports'], summary: 'Hand-offs in your region by kind, direction, outcome and time to acceptance, for one calendar month that has ended (CESSA §40)', querystring: HandoffReportQuery, response: { 200: HandoffReport, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody } },
  }, async (req) => handoffReport(services, { principal: contextOf(req).principal, address: req.ip }, req.query));
}
