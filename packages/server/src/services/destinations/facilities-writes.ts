import { capacityUpdateIssues, DomainError, invalid, notFound, type FieldIssue } from '@continuum/domain';
import type { ArrivalRequest, CapacityRequest, FacilityView } from '@continuum/contracts';
import type { FacilityRecord, Repositories } from '@continuum/storage';
import type { RequestContext, Services } from '../context.ts';
import { requireFacilityStaff, requireResponder } from './facilities-access.ts';
import { authorise } from '../incident/incidents.ts';
import { facilityFeedOf, loadFacilityView, type FacilitySettings } from './facilities.ts';
import { performWrite, type WriteOutcome } from '../write.ts';

/**
 * Every change to a facility: lock its row (two figures, or a figure and a confirmation, queue
 * up instead of one overwriting the other), check who asks, do the work, and answer with the
 * facility as the reader sees it, audited and published in one transaction.
 */
async function changeFacility(
  services: Services,
  ctx: RequestContext,
  action: string,
  id: string,
  settings: FacilitySettings,
  work: (tx: Repositories, f: FacilityRecord, now: Date) => Promise<{ version: number; detail: Record<string, unknown>; status?: number }>,
) {
  return performWrite<FacilityView>(services, ctx, action, async (tx, now): Promise<WriteOutcome<FacilityView>> => {
    const f = await tx.facilities.get(id, { lock: true });
    // Another region's facility reads as absent, as it does in the directory.
    if (!f || f.regionId !== ctx.principal.regionId) throw notFound('Facility', id);
    const done = await work(tx, f, now);
    const body = await loadFacilityView(tx, ctx.principal, id, now, settings);
    return {
      status: done.status ?? 200,
      body,
      audit: { action, resourceType: 'facility', resourceId: id, purpose: 'crisis_response', detail: { ...done.detail, version: done.version } },
      feed: facilityFeedOf(f, done.version),
    };
  });
}

/** Staff report the free beds or chairs now (and the total when it changed). */
export function reportCapacity(services: Services, ctx: RequestContext, id: string, input: CapacityRequest, settings: FacilitySettings) {
  // The role first, before any data is touched; membership once the facility is loaded.
  authorise(ctx.principal, 'facility.capacity');
  return changeFacility(services, ctx, 'facility.capacity', id, settings, async (tx, f, now) => {
    requireFacilityStaff(ctx.principal, f);
    const issues = capacityUpdateIssues(input, f);
    if (issues.length > 0) throw invalid(issues);
    const total = input.total === undefined ? f.total : input.total;
    const version = await tx.facilities.report({ facilityId: id, available: input.available, total, reportedAt: now, reportedBy: ctx.principal.userId, source: 'report' });
    return { version, detail: { from: { available: f.available, total: f.total }, to: { available: input.available, total } } };
  });
}

/** A responding crew or a dispatcher announces that they are bringing someone. */
export function announceArrival(services: Services, ctx: RequestContext, id: string, input: ArrivalRequest, settings: FacilitySettings) {
  requireResponder(ctx.principal);
  return changeFacility(services, ctx, 'facility.arrival_announce', id, settings, async (tx, _f, now) => {
    const issues: FieldIssue[] = [];
    if (input.incidentId && !(await tx.incidents.get(input.incidentId))) issues.push({ field: 'incidentId', rule: 'unknown_incident', message: `no incident ${input.incidentId}` });
    if (input.unitId && !(await tx.unitStatus.get(input.unitId))) issues.push({ field: 'unitId', rule: 'unknown_unit', message: `no unit ${input.unitId}` });
    if (issues.length > 0) throw invalid(issues);
    const arrivalId = services.newId();
    const expectedAt = input.expectedAt ? new Date(input.expectedAt) : null;
    await tx.facilities.announce({ id: arrivalId, facilityId: id, incidentId: input.incidentId ?? null, unitId: input.unitId ?? null, announcedAt: now, announcedBy: ctx.principal.userId, expectedAt });
    const version = await tx.facilities.touch(id);
    return { version, status: 201, detail: { arrivalId, incidentId: input.incidentId ?? null, unitId: input.unitId ?? null } };
  });
}

/**
 * The facility confirms that the person arrived (they now take one of the places, so the figure
 * goes down by one) or cancels the announcement; either way it stops counting as pending.
 */
export function settleArrival(services: Services, ctx: RequestContext, id: string, arrivalId: string, outcome: 'confirmed' | 'cancelled', settings: FacilitySettings) {
  const action = outcome === 'confirmed' ? 'facility.arrival_confirm' : 'facility.arrival_cancel';
  authorise(ctx.principal, 'facility.capacity');
  return changeFacility(services, ctx, action, id, settings, async (tx, f, now) => {
    requireFacilityStaff(ctx.principal, f);
    const arrival = await tx.facilities.arrival(id, arrivalId);
    if (!arrival) throw notFound('Arrival', arrivalId);
    if (!(await tx.facilities.settle(arrivalId, outcome, ctx.principal.userId, now))) {
      throw new DomainError('conflict', `The arrival was already ${arrival.status}`, { arrivalId, status: arrival.status });
    }
    const version =
      outcome === 'confirmed'
        ? await tx.facilities.report({ facilityId: id, available: Math.max(0, f.available - 1), total: f.total, reportedAt: now, reportedBy: ctx.principal.userId, source: 'arrival_confirmed' })
        : await tx.facilities.touch(id);
    return { version, detail: { arrivalId, outcome, incidentId: arrival.incidentId } };
  });
}
