import type { RiskLevel } from '../incident/types.ts';

/**
 * A triage protocol is data (DOMAIN.md §5): the IRLM is interim and keeps changing, so levels,
 * factors, questions and plans live in versioned files, not in code. These types are the single
 * definition; the file schema in contracts must produce a value assignable to `Protocol`.
 */

/** The only numbering the engine accepts, spelled out in every file so nobody reads it upside down. */
export const PROTOCOL_NUMBERING = 'level_1_lowest_risk' as const;

export const PROTOCOL_STATUSES = ['draft', 'published'] as const;
export type ProtocolStatus = (typeof PROTOCOL_STATUSES)[number];

/**
 * Why a factor is on the list. Only `risk` factors set the level: CESSA §30 says a diagnosis or a
 * mental-health emergency alone is never grounds to treat someone as a threat (DOMAIN.md §6).
 */
export const FACTOR_CATEGORIES = ['risk', 'diagnosis', 'mental_health_emergency'] as const;
export type FactorCategory = (typeof FACTOR_CATEGORIES)[number];

export const FACTOR_SCOPES = ['statewide', 'regional'] as const;
export type FactorScope = (typeof FACTOR_SCOPES)[number];

/** The §30 grounds for sending police to a person who needs behavioural-health care. */
export const POLICE_JUSTIFICATIONS = [
  'suspected_crime',
  'threat_of_physical_injury',
  'crisis_team_unavailable_within_regional_maximum',
] as const;
export type PoliceJustification = (typeof POLICE_JUSTIFICATIONS)[number];

/** The grounds a factor can carry; MCRT unavailability comes from a 988 report, never from a factor. */
export type FactorJustification = Exclude<PoliceJustification, 'crisis_team_unavailable_within_regional_maximum'>;
export const FACTOR_JUSTIFICATIONS: readonly FactorJustification[] = ['suspected_crime', 'threat_of_physical_injury'];

/**
 * The responses a protocol and a region's plans can name (issue 12 §3 added the last six):
 * `ems_co_response` is EMS with a peer or clinician (the overdose response, EMS model 1);
 * `mcrt_ems` a crisis team with EMS meeting on site (EMS model 3); `police_clinician` a
 * clinician with police (and EMS) at level 4 where the region wants one (police models 1, 3, 6);
 * `welfare_check` a crisis team checking on someone nobody can reach; `referral_coordination`
 * a referral or a ride arranged with no team sent; `language_matched_mcrt` a crisis team that
 * speaks the person's language; `followup_988` a call back from 988.
 */
export const RESPONSE_TYPES = [
  'phone_988', 'mcrt', 'co_response', 'ems_co_response', 'ems', 'police_ems',
  'mcrt_ems', 'police_clinician', 'welfare_check', 'referral_coordination', 'language_matched_mcrt', 'followup_988',
] as const;

/** Responses that send no one to the scene: no unit is recommended or assigned for them. */
export const DESK_RESPONSES: readonly ResponseType[] = ['phone_988', 'referral_coordination', 'followup_988'];
export type ResponseType = (typeof RESPONSE_TYPES)[number];

/** Who goes: the field roles of DOMAIN.md §3, by the names the access roles use. */
export const RESPONDERS = ['crisis_counsellor', 'mcrt_clinician', 'engagement_specialist', 'police_officer', 'ems_crew'] as const;
export type Responder = (typeof RESPONDERS)[number];

export const CALL_HANDLING_VENDORS = ['mpds', 'ppds', 'total_response', 'apco'] as const;
export type CallHandlingVendor = (typeof CALL_HANDLING_VENDORS)[number];

/** Where an answer leads: another question, or the end of the interview. */
export const DETERMINE = 'determine' as const;

export interface ProtocolLevel {
  level: RiskLevel;
  name: string;
  description: string;
}

export interface FactorGuidance {
  /** Read to the caller now, to keep everyone safe until help arrives. */
  safety: readonly string[];
  /** Told to the caller or passed to responders before they arrive. */
  preArrival: readonly string[];
}

export interface RiskFactor {
  id: string;
  wording: string;
  help: string;
  /** The level this factor implies when it counts. */
  level: RiskLevel;
  category: FactorCategory;
  scope: FactorScope;
  /** For a regional factor: the regions whose RAC added it. */
  regions?: readonly string[];
  /** The §30 grounds this factor establishes, if any. */
  justifies: readonly FactorJustification[];
  guidance: FactorGuidance;
  /** Who this factor adds to whatever the plan sends (never police: police go only on a §30 ground). */
  adds?: readonly Responder[];
  /** Response types this factor turns into another (a crisis team becomes one meeting EMS on site). */
  upgrades?: Readonly<Partial<Record<ResponseType, ResponseType>>>;
  /** The response this factor calls for in place of its level's plan, when it decides the level (overdose: EMS with a peer). */
  response?: PlanAlternative;
  /** Where the wording comes from: a cited source, or "our reconstruction". */
  source?: string;
}

