import {
  stageOfAction,
  can,
  decideCheckIn,
  decideNote,
  decidePanic,
  decidePanicResolved,
  decideProgress,
  decideRelease,
  DomainError,
  forbidden,
  mayReadClass,
  type DispatchDecision,
  type IncidentState,
  type RecordedFix,
  type UnitEvent,
} from '@continuum/domain';
import type { AssignmentActionRequest, NoteRequest, ResponseView } from '@continuum/contracts';
import type { FacilityRecord, LiveUnit, Repositories } from '@continuum/storage';
import { facilityFeedOf } from '../destinations/facilities.ts';
import { recordFixWithChange } from './positions.ts';
import type { RequestContext, Services } from '../context.ts';
import { applyUnitMoves, responseOf, type DispatchSettings } from './dispatch.ts';
import { auditOfReach, feedOf, requireVersion } from '../incident/incidents.ts';
import { loadInReach } from '../reach.ts';
import { authoriseUnitCommand, requireCommand, standingOver } from './unit-access.ts';
import { unitFeedOf, type UnitSettings } from './units.ts';
import { performWrite } from '../write.ts';


/** Actions only a dispatcher takes: a crew does not take itself off a call or close its own panic. */
const DISPATCHER_ONLY: ReadonlySet<string> = new Set(['release', 'resolve_panic']);

function decide(state: IncidentState, unitId: string, input: AssignmentActionRequest, fix: RecordedFix | null, facility: FacilityRecord | null): DispatchDecision {
  const stage = stageOfAction(input.action);
  if (stage) {
    const destination = input.action === 'transporting' ? input.destination ?? facility?.name : undefined;
    return decideProgress(state, unitId, stage, { destination, facilityId: facility?.id, position: fix });
  }
  switch (input.action) {
    case 'check_in':
      return decideCheckIn(state, unitId, fix);
    case 'panic':
      return decidePanic(state, unitId, fix);
    case 'release':
      return decideRelease(state, unitId, input.kind, input.reason);
    case 'resolve_panic':
      return decidePanicResolved(state, unitId, input.reason);
    default:
      throw new DomainError('validation_failed', `Unknown action ${input.action}`);
  }
}

/** Raises or clears the unit's own panic flag, as a unit event, so the board shows it on the unit. */
export async function flagPanic(tx: Repositories, unit: LiveUnit, event: UnitEvent, reason: string | null, actorId: string, now: Date): Promise<LiveUnit> {
  const { state } = await tx.unitStatus.appendStatus(unit, { event, reason }, { actorId, occurredAt: now });
  return state;
}

/**
 * One unit's step on a call (issue 5 §4-5): acknowledge, en route, on scene, transporting, at
 * destination, clear, check in, panic; dispatchers also release (reassign or cancel) and resolve
 * a panic. The incident event, the unit's status event, the audit row and the feed commit together.
 */
export async function assignmentAction(services: Services, ctx: RequestContext, incidentId: string, unitId: string, input: AssignmentActionRequest, settings: DispatchSettings & UnitSettings) {
  authoriseUnitCommand(ctx.principal);
  const action = `incident.unit_${input.action}`;
  return performWrite<ResponseView>(services, ctx, action, async (tx, now) => {
    // Who may command the unit is settled before the call is read, so a refusal reveals nothing of it.
    if (DISPATCHER_ONLY.has(input.action) && !can(ctx.principal, 'incident.dispatch')) throw forbidden(`Only a dispatcher may ${input.action.replace('_', ' ')} a unit`);
    const unit = await tx.unitStatus.get(unitId, { lock: true });
    if (!unit) throw new DomainError('not_found', `Unit ${unitId} was not found`, { resource: 'Unit', id: unitId });
    requireCommand(await standingOver(tx, ctx.principal, unit, now), unitId);
    const { state: current, reach } = await loadInReach(tx, ctx.principal, incidentId, now, { lock: true });
    requireVersion(input.expectedVersion, current);
    const fix = input.position ?? null;
    const facility = input.action === 'transporting' && input.facilityId ? await destinationFacility(tx, input.facilityId, current.regionId) : null;
    const decision = decide(current, unitId, input, fix, facility);
    const { state } = await tx.incidents.append(incidentId, current, decision.events, { actorId: ctx.principal.userId, occurredAt: now });
    const facilityFeed = facility ? await announceArrivalOf(tx, services.newId(), facility, incidentId, unitId, ctx.principal.userId, now) : [];
    await recordFixWithChange(tx, unit, fix ? { lat: fix.lat, lon: fix.lon, at: new Date(fix.at) } : null, now, settings);
    const units = new Map([[unitId, unit]]);
    const position = fix ? { lat: fix.lat, lon: fix.lon, at: new Date(fix.at) } : undefined;
    const unitFeed = await applyUnitMoves(tx, decision, units, incidentId, ctx, now, position);
    if (input.action === 'panic' || input.action === 'resolve_panic') {
      const flagged = await flagPanic(
        tx,
        units.get(unitId)!,
        input.action === 'panic' ? { type: 'unit.panic_raised', data: { incidentId, position: fix } } : { type: 'unit.panic_resolved', data: { position: null } },
        input.action === 'resolve_panic' ? input.reason : null,
        ctx.principal.userId,
        now,
      );
      unitFeed.push(...unitFeedOf(flagged));
    }
    const audited = auditOfReach(reach);
    // The audit row says a reason was given, not what it said: free text is clinical (the
    // incident's history keeps it), and the audit trail's readers do not read clinical data.
    return {
      status: 200,
      body: responseOf(state, ctx.principal, reach, now, settings),
      audit: {
        action,
        resourceType: 'incident',
        resourceId: incidentId,
        ...audited,
        detail: { ...audited.detail, unitId, from: current.status, to: state.status, version: state.version, ...('reason' in input ? { reasonGiven: true } : {}), ...(fix ? { position: fix } : {}) },
      },
      feed: [...feedOf(state), ...unitFeed, ...facilityFeed],
    };
  });
}

