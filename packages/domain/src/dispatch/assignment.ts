import { DomainError, invalid, type FieldIssue } from '../errors.ts';
import type { DecidedEvent, IncidentEvent } from '../incident/events.ts';
import type { IncidentState, IncidentStatus } from '../incident/types.ts';
import { checkGround, groundFactsOf, type GroundFacts, type GroundOverride } from '../incident/grounds.ts';
import { DESK_RESPONSES, POLICE_JUSTIFICATIONS, type PoliceJustification, type ResponseType } from '../triage/types.ts';
import { dispatchPlanOf, needsOf, planBreaks } from './assignment-plan.ts';
import {
  DEVIATION_CODES,
  isActive,
  type Assignment,
  type AssignmentMode,
  type AssignmentStage,
  type DeviationCode,
  type ProgressStage,
  type RecordedFix,
  type ReleaseKind,
} from './assignment-types.ts';
import type { DispatchUnit } from './recommend-types.ts';
import type { UnitStatus } from './unit-status.ts';

/** Incident statuses in which units may be added: waiting for one, or already being answered. */
export const ASSIGNABLE_STATUSES: readonly IncidentStatus[] = ['awaiting_dispatch', 'dispatched', 'en_route', 'on_scene', 'transporting'];

/** A request to send units, already shape-checked at the boundary. */
export interface AssignCommand {
  units: readonly { unit: DispatchUnit; coversIncident: boolean; partnerAgencyIds?: readonly string[] }[];
  /** The units already on the call: with the new ones, they must bring every responder of the plan. */
  onCall: readonly DispatchUnit[];
  mode?: AssignmentMode;
  justification?: { code: string; cessa30?: string; note?: string; groundOverride?: string };
  /** The facts a §30 ground is checked against; the service adds the live recommendation's shortfall. */
  groundFacts?: GroundFacts;
  /** Who sends, and whether they may let a ground stand without its fact (a supervisor). */
  actorId?: string;
  maySupervise?: boolean;
}

/** What a decision does: the incident's events and the status each unit moves to. */
export interface DispatchDecision {
  events: DecidedEvent[];
  units: { unitId: string; to: UnitStatus; reason: string | null }[];
}

const decided = (event: IncidentEvent, reason: string | null = null): DecidedEvent => ({ event, reason });
const label = (s: string): string => s.replaceAll('_', ' ');

/**
 * Decides sending one or more units to an incident (issue 5 §4): each unit must be available and
 * not already on the call; several units need a way of arriving; a unit that breaks the plan goes
 * only with a coded justification, and one with police on a plan without police only with a
 * CESSA §30 ground as well. Refusals name the unit, the field and the rule, and change nothing.
 */
export function decideAssignment(state: IncidentState, command: AssignCommand): DispatchDecision {
  if (!ASSIGNABLE_STATUSES.includes(state.status)) {
    throw new DomainError('illegal_transition', `Cannot send units to an incident that is ${label(state.status)}`, {
      currentStatus: state.status, action: 'assign', version: state.version, allowedFrom: ASSIGNABLE_STATUSES,
    });
  }
  const plan = dispatchPlanOf(state);
  if (!plan) throw invalid([{ field: 'incident', rule: 'not_triaged', message: 'the call has no response plan: triage it with the guided interview or a vendor code first' }]);
  if (DESK_RESPONSES.includes(plan.responseType as ResponseType)) throw invalid([{ field: 'incident', rule: 'no_field_response', message: `the plan is ${plan.responseType.replaceAll('_', ' ')}: no unit is sent` }]);
  if (command.units.length === 0) throw invalid([{ field: 'units', rule: 'min_items', message: 'choose at least one unit' }]);

  const active = state.response.assignments.filter(isActive);
  command.units.forEach(({ unit }, i) => {
    if (active.some((a) => a.unitId === unit.id)) {
      throw new DomainError('conflict', `${unit.name} is already on this incident`, { unitId: unit.id, field: `units.${i}` });
    }
    if (unit.status !== 'available') {
      throw new DomainError('illegal_transition', `${unit.name} is ${label(unit.status)}, not available`, { unitId: unit.id, currentStatus: unit.status, field: `units.${i}` });
    }
  });
  const total = active.length + command.units.length;
  const mode: AssignmentMode = command.mode ?? 'single';
  if (total > 1 && mode === 'single') {
    throw invalid([{ field: 'mode', rule: 'required_for_several_units', message: 'several units: say whether they arrive together or meet on site' }]);
  }

  const together = [...command.units.map((c) => c.unit), ...command.onCall];
  const breaks = planBreaks(command.units, plan, needsOf(state), together, mode === 'meet_on_site');
  const justification = checkJustification(breaks, command.justification, {
    facts: command.groundFacts ?? groundFactsOf(state), actorId: command.actorId ?? 'unknown', maySupervise: command.maySupervise ?? false,
  });

  const events = command.units.map(({ unit, partnerAgencyIds }) => {
    const broke = breaks.find((b) => b.unitId === unit.id);
    return decided({
      type: 'incident.unit_assigned',
      data: {
        unitId: unit.id, unitName: unit.name, agencyId: unit.agencyId, partnerAgencyIds: [...(partnerAgencyIds ?? [])], model: unit.model, mode,
        justification: broke && justification ? { ...justification, breaks: broke.code } : null,
      },
    }, justification?.note ?? null);
  });
  return { events, units: command.units.map(({ unit }) => ({ unitId: unit.id, to: 'dispatched', reason: null })) };
}

