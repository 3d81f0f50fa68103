import type { ResponseType } from '../triage/types.ts';

/**
 * The response-model catalogue of DOMAIN.md §4: what kind of team a unit is. The composition
 * (roles on board) says who is in it; the model says how it is meant to be used, which decides
 * the plans it may serve.
 */
export const RESPONSE_MODELS = [
  'alternative_response',
  'program_590_mcrt',
  'medicaid_mobile_crisis',
  'ems_co_response_peer',
  'ems_co_response_embedded_clinician',
  'ems_co_response_meet_on_site',
  'law_enforcement_co_response_embedded',
  'law_enforcement_co_response_ride_along',
  'law_enforcement_co_response_meet_on_site',
  'law_enforcement_co_response_after_police',
  'law_enforcement_co_response_virtual',
  'law_enforcement_co_response_police_ems_clinician',
  'law_enforcement_co_response_other',
  'psap_co_response',
  'phone_988',
  'ems',
  'law_enforcement',
] as const;
export type ResponseModel = (typeof RESPONSE_MODELS)[number];

/**
 * The models that may answer each response type of a plan. Models that never leave a building
 * (PSAP co-response, 988 phone support, the virtual team) serve no in-person plan. Medicaid
 * mobile crisis serves children under 21, so it answers an MCRT plan only for a youth call.
 */
export const MODELS_FOR_RESPONSE: Readonly<Record<ResponseType, readonly ResponseModel[]>> = {
  phone_988: [],
  mcrt: ['alternative_response', 'program_590_mcrt', 'medicaid_mobile_crisis'],
  co_response: [
    'law_enforcement_co_response_embedded',
    'law_enforcement_co_response_ride_along',
    'law_enforcement_co_response_meet_on_site',
    'law_enforcement_co_response_after_police',
    'law_enforcement_co_response_police_ems_clinician',
    'law_enforcement_co_response_other',
  ],
  ems_co_response: ['ems_co_response_peer', 'ems_co_response_embedded_clinician', 'ems_co_response_meet_on_site'],
  ems: ['ems', 'ems_co_response_peer', 'ems_co_response_embedded_clinician', 'ems_co_response_meet_on_site'],
  police_ems: ['law_enforcement_co_response_police_ems_clinician', 'law_enforcement', 'ems'],
};

/** Models restricted to young people (Medicaid mobile crisis: under 21 on managed care). */
export const YOUTH_ONLY_MODELS: readonly ResponseModel[] = ['medicaid_mobile_crisis'];
