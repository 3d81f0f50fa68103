import { DomainError, invalid } from '../errors.ts';
import { POLICE_JUSTIFICATIONS, RESPONSE_TYPES, type CallHandlingVendor, type PoliceJustification, type Protocol } from '../triage/types.ts';
import { clearOnClose } from '../dispatch/assignment.ts';
import { isDisposition } from './disposition.ts';
import { checkGround, groundFactsOf } from './grounds.ts';
import { checkDisposition, type DispositionInput } from './disposition-detail.ts';
import { unmetGuard } from './guards.ts';
import { decideAnswer } from './interview.ts';
import { OVERRIDE_REASONS, POLICE_RESPONSE_TYPES } from './overrides.ts';
import { triageFromVendorCode } from './vendor-triage.ts';
import type { DecidedEvent, IncidentEvent } from './events.ts';
import { TRANSITIONS, type IncidentAction } from './transitions.ts';
import type { IncidentLocation, IncidentState, RiskLevel } from './types.ts';

/** A request to move an incident along, already shape-checked at the boundary. */
export type IncidentCommand =
  | { action: 'answer'; questionId: string; answerKey?: string; answerKeys?: string[]; protocol: Protocol; regionId: string; reason?: string }
  | { action: 'undo_answer'; questionId: string; reason?: string }
  | { action: 'triage'; level: RiskLevel; protocolVersion: string; factors: string[]; reason?: string }
  | { action: 'triage_by_vendor_code'; vendor: CallHandlingVendor; code: string; protocol: Protocol; regionId: string; reason?: string }
  | {
      action: 'override_response'; to: string; reasonCode: string; justification?: string; note?: string; reason?: string;
      /** A supervisor's written reason for a ground the call's facts do not support. */
      groundOverride?: string;
      /** Who asks, and whether they may override a ground (the service says, from the principal). */
      actorId?: string; maySupervise?: boolean;
    }
  | { action: 'report_crisis_team_unavailable'; reportedBy: string; reportRef?: string; actorId: string; reason?: string }
  | { action: 'mark_safety_flag'; flag: string; as: 'threat' | 'medical_concern'; reason?: string }
  | { action: 'correct_location'; location: IncidentLocation; reason?: string }
  | { action: 'escalate_to_911'; reason: string }
  | { action: 'route_to_cares'; reason?: string }
  | { action: 'transfer_to_988'; reason?: string }
  | { action: 'queue_for_dispatch'; reason?: string }
  | { action: 'dispatch'; units: string[]; reason?: string }
  | { action: 'mark_en_route'; reason?: string }
  | { action: 'mark_on_scene'; reason?: string }
  | { action: 'start_transport'; destination?: string; reason?: string }
  | { action: 'close'; disposition: string; details?: DispositionInput; reason?: string }
  | { action: 'cancel'; reason: string }
  | { action: 'reopen'; reason: string };

/** The CARES line's statewide maximum for a youth mobile crisis response (DOMAIN.md §7): 2 hours. */
export const CARES_MAX_MINUTES = 120;

const needsReason: ReadonlySet<IncidentAction> = new Set(['cancel', 'reopen', 'escalate_to_911']);

/** Refuses an action the incident's status does not allow, naming its current state. */
export function requireAllowed(state: IncidentState, action: IncidentAction): void {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state.status)) {
    throw new DomainError(
      'illegal_transition',
      `Cannot ${action.replaceAll('_', ' ')} an incident that is ${state.status.replaceAll('_', ' ')}`,
      { currentStatus: state.status, action, version: state.version, allowedFrom: rule.from },
    );
  }
}

/**
 * Decides the events a command produces, or refuses it with the incident's current state.
 * `record_substance_use` is decided by decideSubstanceUse (part2-record.ts): its event goes to
 * the Part 2 stream, never to the incident's.
 */
