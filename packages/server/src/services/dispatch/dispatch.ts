import {
  can,
  coversIncident,
  decideAssignment,
  decideUnitStatus,
  dispatchPlanOf,
  DomainError,
  groundFactsOf,
  emergencyTypeOf,
  needsOf,
  recommendUnits,
  isActive,
  type Assignment,
  type DispatchDecision,
  type DispatchTimers,
  type IncidentState,
  type Principal,
  type Reach,
  type TravelTimeEstimator,
} from '@continuum/domain';
import type { AssignRequest, ResponseView } from '@continuum/contracts';
import type { LiveUnit, Repositories } from '@continuum/storage';
import { presentResponse, type StandingOf } from '../../presenters/response.ts';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { dispatchUnitsFor } from './unit-catalogue.ts';
import { auditOfReach, authorise, feedOf, requireVersion } from '../incident/incidents.ts';
import { listableAgencies, loadInReach } from '../reach.ts';
import { belongsTo, requireCommand, standingOver } from './unit-access.ts';
import { unitFeedOf } from './units.ts';
import { performWrite, type WriteOutcome } from '../write.ts';

/** Settings of dispatch, from the server configuration. */
export interface DispatchSettings {
  timers: DispatchTimers;
  travel: TravelTimeEstimator;
  staleAfterSeconds: number;
}

/**
 * How a principal stands towards each unit on a call: a dispatcher (who may also release and
 * resolve), its crew (the owning or a partner agency's field staff: a co-response unit's deputy
 * and clinician alike), or neither.
 */
export function standingFor(principal: Principal): StandingOf {
  return (a: Assignment) => {
    if (can(principal, 'incident.dispatch')) return 'dispatcher';
    return belongsTo(principal, a) && can(principal, 'incident.field_update') ? 'crew' : null;
  };
}

/** The response view of an incident for a reader under a reach. */
export const responseOf = (s: IncidentState, principal: Principal, reach: Reach, now: Date, settings: DispatchSettings): ResponseView =>
  presentResponse(s, reach.classes, standingFor(principal), now, settings.timers);

/**
 * Applies what a dispatch decision does to units: each unit's status event (with the reason and
 * position), the tie to the incident made or undone, and the feed entries. The unit rows are
 * already locked by the caller.
 */
export async function applyUnitMoves(tx: Repositories, decision: DispatchDecision, units: Map<string, LiveUnit>, incidentId: string, ctx: RequestContext, now: Date, position?: { lat: number; lon: number; at: Date }) {
  const feed: ReturnType<typeof unitFeedOf> = [];
  for (const move of decision.units) {
    const unit = units.get(move.unitId)!;
    if (unit.status !== move.to) {
      const decided = decideUnitStatus(unit, { status: move.to, reason: move.reason ?? `incident ${incidentId}`, position });
      const { state } = await tx.unitStatus.appendStatus(unit, decided, { actorId: ctx.principal.userId, occurredAt: now });
      units.set(unit.id, state);
    }
    const holds = move.to !== 'available' && move.to !== 'out_of_service';
    await tx.unitStatus.setCurrentIncident(unit.id, holds ? incidentId : null);
    const after = { ...units.get(unit.id)!, currentIncidentId: holds ? incidentId : null };
    units.set(unit.id, after);
    feed.push(...unitFeedOf(after));
  }
  return feed;
}

/**
 * A justification as its audit row keeps it: the codes the RAC counts, and whether a note was
 * written, not the note (free text is clinical; the incident's history keeps it).
 */
const justificationAudited = (unitId: string, j: Assignment['justification']) =>
  j ? { unitId, code: j.code, breaks: j.breaks, cessa30: j.cessa30, noteGiven: j.note !== null, groundOverride: Boolean(j.groundOverride) } : { unitId };

/**
 * Whether the recommendation of this moment reports that no crisis team can arrive within the
 * regional maximum: the fact `crisis_team_unavailable_within_regional_maximum` stands on when 988
 * has reported nothing (issue 12 §4). Ranked only when that ground is given without a report.
 */
async function shortfallNow(tx: Repositories, principal: Principal, state: IncidentState, input: AssignRequest, now: Date, settings: DispatchSettings): Promise<boolean> {
  if (input.justification?.cessa30 !== 'crisis_team_unavailable_within_regional_maximum' || state.crisisTeamUnavailability) return false;
  const plan = dispatchPlanOf(state);
  const { lat, lon } = state.location;
  if (!plan || lat === undefined || lon === undefined) return false;
  const units = await dispatchUnitsFor(tx, await listableAgencies(tx, principal, now), now);
  const rec = await recommendUnits({ location: { lat, lon }, responsePlan: plan, emergencyType: emergencyTypeOf(state), needs: needsOf(state) }, units, {
    now, travel: settings.travel, staleAfterSeconds: settings.staleAfterSeconds, regionalMaxMinutes: settings.timers.regionalMaxMinutes, limit: 1,
  });
  return rec.policeFallback !== null;
}

