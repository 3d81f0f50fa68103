import { forbidden, localDayStart, REGION_TIME_ZONE, type Principal } from '@continuum/domain';
import type { Dashboard } from '@continuum/contracts';
import { auditOf, type Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';

/**
 * The supervisor's live dashboard of the region (issue 14 §3): counts and ages only. Analysts are
 * refused: a day still running, asked twice, gives away the calls between the answers (ADR 0020),
 * so they read whole months. Audited like every report read.
 */
export async function dashboard(services: Services, ctx: { principal: Principal; address: string | null }): Promise<Dashboard> {
  authorise(ctx.principal, 'report.read');
  if (ctx.principal.role !== 'supervisor') throw forbidden('The live dashboard is for supervisors; analysts read whole months (GET /api/reports/rac)');
  const now = services.clock();
  const since = localDayStart(now, REGION_TIME_ZONE);
  const figures = await services.store.read.reportFacts.dashboard(ctx.principal.regionId, since, now);
  await services.store.read.audit.write(auditOf(ctx, now, { action: 'report.dashboard', outcome: 'allowed', resourceType: 'report', purpose: 'reporting', detail: {} }));
  return {
    regionId: ctx.principal.regionId,
    at: now.toISOString(),
    since: since.toISOString(),
    callsToday: figures.byStatus.reduce((n, s) => n + s.count, 0),
    ...figures,
  };
}
