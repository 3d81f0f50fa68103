import { forbidden, racTables, type Principal, type ReportMonth } from '@continuum/domain';
import type { RacReport } from '@continuum/contracts';
import { incidentStateOfRow } from '@continuum/storage';
import { auditOf, type Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';
import { endedMonth } from './reports.ts';

export interface RacQuery {
  region: string;
  month: ReportMonth;
  format?: 'json' | 'csv' | 'xlsx' | 'pdf';
  district?: string;
  entryPoint?: string;
  simulated?: SimulatedInReports;
  /** Deprecated spelling of `simulated` (include/exclude), still accepted. */
  includeSimulated?: 'true' | 'false';
}

export type SimulatedInReports = 'exclude' | 'include' | 'only';

/** The one switch every report names `simulated`; the RAC report's old `includeSimulated` maps onto it. */
export function simulatedOf(query: Pick<RacQuery, 'simulated' | 'includeSimulated'>): SimulatedInReports {
  if (query.simulated) return query.simulated;
  return query.includeSimulated === 'true' ? 'include' : 'exclude';
}

export interface RacBuild {
  regionId: string;
  month: ReportMonth;
  /** A supervisor's agency: its calls only, unsuppressed. Absent: the whole region, suppressed. */
  agencyId?: string;
  district?: string;
  entryPoint?: string;
  simulated: SimulatedInReports;
  /** Called after each step (1..RAC_STEPS), for the command line's progress bar. */
  onStep?: (step: number, label: string) => void;
}

export const RAC_STEPS = 4;

/**
 * Builds the monthly RAC report (issue 14 §2, ADR 0040) of a region for a month that has ended,
 * from the per-incident facts: no access check and no audit here; the API and the command line
 * each check and audit their reader.
 */
export async function buildRacReport(services: Services, b: RacBuild): Promise<RacReport> {
  const { timeZone, from, to } = endedMonth(services, b.month);
  const step = b.onStep ?? (() => undefined);
  // Incidents written before the facts table existed are folded in once, at the server's start or
  // here for the command line on a database no server has opened since (a no-op afterwards).
  await services.store.read.reportFacts.backfill((row) => incidentStateOfRow(row as never));
  step(1, 'facts up to date');
  const scope = {
    regionId: b.regionId, from, to, simulated: b.simulated,
    ...(b.agencyId ? { agencyId: b.agencyId } : {}),
    ...(b.district ? { districtId: b.district } : {}),
    ...(b.entryPoint ? { entryPoint: b.entryPoint } : {}),
  };
  // Grouped by the database (issue 14 §4): a few hundred group rows leave it, not every call.
  const groups = await services.store.read.reportFacts.monthGroups(scope);
  step(2, 'calls grouped');
  const handoffs = await services.store.read.reportFacts.handoffGroups(scope);
  step(3, 'hand-offs read');
  const report = racTables(groups, handoffs, !b.agencyId);
  const region = await services.store.read.organisations.region(b.regionId);
  step(4, 'tables built');
  return {
    regionId: b.regionId,
    regionName: region?.name ?? null,
    month: b.month,
    timeZone,
    from: from.toISOString(),
    to: to.toISOString(),
    scope: b.agencyId ? 'agency' : 'region',
    agencyId: b.agencyId ?? null,
    suppressed: !b.agencyId,
    simulated: b.simulated,
    includeSimulated: b.simulated !== 'exclude',
    filters: { district: b.district ?? null, entryPoint: b.entryPoint ?? null },
    calls: report.calls,
    tables: report.tables,
    missing: report.missing,
  };
}

/**
 * The report as the API gives it: a RAC analyst reads the whole region with small cells
 * suppressed; a supervisor reads the calls of their own agency (received, or a unit of it sent) as
 * they are. Every read is audited, whatever the format.
 */
export async function racReport(services: Services, ctx: { principal: Principal; address: string | null }, query: RacQuery): Promise<RacReport> {
  authorise(ctx.principal, 'report.read');
  if (query.region !== ctx.principal.regionId) throw forbidden('querystring.region: reports cover your own region only');
  const supervisor = ctx.principal.role === 'supervisor';
  const simulated = simulatedOf(query);
  const report = await buildRacReport(services, {
    regionId: ctx.principal.regionId, month: query.month, simulated,
    ...(supervisor ? { agencyId: ctx.principal.agencyId } : {}),
    ...(query.district ? { district: query.district } : {}),
    ...(query.entryPoint ? { entryPoint: query.entryPoint } : {}),
  });
  await services.store.read.audit.write(
    auditOf(ctx, services.clock(), {
      action: 'report.rac', outcome: 'allowed', resourceType: 'report', purpose: 'reporting',
      detail: { month: query.month, region: query.region, format: query.format ?? 'json', suppressed: report.suppressed, district: query.district ?? null, entryPoint: query.entryPoint ?? null, simulated },
    }),
  );
  return report;
}
