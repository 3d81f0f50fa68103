import {
  ACTION_OF_STAGE,
  dispatchAlerts,
  isActive,
  responseMaximumOf,
  minutesLeft,
  responseIntervals,
  STAGE_TRANSITIONS,
  type Assignment,
  type DispatchTimers,
  type FieldClass,
  type IncidentState,
} from '@continuum/domain';
import type { AssignmentAction, AssignmentView, ResponseView } from '@continuum/contracts';

/** How the reader stands towards one unit on the call: its crew, a dispatcher, or neither. */
export type StandingOf = (a: Assignment) => 'crew' | 'dispatcher' | null;


/** The steps a reader may take for one unit: the crew moves its own unit and presses panic; a dispatcher also releases and resolves. */
export function assignmentActions(a: Assignment, standing: ReturnType<StandingOf>): AssignmentAction[] {
  if (!standing || !isActive(a)) return [];
  const actions: AssignmentAction[] = STAGE_TRANSITIONS[a.stage].map((s) => ACTION_OF_STAGE[s]);
  if (a.stage === 'on_scene') actions.push('check_in');
  if (standing === 'crew') actions.push('panic');
  if (standing === 'dispatcher') {
    if (['assigned', 'acknowledged', 'en_route', 'on_scene'].includes(a.stage)) actions.push('release');
    if (a.panic && !a.panic.resolvedAt) actions.push('resolve_panic');
  }
  return actions;
}

/**
 * Presents who responds to an incident for one reader: units, stages and the clock are
 * operational; hazards, a panic's position and the crew's free-text destination need location and
 * safety (police and EMS read them); field notes, a release reason and a justification's note are
 * free text, so clinical. Actor ids are left out: names of staff are on the audit trail.
 */
export function presentResponse(s: IncidentState, readable: readonly FieldClass[], standing: StandingOf, now: Date, timers: DispatchTimers): ResponseView {
  const safety = readable.includes('location_safety');
  const clinical = readable.includes('clinical');
  const assignments: AssignmentView[] = s.response.assignments.map((a) => ({
    unitId: a.unitId,
    unitName: a.unitName,
    agencyId: a.agencyId,
    model: a.model,
    mode: a.mode,
    stage: a.stage,
    assignedAt: a.assignedAt,
    acknowledgedAt: a.acknowledgedAt,
    enRouteAt: a.enRouteAt,
    onSceneAt: a.onSceneAt,
    transportingAt: a.transportingAt,
    atDestinationAt: a.atDestinationAt,
    clearedAt: a.clearedAt,
    releasedAt: a.releasedAt,
    // Free text in an operational view: each part only for readers of its class.
    release: a.release && { kind: a.release.kind, ...(clinical ? { reason: a.release.reason } : {}) },
    justification: a.justification && {
      code: a.justification.code,
      breaks: a.justification.breaks,
      cessa30: a.justification.cessa30,
      ...(clinical ? { note: a.justification.note } : {}),
    },
    ...(safety ? { destination: a.destination } : {}),
    destinationFacilityId: a.destinationFacilityId ?? null,
    lastCheckInAt: a.lastCheckInAt,
    panic: a.panic ? { at: a.panic.at, resolvedAt: a.panic.resolvedAt, ...(safety ? { position: a.panic.position } : {}) } : null,
    allowedActions: assignmentActions(a, standing(a)),
  }));
  const maximum = responseMaximumOf(s, timers);
  const view: ResponseView = {
    incidentId: s.id,
    version: s.version,
    assignments,
    clock: s.response.clock,
    intervals: responseIntervals(s.response.clock),
    alerts: dispatchAlerts(s, now, timers),
    maxResponseMinutes: maximum.minutes,
    maximumBasis: maximum.basis,
    minutesLeft: s.status === 'closed' || s.status === 'cancelled' ? null : minutesLeft(s, now, timers),
  };
  if (safety) view.hazards = s.response.hazards.map((h) => ({ at: h.at, text: h.text }));
  if (clinical) view.notes = s.response.notes.map((n) => ({ at: n.at, unitId: n.unitId, text: n.text }));
  return view;
}
