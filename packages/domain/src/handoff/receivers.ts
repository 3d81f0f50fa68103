import type { FieldClass } from '../access/field-classes.ts';
import type { IncidentAction } from '../incident/transitions.ts';
import type { HandoffKind } from './types.ts';

/**
 * Which kinds of hand-off each kind of agency takes (DOMAIN.md §2): a 988 centre takes 911's
 * level-1 referrals and warm transfers; a 911 centre takes emergency escalations; the CARES line,
 * the region's crisis dispatch hub and a co-response programme take transfers. Facilities, police
 * and EMS take none: they are reached through dispatch, not through a hand-off.
 */
export const HANDOFF_RECEIVERS: Readonly<Record<string, readonly HandoffKind[]>> = {
  '988_centre': ['cold_referral', 'warm_transfer'],
  psap: ['emergency_escalation', 'warm_transfer'],
  cares_line: ['warm_transfer', 'cold_referral'],
  mcrt_provider: ['warm_transfer', 'cold_referral'],
  co_response_programme: ['warm_transfer'],
};

/** Plain words for an agency kind, for the reasons a refusal gives. */
export const AGENCY_KIND_LABELS: Readonly<Record<string, string>> = {
  '988_centre': 'a 988 centre',
  psap: 'a 911 centre',
  cares_line: 'the CARES line',
  mcrt_provider: 'a crisis dispatch hub',
  co_response_programme: 'a co-response programme',
};

export const HANDOFF_KIND_LABELS: Readonly<Record<HandoffKind, string>> = {
  cold_referral: 'cold referral',
  warm_transfer: 'warm transfer',
  emergency_escalation: 'emergency escalation',
};

/**
 * The incident's own step that goes with offering it to an agency of this kind: the status the
 * sender's screen and the board already know (transferred to 988, escalated to 911, routed to
 * CARES). Other receivers leave the incident's status as it is.
 */
export const INCIDENT_ACTION_OF_RECEIVER: Readonly<Record<string, Extract<IncidentAction, 'transfer_to_988' | 'escalate_to_911' | 'route_to_cares'>>> = {
  '988_centre': 'transfer_to_988',
  psap: 'escalate_to_911',
  cares_line: 'route_to_cares',
};

const CARE: FieldClass[] = ['operational', 'location_safety', 'identity', 'demographics', 'clinical'];

/**
 * What the receiving agency may read of the incident, by kind (minimum necessary). A referral or
 * transfer continues the interview: the receiver needs what was taken, clinical answers included.
 * An escalation to 911 sends police or EMS: where, who, the safety facts and the danger (the
 * hand-off's own note), not the interview's clinical answers.
 */
export const HANDOFF_FIELD_CLASSES: Readonly<Record<HandoffKind, readonly FieldClass[]>> = {
  cold_referral: CARE,
  warm_transfer: CARE,
  emergency_escalation: ['operational', 'location_safety', 'identity', 'demographics'],
};

/** Whether an agency of this kind takes hand-offs of this kind. */
export const takesHandoff = (agencyKind: string, kind: HandoffKind): boolean => (HANDOFF_RECEIVERS[agencyKind] ?? []).includes(kind);
