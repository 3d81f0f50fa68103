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
  // Issue 12 §3: the single units that bring each new response whole. Two units meeting on site
  // (a crisis team and an ambulance) are the combinations of the recommender's team assembly.
  mcrt_ems: ['ems_co_response_meet_on_site', 'ems_co_response_embedded_clinician'],
  police_clinician: [
    'law_enforcement_co_response_police_ems_clinician',
    'law_enforcement_co_response_embedded',
    'law_enforcement_co_response_ride_along',
    'law_enforcement_co_response_meet_on_site',
  ],
  welfare_check: ['alternative_response', 'program_590_mcrt', 'medicaid_mobile_crisis'],
  referral_coordination: [],
  language_matched_mcrt: ['alternative_response', 'program_590_mcrt', 'medicaid_mobile_crisis'],
  followup_988: [],
};

/** Models restricted to young people (Medicaid mobile crisis: under 21 on managed care). */
export const YOUTH_ONLY_MODELS: readonly ResponseModel[] = ['medicaid_mobile_crisis'];

/** A model in the words a dispatcher uses, for reasons and refusals (never the raw code). */
export const MODEL_LABELS: Readonly<Record<ResponseModel, string>> = {
  alternative_response: 'community responder',
  program_590_mcrt: 'Program 590 mobile crisis',
  medicaid_mobile_crisis: 'Medicaid youth mobile crisis',
  ems_co_response_peer: 'EMS with a peer',
  ems_co_response_embedded_clinician: 'EMS with an embedded clinician',
  ems_co_response_meet_on_site: 'EMS meeting a clinician on site',
  law_enforcement_co_response_embedded: 'embedded police co-response',
  law_enforcement_co_response_ride_along: 'ride-along police co-response',
  law_enforcement_co_response_meet_on_site: 'police meeting a clinician on site',
  law_enforcement_co_response_after_police: 'police, then a clinician',
  law_enforcement_co_response_virtual: 'virtual police co-response',
  law_enforcement_co_response_police_ems_clinician: 'police, EMS and clinician',
  law_enforcement_co_response_other: 'other co-response',
  psap_co_response: '911-centre clinician',
  phone_988: '988 phone',
  ems: 'EMS',
  law_enforcement: 'police',
};

/** A response type as a sentence names it ("a mobile crisis plan"). */
export const RESPONSE_LABELS: Readonly<Record<ResponseType, string>> = {
  phone_988: '988 phone support',
  mcrt: 'mobile crisis',
  co_response: 'co-response',
  ems_co_response: 'EMS co-response',
  ems: 'EMS',
  police_ems: 'police and EMS',
  mcrt_ems: 'crisis team meeting EMS on site',
  police_clinician: 'clinician with police',
  welfare_check: 'welfare check',
  referral_coordination: 'referral or transport coordination',
  language_matched_mcrt: 'language-matched crisis team',
  followup_988: '988 follow-up call',
};

export const modelLabel = (model: string): string => MODEL_LABELS[model as ResponseModel] ?? model.replaceAll('_', ' ');
export const responseLabel = (type: string): string => RESPONSE_LABELS[type as ResponseType] ?? type.replaceAll('_', ' ');
