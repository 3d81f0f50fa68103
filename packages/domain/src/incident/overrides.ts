/**
 * Why a call-taker chose another response than the protocol's: a controlled list, so overrides
 * can be counted and reviewed by the RAC (issue #4). Free text may add to a code, never replace it.
 */
export const OVERRIDE_REASONS = [
  'caller_declines_recommended_response',
  'person_requests_specific_service',
  'safety_information_not_in_protocol',
  'recommended_resource_not_available',
  'supervisor_direction',
  'other',
] as const;
export type OverrideReason = (typeof OVERRIDE_REASONS)[number];

/** Responses that send police: CESSA §30 requires a justification code for each of them. */
export const POLICE_RESPONSE_TYPES: readonly string[] = ['police_ems', 'co_response', 'police_clinician'];