function checkJustification(
  breaks: ReturnType<typeof planBreaks>,
  given: AssignCommand['justification'],
  ground: { facts: GroundFacts; actorId: string; maySupervise: boolean },
): { code: DeviationCode; cessa30: PoliceJustification | null; note: string | null; groundOverride?: GroundOverride } | null {
  if (breaks.length === 0) return null;
  if (!given) {
    const issues: FieldIssue[] = breaks.map((b) => ({ field: 'justification', rule: b.code, message: `${b.reason}: give a justification to send it anyway` }));
    throw invalid(issues);
  }
  const issues: FieldIssue[] = [];
  if (!(DEVIATION_CODES as readonly string[]).includes(given.code)) issues.push({ field: 'justification.code', rule: 'enum', message: `one of ${DEVIATION_CODES.join(', ')}` });
  const note = given.note?.trim() || null;
  if (given.code === 'other' && !note) issues.push({ field: 'justification.note', rule: 'required', message: 'say why when the reason is "other"' });
  const police = breaks.some((b) => b.code === 'police_not_in_plan');
  const cessa30 = given.cessa30 && (POLICE_JUSTIFICATIONS as readonly string[]).includes(given.cessa30) ? (given.cessa30 as PoliceJustification) : null;
  if (police && !cessa30) {
    issues.push({ field: 'justification.cessa30', rule: 'cessa_30_required', message: `sending police to this call needs a CESSA §30 ground: ${POLICE_JUSTIFICATIONS.join(', ')}` });
  }
  if (issues.length > 0) throw invalid(issues);
  // The ground must stand on the call's facts (issue 12 §4), or on a supervisor's written reason.
  const groundOverride = police && cessa30
    ? checkGround(cessa30, ground.facts, 'justification.cessa30', { reason: given.groundOverride, actorId: ground.actorId, maySupervise: ground.maySupervise })
    : null;
  if (!(police && cessa30) && given.groundOverride?.trim()) {
    throw invalid([{ field: 'justification.groundOverride', rule: 'not_needed', message: 'no police unit breaks the plan here: there is no §30 ground to override' }]);
  }
  return { code: given.code as DeviationCode, cessa30: police ? cessa30 : null, note, ...(groundOverride ? { groundOverride } : {}) };
}

/** The stages a unit may move to from each stage; skipping acknowledgement by going en route is allowed. */
export const STAGE_TRANSITIONS: Record<AssignmentStage, readonly ProgressStage[]> = {
  assigned: ['acknowledged', 'en_route'],
  acknowledged: ['en_route'],
  en_route: ['on_scene'],
  on_scene: ['transporting', 'cleared'],
  transporting: ['at_destination'],
  at_destination: ['cleared'],
  cleared: [],
  released: [],
};

/** The unit status each stage moves the unit to; acknowledging leaves it dispatched. */
export const UNIT_STATUS_OF_STAGE: Record<ProgressStage, UnitStatus | null> = {
  acknowledged: null,
  en_route: 'en_route',
  on_scene: 'on_scene',
  transporting: 'transporting',
  at_destination: 'at_destination',
  cleared: 'available',
};

/** The unit's live assignment on this incident, or a not-found naming both. */
export function activeAssignment(state: IncidentState, unitId: string): Assignment {
  const a = state.response.assignments.find((x) => x.unitId === unitId && isActive(x));
  if (!a) throw new DomainError('not_found', `Unit ${unitId} is not on incident ${state.id}`, { resource: 'Assignment', id: unitId });
  return a;
}

/** Decides a unit's next step on an incident (acknowledge, en route, on scene, transporting, at destination, clear). */
export function decideProgress(state: IncidentState, unitId: string, stage: ProgressStage, opts: { destination?: string; facilityId?: string; position?: RecordedFix | null } = {}): DispatchDecision {
  const a = activeAssignment(state, unitId);
  const allowed = STAGE_TRANSITIONS[a.stage];
  if (!allowed.includes(stage)) {
    throw new DomainError('illegal_transition', `${a.unitName} is ${label(a.stage)} and cannot be marked ${label(stage)}`, {
      currentStage: a.stage, requested: stage, allowedTo: [...allowed], version: state.version,
    });
  }
  const to = UNIT_STATUS_OF_STAGE[stage];
  const event = decided({ type: 'incident.unit_progressed', data: { unitId, stage, destination: opts.destination?.trim() || null, ...(opts.facilityId ? { facilityId: opts.facilityId } : {}), position: opts.position ?? null } });
  return { events: [event], units: to ? [{ unitId, to, reason: null }] : [] };
}

