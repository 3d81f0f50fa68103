import { applyResponseEvent, emptyResponse, isResponseEvent } from '../dispatch/assignment-fold.ts';
import type { IncidentEvent } from './events.ts';
import type { IncidentState } from './types.ts';

/** Folds one event into the projection. Pure: the store replays events through it to rebuild. */
export function applyIncidentEvent(
  state: IncidentState | null,
  event: IncidentEvent,
  meta: { incidentId: string; sequence: number; occurredAt: Date },
): IncidentState {
  if (event.type === 'incident.received') {
    const d = event.data;
    return {
      id: meta.incidentId,
      agencyId: d.agencyId,
      regionId: d.regionId,
      entryPoint: d.entryPoint,
      status: 'received',
      version: meta.sequence,
      summary: d.summary,
      location: d.location,
      caller: d.caller,
      person: d.person,
      safetyFlags: d.safetyFlags,
      ...(d.channel ? { channel: d.channel } : {}),
      ...(d.preferredLanguage ? { preferredLanguage: d.preferredLanguage } : {}),
      triage: null,
      interview: null,
      override: null,
      disposition: null,
      dispositionDetail: null,
      response: emptyResponse(meta.occurredAt),
      statusBeforeEnd: null,
      receivedAt: meta.occurredAt,
      updatedAt: meta.occurredAt,
      closedAt: null,
      ...(d.simulated ? { simulated: true as const } : {}),
    };
  }
  if (!state) throw new Error(`Event ${event.type} cannot start incident ${meta.incidentId}`);
  const next: IncidentState = { ...state, version: meta.sequence, updatedAt: meta.occurredAt };
  if (isResponseEvent(event)) return applyResponseEvent(next, event, meta.occurredAt);
  switch (event.type) {
    case 'incident.triage_answered': {
      const { protocolVersion, questionId, answerKey, answerKeys } = event.data;
      const answers = [...(state.interview?.answers ?? []), answerKeys && answerKeys.length > 1 ? { questionId, answerKey, answerKeys } : { questionId, answerKey }];
      return { ...next, interview: { protocolVersion, answers } };
    }
    case 'incident.triage_answer_undone': {
      // Only the last answer is ever undone (decide checks it names the last question).
      const answers = (state.interview?.answers ?? []).slice(0, -1);
      return { ...next, interview: { protocolVersion: event.data.protocolVersion, answers } };
    }
    case 'incident.triaged':
      return { ...next, status: 'triaged', triage: event.data, response: stamp(next, 'triagedAt', meta.occurredAt) };
    case 'incident.response_overridden':
      return { ...next, override: event.data, ...(event.data.groundOverride ? { groundOverrides: (state.groundOverrides ?? 0) + 1 } : {}) };
    case 'incident.location_corrected':
      return { ...next, location: event.data.location };
    case 'incident.safety_flag_marked':
      return { ...next, markedFlags: [...(state.markedFlags ?? []), event.data] };
    case 'incident.crisis_team_unavailability_reported':
      return { ...next, crisisTeamUnavailability: event.data };
    case 'incident.transferred_to_988':
      return { ...next, status: 'transferred_to_988' };
    case 'incident.escalated_to_911':
      return { ...next, status: 'escalated_to_911' };
    case 'incident.routed_to_cares':
      return { ...next, status: 'routed_to_cares', ...(event.data.maxResponseMinutes !== undefined ? { caresMaxResponseMinutes: event.data.maxResponseMinutes } : {}) };
    case 'incident.queued_for_dispatch':
      return { ...next, status: 'awaiting_dispatch' };
    case 'incident.dispatched':
      return { ...next, status: 'dispatched' };
    case 'incident.en_route':
      return { ...next, status: 'en_route' };
    case 'incident.on_scene':
      return { ...next, status: 'on_scene' };
    case 'incident.transport_started':
      return { ...next, status: 'transporting' };
    case 'incident.closed':
      return {
        ...next,
        status: 'closed',
        disposition: event.data.disposition,
        dispositionDetail: event.data.detail ?? null,
        response: stamp(next, 'clearedAt', meta.occurredAt),
        statusBeforeEnd: state.status,
        closedAt: meta.occurredAt,
      };
    case 'incident.cancelled':
      return { ...next, status: 'cancelled', statusBeforeEnd: state.status, closedAt: meta.occurredAt };
    case 'incident.reopened':
      return {
        ...next,
        status: state.statusBeforeEnd ?? 'received',
        statusBeforeEnd: null,
        disposition: null,
        dispositionDetail: null,
        closedAt: null,
      };
  }
}

/** Records a milestone of the response clock the first time it is reached. */
function stamp(s: IncidentState, key: 'triagedAt' | 'clearedAt', at: Date): IncidentState['response'] {
  return s.response.clock[key] ? s.response : { ...s.response, clock: { ...s.response.clock, [key]: at.toISOString() } };
}
