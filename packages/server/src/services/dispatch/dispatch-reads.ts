import {
  accuracyOf,
  compareUrgency,
  DESK_RESPONSES,
  isApproximate,
  languageNeed,
  dispatchPlanOf,
  DomainError,
  invalid,
  isActive,
  emergencyTypeOf,
  needsOf,
  PURPOSE_OF_ROLE,
  recommendUnits,
} from '@continuum/domain';
import type { DispatchQueue, IncidentTrail, RecommendationView } from '@continuum/contracts';
import { disclosedClasses, presentIncident } from '../../presenters/incident.ts';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { responseOf, type DispatchSettings } from './dispatch.ts';
import { dispatchUnitsFor } from './unit-catalogue.ts';
import { auditOfReach, authorise } from '../incident/incidents.ts';
import { accessFor, listableAgencies, loadInReach, part2For, reachOver } from '../reach.ts';

/** The statuses of the dispatch queue: waiting for a unit, or being answered. */
const QUEUE_STATUSES = ['awaiting_dispatch', 'dispatched', 'en_route', 'on_scene', 'transporting'] as const;
const QUEUE_LIMIT = 200;
/** Twice the future allowance of accepted fixes (DEFAULT_POSITION_LIMITS.maxFutureSeconds). */
const DEVICE_CLOCK_AHEAD_MS = 60_000;

/**
 * The dispatch queue (issue 5 §6): open incidents in reach waiting for or holding units, each
 * with its response (units, clock, alerts), most urgent first. The read is audited once with the
 * ids listed, as the incident list is.
 */
export async function dispatchQueue(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, settings: DispatchSettings): Promise<DispatchQueue> {
  authorise(ctx.principal, 'incident.read');
  const now = services.clock();
  const repos = services.store.read;
  const rows = await repos.incidents.list({ agencyIds: await listableAgencies(repos, ctx.principal, now), statuses: [...QUEUE_STATUSES], limit: QUEUE_LIMIT });
  const access = await accessFor(repos, ctx.principal, rows.map((r) => r.id), now);
  const items = rows.flatMap((s) => {
    const reach = reachOver(ctx.principal, s, access, now);
    return reach ? [{ incident: presentIncident(s, ctx.principal, reach.classes, part2For(reach, access, s.id)), response: responseOf(s, ctx.principal, reach, now, settings), reach }] : [];
  });
  const key = (x: (typeof items)[number]) => ({
    panic: x.response.alerts.some((a) => a.code === 'panic'),
    level: x.incident.riskLevel,
    minutesLeft: x.response.minutesLeft,
    receivedAt: x.incident.receivedAt,
  });
  items.sort((a, b) => compareUrgency(key(a), key(b)));
  await repos.audit.write(
    auditOf(ctx, now, {
      action: 'dispatch.queue',
      outcome: 'allowed',
      resourceType: 'incident',
      fieldClasses: [...new Set(items.flatMap((x) => disclosedClasses(x.reach.classes)))],
      purpose: PURPOSE_OF_ROLE[ctx.principal.role],
      detail: { ids: items.map((x) => x.incident.id) },
    }),
  );
  return { items: items.map(({ incident, response }) => ({ incident, response })), timers: settings.timers, now: now.toISOString() };
}

/**
 * The recommendation for one incident (issue 5 §3) over the units in the dispatcher's reach:
 * ranked with ETA, distance, position age and reasons; shortfalls with codes; the §30 police
 * fallback only when no crisis team can arrive within the maximum.
 */
export async function recommendationFor(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, incidentId: string, limit: number, settings: DispatchSettings): Promise<RecommendationView> {
  authorise(ctx.principal, 'incident.dispatch');
  const now = services.clock();
  const repos = services.store.read;
  const { state, reach } = await loadInReach(repos, ctx.principal, incidentId, now);
  const plan = dispatchPlanOf(state);
  if (!plan) throw invalid([{ field: 'incident', rule: 'not_triaged', message: 'triage the call first: there is no response plan to recommend units for' }]);
  const { lat, lon } = state.location;
  if (accuracyOf(state.location) === 'unknown') {
    throw invalid([{ field: 'location', rule: 'location_unknown', message: 'the caller\'s location is unknown: keep talking, ask where they are or place a pin, then recommend a team' }]);
  }
  if (lat === undefined || lon === undefined) {
    throw invalid([{ field: 'location', rule: 'no_coordinates', message: 'the incident has an address but no map position: place it on the map to rank units by arrival time' }]);
  }
  if (DESK_RESPONSES.includes(plan.responseType)) throw new DomainError('validation_failed', `The plan is ${plan.responseType.replaceAll('_', ' ')}: no unit is sent`, {}, [{ field: 'incident', rule: 'no_field_response', message: `${plan.responseType.replaceAll('_', ' ')} sends no unit` }]);
  const units = await dispatchUnitsFor(repos, await listableAgencies(repos, ctx.principal, now), now);
  const rec = await recommendUnits({ location: { lat, lon }, responsePlan: plan, emergencyType: emergencyTypeOf(state), needs: needsOf(state), preferredLanguage: languageNeed(state.preferredLanguage), approximateLocation: isApproximate(state.location) }, units, {
    now,
    travel: settings.travel,
    staleAfterSeconds: settings.staleAfterSeconds,
    regionalMaxMinutes: settings.timers.regionalMaxMinutes,
    limit,
  });
  await repos.audit.write(auditOf(ctx, now, { action: 'incident.recommendation', outcome: 'allowed', resourceType: 'incident', resourceId: incidentId, ...auditOfReach(reach), fieldClasses: ['operational', 'location_safety'] }));
  return { incidentId, responseType: plan.responseType, ...rec };
}

/**
 * Where each unit on a call went (issue 5 §2): its fixes from dispatch until it cleared or was
 * released. Positions are location data: only readers of that class get them.
 */
export async function incidentTrail(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, incidentId: string): Promise<IncidentTrail> {
  authorise(ctx.principal, 'incident.read');
  const now = services.clock();
  const repos = services.store.read;
  const { state, reach } = await loadInReach(repos, ctx.principal, incidentId, now);
  if (!reach.classes.includes('location_safety')) throw new DomainError('forbidden', 'Your reach over this incident does not include locations');
  const units = [];
  for (const a of state.response.assignments) {
    // A unit still on the call: fixes a device stamps a little ahead of the server (accepted up
    // to the position limit's future allowance) belong to the trail too.
    const end = a.clearedAt ?? a.releasedAt ?? (isActive(a) ? new Date(now.getTime() + DEVICE_CLOCK_AHEAD_MS).toISOString() : a.assignedAt);
    const points = await repos.unitStatus.trail(a.unitId, new Date(a.assignedAt), new Date(end));
    units.push({ unitId: a.unitId, unitName: a.unitName, points: points.map((p) => ({ lat: p.lat, lon: p.lon, at: p.at.toISOString() })) });
  }
  await repos.audit.write(auditOf(ctx, now, { action: 'incident.trail', outcome: 'allowed', resourceType: 'incident', resourceId: incidentId, ...auditOfReach(reach), fieldClasses: ['location_safety'] }));
  return { units };
}