export function decideIncidentCommand(state: IncidentState, command: IncidentCommand): DecidedEvent[] {
  requireAllowed(state, command.action);
  const reason = command.reason?.trim() ? command.reason.trim() : null;
  const guard = unmetGuard(command.action, state);
  if (guard) throw invalid([{ field: guard.field, rule: guard.rule, message: guard.message(state) }]);
  if (needsReason.has(command.action) && !reason) {
    throw invalid([{ field: 'reason', rule: 'required', message: `a reason is required to ${command.action}` }]);
  }
  if (command.action === 'answer') {
    const keys = command.answerKeys ?? (command.answerKey !== undefined ? [command.answerKey] : []);
    if (keys.length === 0) throw issue('answerKey', 'required', 'give the answer (answerKey), or several (answerKeys) where the question takes several');
    const answer = keys.length > 1 ? { questionId: command.questionId, answerKey: keys[0]!, answerKeys: keys } : { questionId: command.questionId, answerKey: keys[0]! };
    return decideAnswer(state, answer, command.protocol, command.regionId).events;
  }
  if (command.action === 'undo_answer') return [undoLast(state, command.questionId, reason)];
  if (command.action === 'mark_safety_flag') {
    // Only a flag the call recorded, once: the mark turns it into the factor the protocol names.
    if (!state.safetyFlags.includes(command.flag)) throw issue('flag', 'unknown_flag', 'mark one of the safety flags recorded on this call');
    if ((state.markedFlags ?? []).some((m) => m.flag === command.flag && m.as === command.as)) throw issue('flag', 'already_marked', `this flag is already marked as ${command.as.replaceAll('_', ' ')}`);
    return [{ event: { type: 'incident.safety_flag_marked', data: { flag: command.flag, as: command.as } }, reason }];
  }
  if (command.action === 'correct_location') {
    const location = correctedLocation(state, command.location);
    return [{ event: { type: 'incident.location_corrected', data: { location, previous: state.location } }, reason }];
  }
  if (command.action === 'report_crisis_team_unavailable') {
    const reportedBy = command.reportedBy.trim();
    if (!reportedBy) throw issue('reportedBy', 'required', 'say who at 988 reported that no crisis team can meet the maximum');
    return [{ event: { type: 'incident.crisis_team_unavailability_reported', data: { reportedBy, reportRef: command.reportRef?.trim() || null, recordedBy: command.actorId } }, reason }];
  }
  if (command.action === 'close') {
    // The units still on the call clear with it, before the call closes (ADR 0011).
    return [...clearOnClose(state).events, { event: eventFor(state, command), reason }];
  }
  return [{ event: eventFor(state, command), reason }];
}

const issue = (field: string, rule: string, message: string) => invalid([{ field, rule, message }]);

/**
 * Takes back the last answer before the determination. The request names the question it means to
 * undo: a second press, or a console that has not seen another answer land, must not take back an
 * answer its user never saw. The answer stays in the history, followed by its undoing.
 */
function undoLast(state: IncidentState, questionId: string, reason: string | null): DecidedEvent {
  // The guard has checked that there is an answer.
  const interview = state.interview!;
  const last = interview.answers.at(-1)!;
  if (last.questionId !== questionId) {
    throw new DomainError('conflict', `The last answer is to ${last.questionId}, not ${questionId}: only the last answer can be undone`, {
      currentStatus: state.status, version: state.version, lastQuestionId: last.questionId,
    });
  }
  return { event: { type: 'incident.triage_answer_undone', data: { protocolVersion: interview.protocolVersion, ...last } }, reason };
}

/**
 * A corrected place: an address (a town's centre marked approximate), never "unknown" again once
 * a place is known, and a change, not the same place recorded twice.
 */
function correctedLocation(state: IncidentState, given: IncidentLocation): IncidentLocation {
  const address = given.address.trim();
  if (!address) throw issue('location.address', 'required', 'give the address, or the best description of where the person is');
  if ((given.lat === undefined) !== (given.lon === undefined)) throw issue('location.lat', 'required', 'give latitude and longitude together, or neither');
  if (given.accuracy === 'unknown') throw issue('location.accuracy', 'not_a_correction', 'a correction records a place; a location stays unknown only until one is known');
  const location: IncidentLocation = { address, ...(given.lat !== undefined && given.lon !== undefined ? { lat: given.lat, lon: given.lon } : {}), ...(given.accuracy === 'approximate' ? { accuracy: 'approximate' as const } : {}) };
  const was = state.location;
  if (was.address === location.address && was.lat === location.lat && was.lon === location.lon && was.accuracy === location.accuracy) {
    throw issue('location', 'unchanged', 'this is the location already recorded');
  }
  return location;
}