/** Stages from which a unit may be taken off a call: not once the person is in the vehicle. */
const RELEASABLE: readonly AssignmentStage[] = ['assigned', 'acknowledged', 'en_route', 'on_scene'];

/** Decides taking a unit off an incident (reassigned, cancelled, or out of service), always with a reason. */
export function decideRelease(state: IncidentState, unitId: string, kind: ReleaseKind, reason: string | undefined): DispatchDecision {
  const a = activeAssignment(state, unitId);
  const why = reason?.trim();
  if (!why) throw invalid([{ field: 'reason', rule: 'required', message: `say why ${a.unitName} is taken off the call` }]);
  if (!RELEASABLE.includes(a.stage)) {
    throw new DomainError('illegal_transition', `${a.unitName} is ${label(a.stage)}: finish the transport before taking it off the call`, { currentStage: a.stage, version: state.version });
  }
  const to: UnitStatus = kind === 'out_of_service' ? 'out_of_service' : 'available';
  return { events: [decided({ type: 'incident.unit_released', data: { unitId, kind, reason: why } }, why)], units: [{ unitId, to, reason: why }] };
}

/** Decides an on-scene check-in: it restarts the crew's safety timer. */
export function decideCheckIn(state: IncidentState, unitId: string, position: RecordedFix | null): DispatchDecision {
  const a = activeAssignment(state, unitId);
  if (a.stage !== 'on_scene') throw new DomainError('illegal_transition', `${a.unitName} checks in on scene only; it is ${label(a.stage)}`, { currentStage: a.stage });
  return { events: [decided({ type: 'incident.unit_checked_in', data: { unitId, position } })], units: [] };
}

/** Decides a panic: never refused for a unit on the call, whatever its stage, since a refusal could cost a life. */
export function decidePanic(state: IncidentState, unitId: string, position: RecordedFix | null): DispatchDecision {
  activeAssignment(state, unitId);
  return { events: [decided({ type: 'incident.panic_raised', data: { unitId, position } })], units: [] };
}

/** Decides that a panic has been dealt with; only a raised, unresolved one can be. */
export function decidePanicResolved(state: IncidentState, unitId: string, reason: string | undefined): DispatchDecision {
  const a = activeAssignment(state, unitId);
  if (!a.panic || a.panic.resolvedAt) throw new DomainError('illegal_transition', `${a.unitName} has no open panic`, { currentStage: a.stage });
  const why = reason?.trim();
  if (!why) throw invalid([{ field: 'reason', rule: 'required', message: 'say how the panic was resolved' }]);
  return { events: [decided({ type: 'incident.panic_resolved', data: { unitId } }, why)], units: [] };
}

const OPEN_FOR_NOTES: readonly IncidentStatus[] = ['triaged', 'awaiting_dispatch', 'dispatched', 'en_route', 'on_scene', 'transporting'];

/** Decides recording a hazard (safety class, told to every responder) or a field note (clinical). */
export function decideNote(state: IncidentState, kind: 'hazard' | 'note', actorId: string, text: string, unitId: string | null): DispatchDecision {
  if (!OPEN_FOR_NOTES.includes(state.status)) {
    throw new DomainError('illegal_transition', `Cannot add a ${kind} to an incident that is ${label(state.status)}`, { currentStatus: state.status });
  }
  const t = text.trim();
  if (!t) throw invalid([{ field: 'text', rule: 'required', message: `write the ${kind}` }]);
  const event: IncidentEvent = kind === 'hazard' ? { type: 'incident.hazard_noted', data: { actorId, text: t } } : { type: 'incident.note_added', data: { actorId, unitId, text: t } };
  return { events: [decided(event)], units: [] };
}

/**
 * Closing a call clears the units still on it, as their crews would: a unit on scene clears, a
 * unit transporting arrives and clears. A unit still on its way is a call not yet answered:
 * closing is refused until it is released or arrives, so no crew is left driving to a closed call.
 */
export function clearOnClose(state: IncidentState): DispatchDecision {
  const active = state.response.assignments.filter(isActive);
  const travelling = active.filter((a) => ['assigned', 'acknowledged', 'en_route'].includes(a.stage));
  if (travelling.length > 0) {
    throw new DomainError('illegal_transition', `${travelling.map((a) => a.unitName).join(', ')} ${travelling.length === 1 ? 'is' : 'are'} still on the way: release or wait for arrival before closing`, {
      currentStatus: state.status, action: 'close', units: travelling.map((a) => ({ unitId: a.unitId, stage: a.stage })),
    });
  }
  const decision: DispatchDecision = { events: [], units: [] };
  for (const a of active) {
    const path: ProgressStage[] = a.stage === 'transporting' ? ['at_destination', 'cleared'] : a.stage === 'on_scene' || a.stage === 'at_destination' ? ['cleared'] : [];
    for (const stage of path) {
      decision.events.push(decided({ type: 'incident.unit_progressed', data: { unitId: a.unitId, stage, destination: null, position: null } }, 'incident closed'));
      decision.units.push({ unitId: a.unitId, to: UNIT_STATUS_OF_STAGE[stage]!, reason: 'incident closed' });
    }
  }
  return decision;
}
