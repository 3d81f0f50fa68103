import { suppressSmallCells, suppressedTotal, type Principal } from '@continuum/domain';
import type { OverrideReport } from '@continuum/contracts';
import { auditOf, type Services } from './context.ts';
import { authorise } from './incidents.ts';

/**
 * How often call-takers chose another response than the protocol's, and why, for the reader's
 * region: the count the RAC reviews when it revises levels 2 and 3 (issue #4).
 */
export async function overrideReport(services: Services, ctx: { principal: Principal; address: string | null }, window: { from: string; to: string }): Promise<OverrideReport> {
  authorise(ctx.principal, 'report.read');
  const { triaged, rows } = await services.store.read.reports.overrides(ctx.principal.regionId, new Date(window.from), new Date(window.to));
  const overridden = rows.reduce((n, r) => n + r.count, 0);
  const cells = suppressSmallCells(rows.map((r) => ({ key: r, count: r.count })));
  await services.store.read.audit.write(
    auditOf(ctx, services.clock(), { action: 'report.overrides', outcome: 'allowed', resourceType: 'report', purpose: 'reporting', detail: window }),
  );
  return {
    regionId: ctx.principal.regionId,
    from: window.from,
    to: window.to,
    triaged: suppressedTotal(triaged),
    overridden: suppressedTotal(overridden),
    rows: cells.map((c) => ({ reasonCode: c.key.reasonCode, from: c.key.from, to: c.key.to, count: c.count, suppressed: c.suppressed })),
  };
}
