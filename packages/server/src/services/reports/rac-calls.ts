import { cellMatcher, DomainError, forbidden, type Principal } from '@continuum/domain';
import { RAC_CALLS_LIMIT, type RacCalls, type RacCallsQuery } from '@continuum/contracts';
import { auditOf, type Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';
import { endedMonth } from './reports.ts';
import { simulatedOf } from './rac.ts';

/**
 * The calls behind one cell of the monthly RAC report (issue 14 §3): supervisors only, within
 * their own agency's calls (the same scope as their report), so a figure they read can be checked
 * call by call. Analysts read suppressed aggregates and never a call (403). Every read is audited
 * with the calls it listed.
 */
export async function racCalls(services: Services, ctx: { principal: Principal; address: string | null }, query: RacCallsQuery): Promise<RacCalls> {
  authorise(ctx.principal, 'report.read');
  if (ctx.principal.role !== 'supervisor') throw forbidden('The calls behind a figure are for supervisors; analysts read aggregates only');
  if (query.region !== ctx.principal.regionId) throw forbidden('querystring.region: reports cover your own region only');
  const keys = query.keys.split('|');
  const cell = cellMatcher({ table: query.table, keys, measure: query.measure });
  if (!cell.ok) {
    const field = `querystring.${cell.field}`;
    throw new DomainError('validation_failed', `${field}: ${cell.message}`, {}, [{ field, rule: 'report_cell', message: cell.message }]);
  }
  const { from, to } = endedMonth(services, query.month);
  const simulated = simulatedOf(query);
  const rows = await services.store.read.reportDrill.monthCalls({
    regionId: ctx.principal.regionId, from, to, simulated, agencyId: ctx.principal.agencyId,
    ...(query.district ? { districtId: query.district } : {}),
    ...(query.entryPoint ? { entryPoint: query.entryPoint } : {}),
  });
  const behind = rows.filter(cell.matches);
  const listed = behind.slice(0, RAC_CALLS_LIMIT);
  await services.store.read.audit.write(
    auditOf(ctx, services.clock(), {
      action: 'report.rac.calls', outcome: 'allowed', resourceType: 'report', purpose: 'reporting',
      detail: {
        month: query.month, region: query.region, table: query.table, keys, measure: query.measure, district: query.district ?? null,
        entryPoint: query.entryPoint ?? null, simulated, total: behind.length, incidentIds: listed.map((r) => r.incidentId),
      },
    }),
  );
  return {
    regionId: ctx.principal.regionId,
    month: query.month,
    table: query.table,
    keys,
    measure: query.measure,
    total: behind.length,
    truncated: behind.length > listed.length,
    calls: listed.map((r) => ({
      id: r.incidentId, number: r.number, receivedAt: r.receivedAt.toISOString(), status: r.status, entryPoint: r.entryPoint,
      riskLevel: r.riskLevel, responseGiven: r.responseGiven, simulated: r.simulated,
    })),
  };
}
