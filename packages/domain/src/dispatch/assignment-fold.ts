import type { IncidentEvent } from '../incident/events.ts';
import type { IncidentState, IncidentStatus } from '../incident/types.ts';
import { isActive, type Assignment, type AssignmentStage, type IncidentResponse, type ProgressStage } from './assignment-types.ts';

/** The response of a new incident: nobody assigned, the clock started at the call. */
export const emptyResponse = (receivedAt: Date): IncidentResponse => ({
  assignments: [],
  clock: { receivedAt: receivedAt.toISOString(), triagedAt: null, dispatchedAt: null, acknowledgedAt: null, enRouteAt: null, onSceneAt: null, clearedAt: null },
  hazards: [],
  notes: [],
});

/** The incident status each stage of a unit implies; the incident shows its most advanced unit. */
const STATUS_OF_STAGE: Record<AssignmentStage, IncidentStatus | null> = {
  assigned: 'dispatched',
  acknowledged: 'dispatched',
  en_route: 'en_route',
  on_scene: 'on_scene',
  transporting: 'transporting',
  at_destination: 'transporting',
  // A cleared unit was on scene (or transported): the incident stays there until it is closed.
  cleared: 'on_scene',
  released: null,
};
const RESPONSE_ORDER: IncidentStatus[] = ['awaiting_dispatch', 'dispatched', 'en_route', 'on_scene', 'transporting'];

const STAGE_TIME: Record<ProgressStage, keyof Assignment> = {
  acknowledged: 'acknowledgedAt',
  en_route: 'enRouteAt',
  on_scene: 'onSceneAt',
  transporting: 'transportingAt',
  at_destination: 'atDestinationAt',
  cleared: 'clearedAt',
};

/** Event types this module folds. */
export type ResponseEvent = Extract<
  IncidentEvent,
  { type: `incident.${'unit_assigned' | 'unit_progressed' | 'unit_released' | 'unit_checked_in' | 'panic_raised' | 'panic_resolved' | 'hazard_noted' | 'note_added'}` }
>;

const RESPONSE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'incident.unit_assigned', 'incident.unit_progressed', 'incident.unit_released', 'incident.unit_checked_in',
  'incident.panic_raised', 'incident.panic_resolved', 'incident.hazard_noted', 'incident.note_added',
]);

export const isResponseEvent = (e: IncidentEvent): e is ResponseEvent => RESPONSE_EVENT_TYPES.has(e.type);

const statusOf = (a: Assignment): IncidentStatus | null => (a.stage === 'cleared' && a.transportingAt ? 'transporting' : STATUS_OF_STAGE[a.stage]);

/**
 * The incident's status from its units: that of the most advanced unit still on it (or cleared
 * from it). Releasing every unit puts the call back in the queue, so that it is not forgotten.
 */
function statusFrom(assignments: readonly Assignment[], current: IncidentStatus): IncidentStatus {
  const reached = assignments.map(statusOf).filter((s): s is IncidentStatus => s !== null);
  if (reached.length === 0) return RESPONSE_ORDER.includes(current) ? 'awaiting_dispatch' : current;
  return reached.reduce((best, s) => (RESPONSE_ORDER.indexOf(s) > RESPONSE_ORDER.indexOf(best) ? s : best), reached[0]!);
}

const first = (current: string | null, at: string): string => current ?? at;

/** Folds one response event into the incident: the unit's stage and times, the clock, the status. */
export function applyResponseEvent(state: IncidentState, event: ResponseEvent, at: Date): IncidentState {
  const iso = at.toISOString();
  const r = state.response;
  const update = (unitId: string, change: (a: Assignment) => Assignment): Assignment[] =>
    r.assignments.map((a) => (a.unitId === unitId && isActive(a) ? change(a) : a));
  switch (event.type) {
    case 'incident.unit_assigned': {
      const d = event.data;
      const added: Assignment = {
        unitId: d.unitId, unitName: d.unitName, agencyId: d.agencyId, partnerAgencyIds: d.partnerAgencyIds ?? [], model: d.model, mode: d.mode, stage: 'assigned',
        assignedAt: iso, acknowledgedAt: null, enRouteAt: null, onSceneAt: null, transportingAt: null, atDestinationAt: null,
        clearedAt: null, releasedAt: null, release: null, justification: d.justification, destination: null, lastCheckInAt: null, panic: null,
      };
      // A second unit joining makes the first one's "single" a pair: they share the mode given now.
      const assignments = [...r.assignments.map((a) => (isActive(a) && d.mode !== 'single' ? { ...a, mode: d.mode } : a)), added];
      const sent = withResponse(state, { ...r, assignments, clock: { ...r.clock, dispatchedAt: first(r.clock.dispatchedAt, iso) } });
      // A supervisor's override of a §30 ground is counted on the call (issue 12 §4).
      return d.justification?.groundOverride ? { ...sent, groundOverrides: (state.groundOverrides ?? 0) + 1 } : sent;
    }
    case 'incident.unit_progressed': {
      const { unitId, stage, destination } = event.data;
      const assignments = update(unitId, (a) => ({
        ...a,
        stage,
        [STAGE_TIME[stage]]: iso,
        // Going en route implies the unit saw the call: acknowledged at the latest then.
        acknowledgedAt: a.acknowledgedAt ?? iso,
        ...(stage === 'on_scene' ? { lastCheckInAt: iso } : {}),
        ...(stage === 'transporting' ? { destination, destinationFacilityId: event.data.facilityId ?? null } : {}),
      }));
      const clock = { ...r.clock, acknowledgedAt: first(r.clock.acknowledgedAt, iso) };
      if (stage === 'en_route') clock.enRouteAt = first(r.clock.enRouteAt, iso);
      if (stage === 'on_scene') clock.onSceneAt = first(r.clock.onSceneAt, iso);
      if (stage === 'cleared' && !assignments.some(isActive)) clock.clearedAt = iso;
      return withResponse(state, { ...r, assignments, clock });
    }
    case 'incident.unit_released': {
      const { unitId, kind, reason } = event.data;
      const assignments = update(unitId, (a) => ({ ...a, stage: 'released', releasedAt: iso, release: { kind, reason } }));
      return withResponse(state, { ...r, assignments });
    }
    case 'incident.unit_checked_in':
      return withResponse(state, { ...r, assignments: update(event.data.unitId, (a) => ({ ...a, lastCheckInAt: iso })) });
    case 'incident.panic_raised':
      return withResponse(state, { ...r, assignments: update(event.data.unitId, (a) => ({ ...a, panic: { at: iso, position: event.data.position, resolvedAt: null } })) });
    case 'incident.panic_resolved':
      return withResponse(state, {
        ...r,
        assignments: update(event.data.unitId, (a) => ({ ...a, panic: a.panic ? { ...a.panic, resolvedAt: iso } : null })),
      });
    case 'incident.hazard_noted':
      return { ...state, response: { ...r, hazards: [...r.hazards, { at: iso, actorId: event.data.actorId, text: event.data.text }] } };
    case 'incident.note_added':
      return { ...state, response: { ...r, notes: [...r.notes, { at: iso, actorId: event.data.actorId, unitId: event.data.unitId, text: event.data.text }] } };
  }
}

function withResponse(state: IncidentState, response: IncidentResponse): IncidentState {
  const status = RESPONSE_ORDER.includes(state.status) ? statusFrom(response.assignments, state.status) : state.status;
  return { ...state, status, response };
}
