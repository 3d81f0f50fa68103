import type { Assignment } from '../dispatch/assignment-types.ts';
import { DEFAULT_DISPATCH_TIMERS, maximumMinutesOf } from '../dispatch/response-clock.ts';
import type { Disability, IncidentState } from '../incident/types.ts';

/**
 * What the monthly RAC report counts of one incident (issue 14 §2, ADR 0040): a flat row kept
 * beside the projection in the same transaction, so a month's report reads these rows and never
 * folds the event history. Nothing in it names or describes the person beyond an age band.
 */
export interface IncidentFacts {
  incidentId: string;
  regionId: string;
  /** The receiving agency and every agency whose unit (or partner crew) was sent: a supervisor's "own" calls. */
  agencyIds: string[];
  version: number;
  receivedAt: Date;
  entryPoint: string;
  riskLevel: number | null;
  responseGiven: ResponseGiven;
  /** The CESSA §30 ground on record when police responded; null otherwise. */
  policeGround: string | null;
  /** The plan called for a crisis team (MCRT, co-response, EMS co-response). */
  eligibleForTeam: boolean;
  /** Eligible but no crisis team was sent: the recorded reason (see noTeamReason). */
  noTeamReason: string | null;
  overrideReason: string | null;
  /** The type of emergency the maximum is set for: a youth call on the CARES maximum or an adult call. */
  emergencyType: 'youth' | 'adult';
  /** Dispatch-ready (level determined) → first unit on scene, in seconds; null without an arrival. */
  responseSeconds: number | null;
  /** The maximum the response is held to: the plan's, the CARES figure, else the region's default. */
  /** Null at level 4: a 911 response, with no crisis-team maximum to be measured against. */
  maxSeconds: number | null;
  disposition: string | null;
  transportDestination: string | null;
  destinationFacilityId: string | null;
  arrest: boolean;
  useOfForce: boolean;
  injury: boolean;
  /** Who initiated an involuntary petition (SB2500 counts those by crisis responders). */
  petitionBy: string | null;
  deflectionPathway: string | null;
  diversion: string | null;
  ageBand: AgeBand;
  /** The intake's answer (PersonInCrisis.disability); `unknown` when not asked or not known. */
  disability: Disability;
}

export const RESPONSE_GIVEN = ['phone_only', 'crisis_team', 'co_response', 'ems', 'police', 'none'] as const;
export type ResponseGiven = (typeof RESPONSE_GIVEN)[number];

export const AGE_BANDS = ['under_18', '18_24', '25_44', '45_64', '65_plus', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Models whose crew is a behavioural-health team without police (DOMAIN.md §4). */
const TEAM_MODELS = new Set(['alternative_response', 'program_590_mcrt', 'medicaid_mobile_crisis']);
const EMS_MODELS = new Set(['ems', 'ems_co_response_peer', 'ems_co_response_embedded_clinician', 'ems_co_response_meet_on_site']);
const EMS_TEAM_MODELS = new Set(['ems_co_response_peer', 'ems_co_response_embedded_clinician', 'ems_co_response_meet_on_site']);
const isCoResponse = (model: string) => model.startsWith('law_enforcement_co_response_') && model !== 'law_enforcement_co_response_virtual';
/** Plans that call for a crisis team on scene: CESSA's default response. */
const TEAM_PLANS = new Set(['mcrt', 'co_response', 'ems_co_response']);
/** Outcomes reached without anyone going out. */
const PHONE_OUTCOMES = new Set(['resolved_by_phone', 'transferred_to_988', 'referred', 'no_response_needed']);

export function ageBand(age: number | undefined): AgeBand {
  if (age === undefined || !Number.isFinite(age)) return 'unknown';
  if (age < 18) return 'under_18';
  if (age < 25) return '18_24';
  if (age < 45) return '25_44';
  if (age < 65) return '45_64';
  return '65_plus';
}

/** A unit counts as sent unless it was taken off before arriving (reassigned, cancelled). */
const sent = (a: Assignment) => a.release === null || a.onSceneAt !== null;

/**
 * The response a call got, by the units sent: police with a crisis team is a co-response; a
 * crisis team alone is the alternative response; no unit sent on a call closed by phone (or
 * taken by 988) is phone only.
 */
export function responseGiven(s: Pick<IncidentState, 'response' | 'disposition' | 'entryPoint'>): ResponseGiven {
  const models = s.response.assignments.filter(sent).map((a) => a.model);
  const police = models.some((m) => m === 'law_enforcement');
  const team = models.some((m) => TEAM_MODELS.has(m));
  if (models.some(isCoResponse) || (police && team)) return 'co_response';
  if (police) return 'police';
  if (models.some((m) => EMS_MODELS.has(m))) return 'ems';
  if (team) return 'crisis_team';
  if (models.length === 0 && (PHONE_OUTCOMES.has(s.disposition ?? '') || s.entryPoint === '988')) return 'phone_only';
  return 'none';
}

/** The §30 ground recorded for police: the dispatcher's on the police unit, else the plan's. */
function policeGroundOf(s: IncidentState, given: ResponseGiven): string | null {
  if (given !== 'police' && given !== 'co_response') return null;
  const onUnit = s.response.assignments.find((a) => sent(a) && (a.model === 'law_enforcement' || isCoResponse(a.model)) && a.justification?.cessa30);
  return onUnit?.justification?.cessa30 ?? s.triage?.recommended?.justifications[0] ?? 'not_recorded';
}

/**
 * Why an eligible call got no crisis team: the dispatcher's recorded deviation (e.g. no fitting
 * unit available, a §30 "crisis team unavailable within the regional maximum"), or that no unit was
 * sent at all. The recommender's shortfall codes are not recorded on the incident (ADR 0040).
 */
function noTeamReasonOf(s: IncidentState): string {
  const sentUnits = s.response.assignments.filter(sent);
  if (sentUnits.length === 0) return s.disposition && PHONE_OUTCOMES.has(s.disposition) ? 'resolved_without_dispatch' : 'no_unit_sent';
  const j = sentUnits.find((a) => a.justification)?.justification;
  if (j?.cessa30 === 'crisis_team_unavailable_within_regional_maximum') return 'crisis_team_unavailable_within_regional_maximum';
  return j?.code ?? 'not_recorded';
}

const seconds = (from: string | null, to: string | null): number | null =>
  from && to ? Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000)) : null;