/**
 * The facility a crew is transporting to, or a call closes at: one of the call's region's, or a
 * 422 naming the field (a facility elsewhere reads as unknown: its existence is not the caller's).
 */
export async function destinationFacility(tx: Repositories, facilityId: string, regionId: string, field = 'facilityId'): Promise<FacilityRecord> {
  const f = await tx.facilities.get(facilityId, { lock: true });
  if (!f || f.regionId !== regionId) {
    throw new DomainError('unknown_reference', `No facility ${facilityId} in this call's region`, {}, [{ field, rule: 'unknown_facility', message: `no facility ${facilityId} in this call's region` }]);
  }
  return f;
}

/**
 * Transporting to a facility announces the arrival there, in the same transaction: the person
 * counts against its figure until its staff confirm them (ADR 0012).
 */
async function announceArrivalOf(tx: Repositories, arrivalId: string, f: FacilityRecord, incidentId: string, unitId: string, actorId: string, now: Date) {
  await tx.facilities.announce({ id: arrivalId, facilityId: f.id, incidentId, unitId, announcedAt: now, announcedBy: actorId, expectedAt: null });
  return facilityFeedOf(f, await tx.facilities.touch(f.id));
}

/**
 * A hazard (safety class: every responder is told, police and EMS included) or a field note
 * (clinical: only roles that read clinical fields may write one, so nobody writes what they could
 * not read back).
 */
export async function addNote(services: Services, ctx: RequestContext, incidentId: string, input: NoteRequest, settings: DispatchSettings) {
  const p = ctx.principal;
  const permitted = ['incident.field_update', 'incident.dispatch', 'incident.triage'] as const;
  if (!permitted.some((perm) => can(p, perm))) {
    throw forbidden(`Your role (${p.role}) may not add notes to an incident`);
  }
  if (input.kind === 'note' && !mayReadClass(p.role, 'clinical')) throw forbidden(`Your role (${p.role}) records hazards, not clinical notes`);
  return performWrite<ResponseView>(services, ctx, `incident.${input.kind}`, async (tx, now) => {
    const { state: current, reach } = await loadInReach(tx, p, incidentId, now, { lock: true });
    requireVersion(input.expectedVersion, current);
    if (input.unitId && !current.response.assignments.some((a) => a.unitId === input.unitId)) {
      throw new DomainError('validation_failed', `Unit ${input.unitId} is not on this incident`, {}, [{ field: 'unitId', rule: 'on_incident', message: 'name a unit that is on this incident' }]);
    }
    const decision = decideNote(current, input.kind, p.userId, input.text, input.unitId ?? null);
    const { state } = await tx.incidents.append(incidentId, current, decision.events, { actorId: p.userId, occurredAt: now });
    const audited = auditOfReach(reach);
    return {
      status: 200,
      body: responseOf(state, p, reach, now, settings),
      // The note's text stays out of the audit row: it may be clinical, and the event holds it.
      audit: { action: `incident.${input.kind}`, resourceType: 'incident', resourceId: incidentId, ...audited, detail: { ...audited.detail, version: state.version } },
      feed: feedOf(state),
    };
  });
}