/** Loads and locks units by id, refusing unknown ones (404) and ones the principal may not command (403). */
export async function lockUnits(tx: Repositories, principal: Principal, ids: readonly string[], now: Date): Promise<Map<string, LiveUnit>> {
  const units = new Map<string, LiveUnit>();
  // Locked in id order, so two dispatchers sending overlapping units cannot deadlock.
  for (const id of [...ids].sort()) {
    const unit = await tx.unitStatus.get(id, { lock: true });
    if (!unit) throw new DomainError('not_found', `Unit ${id} was not found`, { resource: 'Unit', id, field: 'units' });
    requireCommand(await standingOver(tx, principal, unit, now), id);
    units.set(id, unit);
  }
  return units;
}

/**
 * Sends one or more units to an incident (issue 5 §4): the plan is checked, each unit becomes
 * dispatched and tied to the call, and the incident's events, the unit events, the audit row and
 * the feed entries commit together, or nothing does.
 */
export async function assignUnits(services: Services, ctx: RequestContext, incidentId: string, input: AssignRequest, settings: DispatchSettings) {
  authorise(ctx.principal, 'incident.dispatch');
  return performWrite<ResponseView>(services, ctx, 'incident.assign', async (tx, now): Promise<WriteOutcome<ResponseView>> => {
    const { state: current, reach } = await loadInReach(tx, ctx.principal, incidentId, now, { lock: true });
    requireVersion(input.expectedVersion, current);
    const duplicate = input.units.find((u, i) => input.units.indexOf(u) !== i);
    if (duplicate) throw new DomainError('validation_failed', `Unit ${duplicate} is listed twice`, {}, [{ field: 'units', rule: 'unique', message: `unit ${duplicate} is listed twice` }]);
    const units = await lockUnits(tx, ctx.principal, input.units, now);
    const agencies = await listableAgencies(tx, ctx.principal, now);
    const onCallIds = current.response.assignments.filter(isActive).map((a) => a.unitId);
    const loaded = await dispatchUnitsFor(tx, [...new Set([...agencies, ...[...units.values()].map((u) => u.agencyId)])], now, [...input.units, ...onCallIds]);
    const byId = new Map(loaded.map((u) => [u.id, u]));
    const decision = decideAssignment(current, {
      units: input.units.map((id) => {
        const unit = byId.get(id)!;
        return { unit, coversIncident: coversIncident(unit, current.location), partnerAgencyIds: units.get(id)!.partnerAgencyIds };
      }),
      onCall: onCallIds.flatMap((id) => byId.get(id) ?? []),
      mode: input.mode,
      justification: input.justification,
      groundFacts: groundFactsOf(current, await shortfallNow(tx, ctx.principal, current, input, now, settings)),
      actorId: ctx.principal.userId,
      maySupervise: can(ctx.principal, 'incident.override_ground'),
    });
    const { state } = await tx.incidents.append(incidentId, current, decision.events, { actorId: ctx.principal.userId, occurredAt: now });
    const unitFeed = await applyUnitMoves(tx, decision, units, incidentId, ctx, now);
    const audited = auditOfReach(reach);
    const assigned = state.response.assignments.filter((a) => input.units.includes(a.unitId) && isActive(a));
    return {
      status: 200,
      body: responseOf(state, ctx.principal, reach, now, settings),
      audit: {
        action: 'incident.assign',
        resourceType: 'incident',
        resourceId: incidentId,
        ...audited,
        detail: { ...audited.detail, units: input.units, mode: assigned[0]?.mode, from: current.status, to: state.status, version: state.version, ...(assigned.some((a) => a.justification) ? { justifications: assigned.map((a) => justificationAudited(a.unitId, a.justification)) } : {}) },
      },
      feed: [...feedOf(state), ...unitFeed],
    };
  });
}

/**
 * Who responds to one incident, for any reader in reach. It carries hazards, positions and field
 * notes, so the read is audited as a read of the incident is, with the classes it disclosed.
 */
export async function readResponse(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, incidentId: string, settings: DispatchSettings): Promise<ResponseView> {
  authorise(ctx.principal, 'incident.read');
  const now = services.clock();
  const repos = services.store.read;
  const { state, reach } = await loadInReach(repos, ctx.principal, incidentId, now);
  await repos.audit.write(auditOf(ctx, now, { action: 'incident.response', outcome: 'allowed', resourceType: 'incident', resourceId: incidentId, ...auditOfReach(reach) }));
  return responseOf(state, ctx.principal, reach, now, settings);
}
