import { DomainError, monthBounds, monthHasEnded, REGION_TIME_ZONE, suppressBreakdown, type Principal, type ReportMonth } from '@continuum/domain';
import type { OverrideReport } from '@continuum/contracts';
import { auditOf, type Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';

/**
 * How often call-takers chose another response than the protocol's, and why, for the reader's
 * region and one whole month that has ended: the count the RAC reviews when it revises levels 2
 * and 3 (issue #4). A month still running is refused: asked twice, it would give away the calls
 * between the two answers.
 */
export async function overrideReport(services: Services, ctx: { principal: Principal; address: string | null }, query: { month: ReportMonth }): Promise<OverrideReport> {
  authorise(ctx.principal, 'report.read');
  const timeZone = REGION_TIME_ZONE;
  if (!monthHasEnded(query.month, services.clock(), timeZone)) {
    throw new DomainError('validation_failed', 'querystring.month: must be a month that has ended (reports cover whole months)', {}, [
      { field: 'querystring.month', rule: 'ended', message: 'must be a month that has ended (reports cover whole months)' },
    ]);
  }
  const { from, to } = monthBounds(query.month, timeZone);
  const { triaged, rows } = await services.store.read.reports.overrides(ctx.principal.regionId, from, to);
  const report = suppressBreakdown(triaged, rows.map((r) => ({ key: r, count: r.count })));
  await services.store.read.audit.write(
    auditOf(ctx, services.clock(), { action: 'report.overrides', outcome: 'allowed', resourceType: 'report', purpose: 'reporting', detail: { month: query.month } }),
  );
  return {
    regionId: ctx.principal.regionId,
    month: query.month,
    timeZone,
    from: from.toISOString(),
    to: to.toISOString(),
    triaged: report.population,
    overridden: report.subtotal,
    rows: report.cells.map((c) => ({ reasonCode: c.key.reasonCode, from: c.key.from, to: c.key.to, count: c.count, suppressed: c.suppressed })),
  };
}