/** The facts of one incident, from its projection: pure, so the naive check folds events through it too. */
export function incidentFacts(s: IncidentState, regionalMaxMinutes = DEFAULT_DISPATCH_TIMERS.regionalMaxMinutes): IncidentFacts {
  const given = responseGiven(s);
  const eligible = TEAM_PLANS.has(s.triage?.recommended?.responseType ?? '');
  const gotTeam = s.response.assignments.filter(sent).some((a) => TEAM_MODELS.has(a.model) || isCoResponse(a.model) || EMS_TEAM_MODELS.has(a.model));
  const agencies = new Set<string>([s.agencyId]);
  for (const a of s.response.assignments) [a.agencyId, ...a.partnerAgencyIds].forEach((id) => agencies.add(id));
  const clock = s.response.clock;
  const d = s.dispositionDetail;
  return {
    incidentId: s.id,
    regionId: s.regionId,
    agencyIds: [...agencies].sort(),
    version: s.version,
    receivedAt: s.receivedAt,
    entryPoint: s.entryPoint,
    riskLevel: s.triage?.level ?? null,
    responseGiven: given,
    policeGround: policeGroundOf(s, given),
    eligibleForTeam: eligible,
    noTeamReason: eligible && !gotTeam ? noTeamReasonOf(s) : null,
    overrideReason: s.override?.reasonCode ?? null,
    emergencyType: s.caresMaxResponseMinutes !== undefined ? 'youth' : 'adult',
    responseSeconds: seconds(clock.triagedAt ?? clock.receivedAt, clock.onSceneAt),
    maxSeconds: secondsOf(maximumMinutesOf(s, { regionalMaxMinutes })),
    disposition: s.disposition,
    transportDestination: d?.transport?.destination ?? null,
    destinationFacilityId: d?.transport?.facilityId ?? null,
    arrest: d?.arrest ?? s.disposition === 'arrest',
    useOfForce: d?.useOfForce ?? false,
    injury: d ? d.injuries.person || d.injuries.responder || d.injuries.other : false,
    petitionBy: d?.involuntaryPetition?.by ?? null,
    deflectionPathway: d?.deflectionPathway ?? null,
    diversion: d?.diversion ?? null,
    ageBand: ageBand(s.person.age),
    disability: s.person.disability ?? 'unknown',
  };
}

/**
 * Rural or urban, of the place the call came from (issue 14 §2; ADR 0045): the `setting` of the
 * district the incident is placed in, as the administrator's import gives it. Our reconstruction,
 * not a census classification of the exact point; `unknown` when unplaced or the district has none.
 */
export const SETTINGS = ['urban', 'rural', 'unknown'] as const;
export type Setting = (typeof SETTINGS)[number];

const secondsOf = (minutes: number | null): number | null => (minutes === null ? null : minutes * 60);
