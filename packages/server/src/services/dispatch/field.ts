import { can, decidePanic, decidePanicResolved, DomainError, isActive, PERSON_FIELD_CLASS, type IncidentState } from '@continuum/domain';
import { personReach } from '../people/people-access.ts';
import type { FieldAssignment, PanicRequest, UnitView } from '@continuum/contracts';
import type { LiveUnit, Repositories } from '@continuum/storage';
import { presentIncident } from '../../presenters/incident.ts';
import { presentUnit } from '../../presenters/unit.ts';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { responseOf, type DispatchSettings } from './dispatch.ts';
import { flagPanic } from './dispatch-actions.ts';
import { auditOfReach, authorise, feedOf } from '../incident/incidents.ts';
import { loadInReach, part2For } from '../reach.ts';
import { authoriseUnitCommand, requireCommand, standingOver } from './unit-access.ts';
import { unitsOfUser } from './unit-catalogue.ts';
import { unitFeedOf, type UnitSettings } from './units.ts';
import { performWrite } from '../write.ts';

/**
 * The units a crew member rides: those they are rostered on for the shift running now; failing
 * that (a roster not yet set), the units of their agency and the co-response units it partners
 * in, so a crew is never locked out of its own call. Rostered units come first, then a unit with
 * a call, then one on duty, so a person with one unit never has to pick.
 */
export async function crewUnits(repos: Repositories, principal: RequestContext['principal'], now: Date): Promise<LiveUnit[]> {
  const rostered = new Set((await unitsOfUser(repos, principal.userId, now)).map((u) => u.unitId));
  if (rostered.size > 0) return sortForCrew(await repos.unitStatus.getMany([...rostered]), rostered);
  return agencyUnits(repos, principal, rostered);
}

/** The units of the person's agency and the co-response units it partners in: those its field staff may step. */
async function agencyUnits(repos: Repositories, principal: RequestContext['principal'], rostered: ReadonlySet<string>): Promise<LiveUnit[]> {
  const units = (await repos.unitStatus.list([principal.agencyId])).concat(
    (await repos.unitStatus.list(await partnerOwners(repos, principal.agencyId))).filter((u) => u.partnerAgencyIds.includes(principal.agencyId)),
  );
  return sortForCrew(units, rostered);
}

