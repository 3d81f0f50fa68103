import type { IncidentStatus, OverrideReason, PoliceJustification, ResponseType } from '@continuum/domain';

/** What each response sends, in the words a call-taker would say on the phone. */
export const RESPONSE_TYPE_LABELS: Record<ResponseType, string> = {
  phone_988: '988 phone support',
  mcrt: 'Mobile crisis team (MCRT), no police',
  co_response: 'Co-response: crisis team with police',
  ems_co_response: 'EMS with a clinician or peer',
  ems: 'EMS, no police',
  police_ems: 'Police and EMS (normal 911 response)',
  mcrt_ems: 'Crisis team with EMS, meeting on site',
  police_clinician: 'Clinician with police (and EMS)',
  welfare_check: 'Welfare check by a crisis team',
  referral_coordination: 'Referral or transport arranged, no team sent',
  language_matched_mcrt: 'Crisis team that speaks the person’s language',
  followup_988: '988 follow-up call',
};

/** A response type in words, whatever string the server sent (a type this console does not know is written out). */
export const responseTypeLabel = (type: string): string =>
  (RESPONSE_TYPE_LABELS as Record<string, string>)[type] ?? type.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());

const RESPONDER_LABELS: Record<string, string> = {
  crisis_counsellor: '988 crisis counsellor',
  mcrt_clinician: 'Crisis clinician',
  engagement_specialist: 'Engagement specialist (peer)',
  police_officer: 'Police officer',
  ems_crew: 'EMS crew',
};

/** A responder role in words; a role this console does not know yet is shown as sent. */
export const responderLabel = (responder: string): string => RESPONDER_LABELS[responder] ?? responder.replaceAll('_', ' ');

export const OVERRIDE_REASON_LABELS: Record<OverrideReason, string> = {
  caller_declines_recommended_response: 'The caller declines the recommended response',
  person_requests_specific_service: 'The person asks for a specific service',
  safety_information_not_in_protocol: 'Safety information the protocol does not cover',
  recommended_resource_not_available: 'The recommended resource is not available',
  supervisor_direction: 'Supervisor’s direction',
  other: 'Other (say why in the note)',
};

/** The CESSA §30 grounds for sending police to a person in crisis. */
export const JUSTIFICATION_LABELS: Record<PoliceJustification, string> = {
  suspected_crime: 'Suspected crime (§30 i)',
  threat_of_physical_injury: 'Threat of physical injury to self or others (§30 ii)',
  crisis_team_unavailable_within_regional_maximum: 'No crisis team within the regional maximum (988 report)',
};

const EMERGENCY_TYPE_LABELS: Record<string, string> = {
  default: 'Maximum response time',
  mental_health: 'Mental health',
  substance_use: 'Substance use',
  youth: 'Youth',
};

/** "Maximum response time: 60 min", then one line per emergency type with its own maximum. */
export function formatMaxMinutes(max: Record<string, number> | null): { label: string; value: string }[] {
  if (!max) return [{ label: 'Maximum response time', value: 'Normal 911 response: no crisis-team maximum' }];
  const entries = Object.entries(max).sort(([a], [b]) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
  return entries.map(([type, minutes]) => ({
    label: type === 'default' ? EMERGENCY_TYPE_LABELS.default! : `${EMERGENCY_TYPE_LABELS[type] ?? type.replaceAll('_', ' ')} calls`,
    value: `${minutes} min`,
  }));
}

/** What happens next after a hand-off, for the call-taker to tell the caller. */
export const OUTCOME_TEXT: Partial<Record<IncidentStatus, string>> = {
  awaiting_dispatch: 'The call is on the dispatch board: the crisis dispatcher sends the response.',
  transferred_to_988: 'The call is with 988. This is not a warm transfer: you do not stay on the line.',
  escalated_to_911: 'The call is with 911 for an emergency response.',
  routed_to_cares: 'The CARES line has the call: it sends the plan’s provider, who arrives within 2 hours.',
  cancelled: 'The call is cancelled; the reason is recorded.',
  closed: 'The call is closed.',
};

/** Statuses in which the call is still with the call-taker; any other status means it was handed off. */
export const WITH_CALL_TAKER: readonly IncidentStatus[] = ['received', 'triaged'];
