import { DomainError, forbidden, monthBounds, monthHasEnded, REGION_TIME_ZONE, suppressBreakdown, suppressLinked, type Principal, type ReportMonth } from '@continuum/domain';
import type { HandoffReport, OverrideReport } from '@continuum/contracts';
import { auditOf, type Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';

/**
 * How often call-takers chose another response than the protocol's, and why, for the reader's
 * region and one whole month that has ended: the count the RAC reviews when it revises levels 2
 * and 3 (issue #4). A month still running is refused: asked twice, it would give away the calls
 * between the two answers.
 */
export async function overrideReport(services: Services, ctx: { principal: Principal; address: string | null }, query: { month: ReportMonth; simulated?: 'exclude' | 'include' | 'only' }): Promise<OverrideReport> {
  authorise(ctx.principal, 'report.read');
  const { timeZone, from, to } = endedMonth(services, query.month);
  const { triaged, groundOverridden, rows } = await services.store.read.reports.overrides(ctx.principal.regionId, from, to, query.simulated ?? 'exclude');
  const report = suppressBreakdown(triaged, rows.map((r) => ({ key: r, count: r.count })));
  // The §30 overrides and the rest of the triaged calls are one linked sum with the triaged total.
  const grounds = suppressLinked([triaged, groundOverridden, triaged - groundOverridden], [{ total: 0, parts: [1, 2] }]);
  await services.store.read.audit.write(
    auditOf(ctx, services.clock(), { action: 'report.overrides', outcome: 'allowed', resourceType: 'report', purpose: 'reporting', detail: { month: query.month, simulated: query.simulated ?? 'exclude' } }),
  );
  return {
    regionId: ctx.principal.regionId,
    month: query.month,
    simulated: query.simulated ?? 'exclude',
    timeZone,
    from: from.toISOString(),
    to: to.toISOString(),
    triaged: report.population,
    overridden: report.subtotal,
    groundOverridden: grounds[1] || report.population === null ? null : groundOverridden,
    rows: report.cells.map((c) => ({ reasonCode: c.key.reasonCode, from: c.key.from, to: c.key.to, count: c.count, suppressed: c.suppressed })),
  };
}

/** The bounds of a whole month that has ended, in the region's zone (ADR 0020); any other is refused naming the parameter. */
export function endedMonth(services: Services, month: ReportMonth): { timeZone: string; from: Date; to: Date } {
  const timeZone = REGION_TIME_ZONE;
  if (!monthHasEnded(month, services.clock(), timeZone)) {
    throw new DomainError('validation_failed', 'querystring.month: must be a month that has ended (reports cover whole months)', {}, [
      { field: 'querystring.month', rule: 'ended', message: 'must be a month that has ended (reports cover whole months)' },
    ]);
  }
  return { timeZone, ...monthBounds(month, timeZone) };
}

/**
 * Hand-offs of the reader's region in one whole month that has ended (ADR 0020, 0028): how many
 * calls went between 911, 988, CARES and the hub, in which direction, how they ended and how fast
 * they were accepted, so the RAC can give the CESSA §40 figure of calls coordinated between 911 and 988.
 */
export async function handoffReport(services: Services, ctx: { principal: Principal; address: string | null }, query: { month: ReportMonth; region?: string }): Promise<HandoffReport> {
  authorise(ctx.principal, 'report.read');
  if (query.region !== undefined && query.region !== ctx.principal.regionId) throw forbidden('Reports cover your own region');
  const { timeZone, from, to } = endedMonth(services, query.month);
  const rows = await services.store.read.handoffs.monthCounts(ctx.principal.regionId, from, to);
  const total = rows.reduce((n, r) => n + r.count, 0);
  // The total and its parts are one linked sum: a total minus the shown parts must not give a hidden one away.
  const hidden = suppressLinked([total, ...rows.map((r) => r.count)], [{ total: 0, parts: rows.map((_, i) => i + 1) }]);
  await services.store.read.audit.write(
    auditOf(ctx, services.clock(), { action: 'report.handoffs', outcome: 'allowed', resourceType: 'report', purpose: 'reporting', detail: { month: query.month } }),
  );
  return {
    regionId: ctx.principal.regionId,
    month: query.month,
    timeZone,
    from: from.toISOString(),
    to: to.toISOString(),
    offered: hidden[0] ? null : total,
    rows: rows.map((r, i) => {
      const suppressed = hidden[i + 1]!;
      return {
        kind: r.kind,
        fromAgencyKind: r.fromAgencyKind,
        toAgencyKind: r.toAgencyKind,
        outcome: r.state,
        count: suppressed ? null : r.count,
        suppressed,
        acceptedSecondsMedian: suppressed ? null : r.acceptedSecondsMedian,
        acceptedSecondsP90: suppressed ? null : r.acceptedSecondsP90,
      };
    }),
  };
}