/** Skip logic: a question is asked only if every condition on earlier answers holds. */
export interface AnswerCondition {
  question: string;
  /** Holds when the question was answered with one of these keys. */
  answers?: readonly string[];
  /** Holds when the question was not answered with any of these keys (or not asked at all). */
  notAnswers?: readonly string[];
}

export interface AnswerOption {
  key: string;
  label: string;
  /** The factors this answer reveals. */
  factors: readonly string[];
  /** Weapon, violence, medical emergency, crime in progress: determine level 4 at once. */
  emergent: boolean;
  /**
   * The caller does not know (issue 12 §1). Every question offers exactly one such answer; the
   * engine accepts it under its own key or as `unknown`, never lets it lower the level, and marks
   * the determination provisional when an answer could have raised it.
   */
  unknown?: boolean;
  /** A question id, or `determine`. */
  next: string;
}

export interface GuidedQuestion {
  id: string;
  text: string;
  help: string;
  when?: readonly AnswerCondition[];
  /** Where to go when `when` does not hold: a question id, or `determine`. */
  skipTo?: string;
  /** Facts that co-exist may be recorded together (a medical emergency and a suicide attempt). */
  multiple?: boolean;
  answers: readonly AnswerOption[];
}

/** The key the engine accepts for any question's "the caller does not know" answer. */
export const UNKNOWN_ANSWER = 'unknown' as const;

/** Maximum minutes to an in-person response, by emergency type; `default` covers the rest. */
export type MaxResponseMinutes = Readonly<Record<string, number>>;

export interface PlanAlternative {
  responseType: ResponseType;
  responders: readonly Responder[];
  note?: string;
}

export interface ResponsePlan<L extends RiskLevel = RiskLevel> {
  level: L;
  responseType: ResponseType;
  responders: readonly Responder[];
  /** Absent where no crisis-team maximum applies (level 4 is a normal 911 response). */
  maxResponseMinutes?: MaxResponseMinutes;
  /** Required when the responders include police: what goes when no §30 ground applies. */
  withoutPolice?: PlanAlternative;
  /** What goes when 988 reports it cannot meet the regional maximum. */
  whenCrisisTeamUnavailable?: PlanAlternative;
  note?: string;
}

/** A RAC sets levels 2 and 3 only; levels 1 and 4 are the same statewide (DOMAIN.md §5). */
export type RegionalResponsePlan = ResponsePlan<2 | 3>;

export interface RegionalOverride {
  name: string;
  plans: readonly RegionalResponsePlan[];
  /**
   * Level 4 stays a 911 response statewide, but a region may send a clinician with police
   * (law-enforcement co-response models 1, 3, 6; issue 12 §3): the response used in place of the
   * statewide level 4 plan whenever police go. A medical emergency with no §30 ground stays EMS.
   */
  level4WithPolice?: PlanAlternative;
}

export interface VendorCodeMapping {
  vendor: CallHandlingVendor;
  code: string;
  level: RiskLevel;
  description?: string;
  /** True where the code is a plausible stand-in, not checked against the vendor's cards. */
  illustrative: boolean;
}

export interface Protocol {
  id: string;
  version: string;
  title: string;
  status: ProtocolStatus;
  /** Present while the file is our reconstruction rather than the official text. */
  reconstructionNote?: string;
  /**
   * `every_question`: lint holds every question to an answer marked `unknown` (issue 12 §1).
   * Absent in versions published before, which stay valid and unchanged.
   */
  unknownAnswers?: 'every_question';
  numbering: typeof PROTOCOL_NUMBERING;
  levels: readonly ProtocolLevel[];
  /** The emergency types a maximum response time may be set for, besides `default`. */
  emergencyTypes: readonly string[];
  factors: readonly RiskFactor[];
  /** The interview starts at the first question. */
  questions: readonly GuidedQuestion[];
  plans: readonly ResponsePlan[];
  regionalOverrides: Readonly<Record<string, RegionalOverride>>;
  vendorCodes: readonly VendorCodeMapping[];
  /**
   * The factor a safety flag counts as once the call-taker marks it (issue 12 §2): a flag marked
   * as a threat or as a medical concern feeds the same factor an answer would.
   */
  safetyFlagFactors?: Readonly<Partial<Record<SafetyFlagKind, string>>>;
}

/** What a call-taker may mark a free-text safety flag as. */
export const SAFETY_FLAG_KINDS = ['threat', 'medical_concern'] as const;
export type SafetyFlagKind = (typeof SAFETY_FLAG_KINDS)[number];

/** The identifier every triage records: `id@version`. */
export const protocolVersionOf = (protocol: Pick<Protocol, 'id' | 'version'>): string =>
  `${protocol.id}@${protocol.version}`;