function eventFor(state: IncidentState, command: Exclude<IncidentCommand, { action: 'answer' | 'undo_answer' | 'report_crisis_team_unavailable' | 'mark_safety_flag' | 'correct_location' }>): IncidentEvent {
  switch (command.action) {
    case 'override_response':
      return overrideOf(state, command);
    case 'triage_by_vendor_code':
      return { type: 'incident.triaged', data: triageFromVendorCode(command.protocol, command.vendor, command.code, command.regionId) };
    case 'escalate_to_911':
      return { type: 'incident.escalated_to_911', data: {} };
    case 'route_to_cares':
      // The CARES provider arrives within the statewide youth maximum: 2 hours unless the plan says otherwise.
      return { type: 'incident.routed_to_cares', data: { basis: state.person.dcfsWard ? 'dcfs_ward' : 'under_21_medicaid', maxResponseMinutes: state.triage?.recommended?.youthMaxResponseMinutes ?? CARES_MAX_MINUTES } };
    case 'triage':
      if (command.protocolVersion.trim() === '') {
        throw invalid([{ field: 'protocolVersion', rule: 'required', message: 'the protocol version is required' }]);
      }
      return {
        type: 'incident.triaged',
        data: { level: command.level, protocolVersion: command.protocolVersion, factors: [...command.factors] },
      };
    case 'transfer_to_988':
      return { type: 'incident.transferred_to_988', data: {} };
    case 'queue_for_dispatch':
      return { type: 'incident.queued_for_dispatch', data: {} };
    case 'dispatch':
      if (command.units.length === 0) {
        throw invalid([{ field: 'units', rule: 'min_items', message: 'at least one unit must be dispatched' }]);
      }
      return { type: 'incident.dispatched', data: { units: [...command.units] } };
    case 'mark_en_route':
      return { type: 'incident.en_route', data: {} };
    case 'mark_on_scene':
      return { type: 'incident.on_scene', data: {} };
    case 'start_transport':
      return { type: 'incident.transport_started', data: { destination: command.destination ?? null } };
    case 'close':
      if (!isDisposition(command.disposition)) {
        throw invalid([{ field: 'disposition', rule: 'enum', message: `unknown disposition "${command.disposition}"` }]);
      }
      return { type: 'incident.closed', data: { disposition: command.disposition, detail: checkDisposition(command.disposition, command.details) } };
    case 'cancel':
      return { type: 'incident.cancelled', data: {} };
    case 'reopen':
      return { type: 'incident.reopened', data: {} };
  }
}

function overrideOf(state: IncidentState, c: Extract<IncidentCommand, { action: 'override_response' }>): IncidentEvent {
  // The guard has checked that a recommendation exists.
  const recommended = state.triage!.recommended!;
  if (!(RESPONSE_TYPES as readonly string[]).includes(c.to)) throw issue('to', 'enum', `unknown response type "${c.to}"`);
  if (c.to === recommended.responseType) throw issue('to', 'same_as_recommended', 'that is the recommended response; no override is needed');
  if (!(OVERRIDE_REASONS as readonly string[]).includes(c.reasonCode)) throw issue('reasonCode', 'enum', `unknown reason code "${c.reasonCode}"`);
  const note = c.note?.trim() || null;
  if (c.reasonCode === 'other' && !note) throw issue('note', 'required', 'say why when the reason is "other"');
  let justification: PoliceJustification | null = null;
  let groundOverride = null;
  if (POLICE_RESPONSE_TYPES.includes(c.to)) {
    // CESSA §30: police go to a person in crisis only on a recorded ground, and the ground only on the call's facts.
    if (!c.justification || !(POLICE_JUSTIFICATIONS as readonly string[]).includes(c.justification)) {
      throw issue('justification', 'cessa_30_required', `sending police needs a CESSA §30 code: ${POLICE_JUSTIFICATIONS.join(', ')}`);
    }
    justification = c.justification as PoliceJustification;
    groundOverride = checkGround(justification, groundFactsOf(state), 'justification', { reason: c.groundOverride, actorId: c.actorId ?? 'unknown', maySupervise: c.maySupervise ?? false });
  } else if (c.groundOverride?.trim()) {
    throw issue('groundOverride', 'not_needed', 'this response sends no police: there is no §30 ground to override');
  }
  return {
    type: 'incident.response_overridden',
    data: { from: recommended.responseType, to: c.to, reasonCode: c.reasonCode, justification, note, ...(groundOverride ? { groundOverride } : {}) },
  };
}