/** A unit with a call first, then one on duty, then by name. */
function sortForCrew(units: LiveUnit[], rostered: ReadonlySet<string>): LiveUnit[] {
  const rank = (u: LiveUnit) => (rostered.has(u.id) ? 0 : 3) + (u.currentIncidentId ? 0 : u.status !== 'off_duty' ? 1 : 2);
  return units.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** Agencies that own units some of whose partners might be this agency (the co-response programmes). */
async function partnerOwners(repos: Repositories, agencyId: string): Promise<string[]> {
  const agency = await repos.organisations.agency(agencyId);
  if (!agency) return [];
  return (await repos.organisations.agencies(agency.regionId)).map((a) => a.id).filter((id) => id !== agencyId);
}

/**
 * The call a unit holds, when it is within this person's reach; null when it is not (out of reach
 * answers as absent). Any other failure is the database's and is not swallowed.
 */
async function callInReach(tx: Repositories, principal: RequestContext['principal'], incidentId: string, now: Date): Promise<IncidentState | null> {
  try {
    return (await loadInReach(tx, principal, incidentId, now, { lock: true })).state;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') return null;
    throw err;
  }
}

/** A maps link to the scene that opens the phone's maps app; only for readers of locations. */
const directionsTo = (s: IncidentState): string | null =>
  s.location.lat !== undefined && s.location.lon !== undefined ? mapsLink(s.location.lat, s.location.lon) : null;
const mapsLink = (lat: number, lon: number) => `https://www.google.com/maps/dir/?api=1&destination=${lat},${lon}`;

/**
 * Where the crew is taking the person (issue 15 §5): while transporting (and on arrival) the
 * field view steers to the facility, not back to the scene. A facility's place is the public
 * directory's; only a facility chosen from it has one (a typed destination has none).
 */
async function destinationOf(repos: Services['store']['read'], state: IncidentState, unitId: string) {
  const mine = state.response.assignments.find((a) => a.unitId === unitId && isActive(a));
  if (!mine || (mine.stage !== 'transporting' && mine.stage !== 'at_destination') || !mine.destinationFacilityId) return null;
  const facility = await repos.facilities.get(mine.destinationFacilityId);
  return facility ? { name: facility.name, address: facility.location.address, lat: facility.location.lat, lon: facility.location.lon, arrived: mine.stage === 'at_destination' } : null;
}

/**
 * The field view's one read (issue 5 §7): the crew's unit, its call as the crew's role may see
 * it, the partner units on the call, and a directions link. Reading the call is audited like any
 * read of an incident.
 */
export async function fieldAssignment(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, unitId: string | undefined, settings: DispatchSettings & UnitSettings): Promise<FieldAssignment> {
  authorise(ctx.principal, 'incident.field_update');
  const now = services.clock();
  const repos = services.store.read;
  const mine = await crewUnits(repos, ctx.principal, now);
  // A crew member covering another of the agency's units (a colleague off sick) opens it by id:
  // the same units the server lets them step, even though the roster lists only their own.
  const unit = unitId ? mine.find((u) => u.id === unitId) ?? (await agencyUnits(repos, ctx.principal, new Set())).find((u) => u.id === unitId) : mine[0];
  if (unitId && !unit) throw new DomainError('not_found', `Unit ${unitId} is not one of yours`, { resource: 'Unit', id: unitId });
  const base = { units: mine.map((u) => ({ id: u.id, name: u.name })), timers: settings.timers, partners: [] as UnitView[] };
  if (!unit) return { ...base, unit: null, incident: null, response: null, directionsUrl: null, destination: null };
  const unitView = presentUnit(unit, now, settings.staleAfterSeconds, true);
  if (!unit.currentIncidentId) return { ...base, unit: unitView, incident: null, response: null, directionsUrl: null, destination: null };
  const { state, reach, access } = await loadInReach(repos, ctx.principal, unit.currentIncidentId, now);
  await repos.audit.write(auditOf(ctx, now, { action: 'incident.read', outcome: 'allowed', resourceType: 'incident', resourceId: state.id, ...auditOfReach(reach) }));
  const partnerIds = state.response.assignments.filter((a) => isActive(a) && a.unitId !== unit.id).map((a) => a.unitId);
  const partners = (await repos.unitStatus.getMany(partnerIds)).map((u) => presentUnit(u, now, settings.staleAfterSeconds, false));
  const safetyPlan = await safetyPlanOnScene(repos, ctx, state.id, access.agreements, now);
  const locations = reach.classes.includes('location_safety');
  const destination = locations ? await destinationOf(repos, state, unit.id) : null;
  return {
    ...base,
    ...(safetyPlan !== undefined ? { safetyPlan } : {}),
    unit: unitView,
    incident: presentIncident(state, ctx.principal, reach.classes, part2For(reach, access, state.id)),
    response: responseOf(state, ctx.principal, reach, now, settings),
    partners,
    destination,
    directionsUrl: !locations ? null : destination ? mapsLink(destination.lat, destination.lon) : directionsTo(state),
  };
}

/**
 * The safety plan of the person linked to the crew's call (issue 15 §6): what helps and what does
 * not, before they knock. Only for a role that may read people, over a record within its reach
 * whose clinical class it may read; the disclosure is audited as a read of the person.
 */
async function safetyPlanOnScene(repos: Repositories, ctx: Pick<RequestContext, 'principal' | 'address'>, incidentId: string, agreements: Awaited<ReturnType<Repositories['sharing']['current']>>, now: Date) {
  if (!can(ctx.principal, 'person.read')) return undefined;
  const personId = (await repos.people.linksOf([incidentId])).get(incidentId);
  const person = personId ? await repos.people.get(personId) : null;
  const reach = person ? personReach(ctx.principal, person, agreements, now) : null;
  if (!person || !reach || !reach.classes.includes(PERSON_FIELD_CLASS.safetyPlan)) return undefined;
  await repos.audit.write(auditOf(ctx, now, {
    action: 'person.read', outcome: 'allowed', resourceType: 'person', resourceId: person.id,
    fieldClasses: [PERSON_FIELD_CLASS.safetyPlan], purpose: reach.purpose, detail: { via: reach.via, part: 'safety_plan', incidentId },
  }));
  return person.safetyPlan;
}

/**
 * A crew's panic (issue 5 §5), never refused for a crew on duty: flagged on the unit at once and,
 * when the unit holds a call, on the call too, so the dispatcher and the partner units are alerted
 * through the live feed in the same commit.
 */
export async function unitPanic(services: Services, ctx: RequestContext, unitId: string, input: PanicRequest, settings: DispatchSettings & UnitSettings) {
  authoriseUnitCommand(ctx.principal);
  return performWrite<UnitView>(services, ctx, 'unit.panic', async (tx, now) => {
    const unit = await tx.unitStatus.get(unitId, { lock: true });
    if (!unit) throw new DomainError('not_found', `Unit ${unitId} was not found`, { resource: 'Unit', id: unitId });
    requireCommand(await standingOver(tx, ctx.principal, unit, now), unitId);
    const fix = input.position ?? null;
    const feed = [];
    // The call may lie outside this person's reach (a partner agency's unit): the panic still
    // goes on the unit, which the dispatcher sees, rather than being refused.
    const current = unit.currentIncidentId ? await callInReach(tx, ctx.principal, unit.currentIncidentId, now) : null;
    if (current && current.response.assignments.some((a) => a.unitId === unitId && isActive(a))) {
      const { state } = await tx.incidents.append(current.id, current, decidePanic(current, unitId, fix).events, { actorId: ctx.principal.userId, occurredAt: now });
      feed.push(...feedOf(state));
    }
    const flagged = await flagPanic(tx, unit, { type: 'unit.panic_raised', data: { incidentId: unit.currentIncidentId, position: fix } }, null, ctx.principal.userId, now);
    feed.push(...unitFeedOf(flagged));
    return {
      status: 200,
      body: presentUnit(flagged, now, settings.staleAfterSeconds, true),
      audit: { action: 'unit.panic', resourceType: 'unit', resourceId: unitId, purpose: 'crisis_response', detail: { incidentId: unit.currentIncidentId, ...(fix ? { position: fix } : {}) } },
      feed,
    };
  });
}

/**
 * A dispatcher closes a unit's panic once the crew is safe, with how it was resolved: on the unit
 * and, when it was raised on a call, on the call too. Only an open panic can be closed.
 */
export async function resolveUnitPanic(services: Services, ctx: RequestContext, unitId: string, reason: string, settings: DispatchSettings & UnitSettings) {
  authorise(ctx.principal, 'incident.dispatch');
  return performWrite<UnitView>(services, ctx, 'unit.panic_resolve', async (tx, now) => {
    const unit = await tx.unitStatus.get(unitId, { lock: true });
    if (!unit) throw new DomainError('not_found', `Unit ${unitId} was not found`, { resource: 'Unit', id: unitId });
    requireCommand(await standingOver(tx, ctx.principal, unit, now), unitId);
    if (!unit.panicAt) throw new DomainError('illegal_transition', `${unit.name} has no open panic`, { currentStatus: unit.status });
    const feed = [];
    const current = unit.currentIncidentId ? await callInReach(tx, ctx.principal, unit.currentIncidentId, now) : null;
    const open = current?.response.assignments.find((a) => a.unitId === unitId && isActive(a) && a.panic && !a.panic.resolvedAt);
    if (current && open) {
      const { state } = await tx.incidents.append(current.id, current, decidePanicResolved(current, unitId, reason).events, { actorId: ctx.principal.userId, occurredAt: now });
      feed.push(...feedOf(state));
    }
    const flagged = await flagPanic(tx, unit, { type: 'unit.panic_resolved', data: { position: null } }, reason, ctx.principal.userId, now);
    feed.push(...unitFeedOf(flagged));
    return {
      status: 200,
      body: presentUnit(flagged, now, settings.staleAfterSeconds, true),
      audit: { action: 'unit.panic_resolve', resourceType: 'unit', resourceId: unitId, purpose: 'crisis_response', detail: { incidentId: unit.currentIncidentId, reason } },
      feed,
    };
  });
}
