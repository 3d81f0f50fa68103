import { Dashboard, ErrorBody, HandoffReport, HandoffReportQuery, OverrideReport, RacCalls, RacCallsQuery, RacReport, RacReportQuery, ReportDistricts, ReportMonthQuery } from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { handoffReport, overrideReport } from '../../services/reports/reports.ts';
import { racReport } from '../../services/reports/rac.ts';
import { racCalls } from '../../services/reports/rac-calls.ts';
import { reportDistricts } from '../../services/reports/report-districts.ts';
import { dashboard } from '../../services/reports/dashboard.ts';
import { racCsv, racXlsx } from '../../services/reports/rac-export.ts';
import { racPdf } from '../../services/reports/rac-pdf.ts';

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

  r.get('/api/reports/rac', {
    config: { action: 'report.rac' },
    schema: {
      tags: ['reports'],
      summary: 'The monthly RAC report of your region (CESSA §45, §40): volume, coordination, response, response times against the maximum, dispositions, follow-up, equity; JSON, CSV, XLSX or a printable PDF',
      querystring: RacReportQuery,
      // JSON is the documented RacReport; CSV, XLSX and PDF are attachments with the same numbers.
      response: { 200: RacReport.or(z.unknown().describe('text/csv, XLSX or PDF, as an attachment')), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (req, reply) => {
    const report = await racReport(services, { principal: contextOf(req).principal, address: req.ip }, req.query);
    const name = `rac-${report.regionId}-${report.month}`;
    if (req.query.format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(Buffer.from(racCsv(report)));
    }
    if (req.query.format === 'xlsx') {
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${name}.xlsx"`).send(await racXlsx(report));
    }
    if (req.query.format === 'pdf') {
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(await racPdf(report, services.clock()));
    }
    return report;
  });

  r.get('/api/reports/rac/calls', {
    config: { action: 'report.rac.calls' },
    schema: {
      tags: ['reports'],
      summary: 'Supervisors: the calls of your own agency behind one count of the monthly RAC report (table, row keys joined by |, measure); audited',
      querystring: RacCallsQuery,
      response: { 200: RacCalls, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (req) => racCalls(services, { principal: contextOf(req).principal, address: req.ip }, req.query));

  r.get('/api/reports/districts', {
    config: { action: 'report.districts' },
    schema: { tags: ['reports'], summary: "Your region's police districts, municipalities and beats as GeoJSON, for the report's map", response: { 200: ReportDistricts, 401: ErrorBody, 403: ErrorBody } },
  }, async (req) => reportDistricts(services, contextOf(req).principal));

  r.get('/api/reports/dashboard', {
    config: { action: 'report.dashboard' },
    schema: { tags: ['reports'], summary: "Supervisors' live dashboard of the region: today's calls by status, oldest waits per queue, maximum-time breaches, hand-offs waiting, units by status", response: { 200: Dashboard, 401: ErrorBody, 403: ErrorBody } },
  }, async (req) => dashboard(services, { principal: contextOf(req).principal, address: req.ip }));
}
