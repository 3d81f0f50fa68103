import { availableNow, capacityAge, DomainError, holdsPlace, isCapacityStale, recommendDestinations, type FacilityCandidate } from '@continuum/domain';
import type { DestinationsQuery, DestinationsView } from '@continuum/contracts';
import type { z } from 'zod';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import type { DispatchSettings } from '../dispatch/dispatch.ts';
import { auditOfReach, authorise } from '../incident/incidents.ts';
import { loadInReach } from '../reach.ts';

/** A crew's answer to "where can this person go?" needs the figures' stale age too. */
export type DestinationSettings = DispatchSettings & { facilityStaleMinutes: number; arrivalHoldMinutes: number };

/**
 * Where the person on this call may go (issue 6 §3), ranked least restrictive first with travel
 * time, capacity and reasons, and every excluded destination with its reason. The person's age
 * decides some criteria; a reader who may not read demographics is told the rule, not the age.
 */
export async function destinationsFor(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, incidentId: string, query: z.output<typeof DestinationsQuery>, settings: DestinationSettings): Promise<DestinationsView> {
  authorise(ctx.principal, 'incident.read');
  const now = services.clock();
  const repos = services.store.read;
  const { state, reach } = await loadInReach(repos, ctx.principal, incidentId, now);
  const { lat, lon } = state.location;
  if (lat === undefined || lon === undefined) {
    throw new DomainError('validation_failed', 'The call has no map position to time the trips from', {}, [
      { field: 'location', rule: 'no_coordinates', message: 'place the call on the map first' },
    ]);
  }
  const facilities = await repos.facilities.list({ regionId: state.regionId });
  const pending = await repos.facilities.pending(facilities.map((f) => f.id));
  const candidates: FacilityCandidate[] = facilities.map((f) => ({
    id: f.id,
    name: f.name,
    location: { lat: f.location.lat, lon: f.location.lon },
    profile: { kind: f.kind, name: f.name, criteria: f.criteria, hours: f.hours },
    capacityUnit: f.capacityUnit,
    availableNow: f.reportedAt ? availableNow(f, (pending.get(f.id) ?? []).filter((a) => holdsPlace(a, now, settings.arrivalHoldMinutes)).length).availableNow : null,
    stale: isCapacityStale(f.reportedAt, now, settings.facilityStaleMinutes),
    ageSeconds: capacityAge(f.reportedAt, now),
  }));
  const rec = await recommendDestinations(
    { ...query, age: state.person.age ?? null, at: now, location: { lat, lon }, home: null, chosenPlace: query.chosenPlace ? { label: query.chosenPlace } : null },
    candidates,
    settings.travel,
  );
  const seesAge = reach.classes.includes('demographics');
  await repos.audit.write(auditOf(ctx, now, { action: 'incident.destinations', outcome: 'allowed', resourceType: 'incident', resourceId: incidentId, ...auditOfReach(reach), fieldClasses: ['operational', 'location_safety'] }));
  return {
    incidentId,
    ranked: rec.ranked,
    excluded: rec.excluded.map(({ generalReason, ...e }) => (seesAge ? e : { ...e, reason: generalReason })),
    noEligibleDestination: rec.noEligibleDestination,
  };
}
