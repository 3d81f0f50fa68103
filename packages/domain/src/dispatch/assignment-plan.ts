import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { includesPolice } from '../triage/plan.ts';
import type { IncidentState } from '../incident/types.ts';
import type { Responder, ResponseType } from '../triage/types.ts';
import { missingCapabilities } from './eligibility.ts';
import { MODELS_FOR_RESPONSE, modelLabel, responseLabel } from './recommend-models.ts';
import { ROLE_LABELS, isRole } from '../access/roles.ts';

const roleLabel = (r: string): string => (isRole(r) ? ROLE_LABELS[r] : r);
import type { AssignmentJustification } from './assignment-types.ts';
import type { CapabilityNeeds, DispatchUnit, PlanForDispatch } from './recommend-types.ts';
import { YOUTH_UNDER_AGE } from './response-clock.ts';

/** Who goes for a response type when a call-taker overrode the protocol's plan to it. */
export const DEFAULT_RESPONDERS: Record<ResponseType, readonly Responder[]> = {
  phone_988: ['crisis_counsellor'],
  mcrt: ['mcrt_clinician', 'engagement_specialist'],
  co_response: ['police_officer', 'mcrt_clinician'],
  ems_co_response: ['ems_crew', 'engagement_specialist'],
  ems: ['ems_crew'],
  police_ems: ['police_officer', 'ems_crew'],
  mcrt_ems: ['mcrt_clinician', 'engagement_specialist', 'ems_crew'],
  police_clinician: ['police_officer', 'mcrt_clinician', 'ems_crew'],
  welfare_check: ['mcrt_clinician', 'engagement_specialist'],
  referral_coordination: ['crisis_counsellor'],
  language_matched_mcrt: ['mcrt_clinician', 'engagement_specialist'],
  followup_988: ['crisis_counsellor'],
};

/** Models that never leave a building: they cannot be sent to a scene, whatever the plan. */
const DESK_MODELS = ['psap_co_response', 'phone_988', 'law_enforcement_co_response_virtual'];

/**
 * The plan units are dispatched against: the protocol's recommendation, or the call-taker's
 * override of it (with the override's response type and its usual responders). Null when the
 * incident was never triaged to a response.
 */
export function dispatchPlanOf(s: Pick<IncidentState, 'triage' | 'override'>): PlanForDispatch | null {
  const rec = s.triage?.recommended;
  if (!rec) return null;
  // The youth figure recorded from the protocol travels with the plan (issue 12 §7): the ranking
  // of a call for a person under 21 is held to the maximum the board counts down.
  const youth = rec.youthMaxResponseMinutes;
  const max = rec.maxResponseMinutes === null ? null : { default: rec.maxResponseMinutes, ...(youth !== undefined && youth !== null ? { youth } : {}) };
  if (s.override) {
    const to = s.override.to as ResponseType;
    return { responseType: to, responders: DEFAULT_RESPONDERS[to] ?? [], maxResponseMinutes: max };
  }
  return { responseType: rec.responseType as ResponseType, responders: rec.responders as Responder[], maxResponseMinutes: max };
}

/** The emergency type whose maximum applies to the call: youth for a person under 21, else the plan's default. */
export function emergencyTypeOf(s: Pick<IncidentState, 'person'>): 'youth' | undefined {
  return s.person.age !== undefined && s.person.age < YOUTH_UNDER_AGE ? 'youth' : undefined;
}

/** What a call needs of a team, read from the incident: a child or young person needs a youth-trained team. */
export function needsOf(s: Pick<IncidentState, 'person'>): CapabilityNeeds {
  return s.person.age !== undefined && s.person.age < 18 ? { youth: true } : {};
}

/** A plan rule one unit of an assignment breaks, in words; the dispatcher may still send it with a justification. */
export interface PlanBreak {
  unitId: string;
  code: AssignmentJustification['breaks'];
  reason: string;
}

/**
 * Checks a set of units sent together against the plan. Each unit must be of a model the plan's
 * response type uses (or, meeting on site, a field team that brings a responder the plan needs),
 * cover the incident and carry what the call needs; together they must bring every responder
 * the plan names; and a unit with police on board needs police in the plan (CESSA §30).
 */
export function planBreaks(
  units: readonly { unit: DispatchUnit; coversIncident: boolean }[],
  plan: PlanForDispatch,
  needs: CapabilityNeeds,
  together: readonly DispatchUnit[],
  meetOnSite: boolean,
): PlanBreak[] {
  const breaks: PlanBreak[] = [];
  const models = MODELS_FOR_RESPONSE[plan.responseType] as readonly string[];
  const policeInPlan = includesPolice(plan.responders);
  for (const { unit, coversIncident } of units) {
    const brings = plan.responders.some((r) => unit.composition.includes(r));
    const fitsModel = models.includes(unit.model) || (meetOnSite && brings && !DESK_MODELS.includes(unit.model));
    const missing = missingCapabilities(unit, needs);
    if (!policeInPlan && unit.composition.includes('police_officer')) {
      breaks.push({ unitId: unit.id, code: 'police_not_in_plan', reason: `${unit.name} has police on board; the ${responseLabel(plan.responseType)} plan sends no police` });
    } else if (!fitsModel) {
      breaks.push({ unitId: unit.id, code: 'model_mismatch', reason: `${unit.name} is a ${modelLabel(unit.model)} team, which does not serve a ${responseLabel(plan.responseType)} plan` });
    } else if (!coversIncident) {
      breaks.push({ unitId: unit.id, code: 'outside_service_area', reason: `The incident is outside ${unit.name}'s service area` });
    } else if (missing.length > 0) {
      breaks.push({ unitId: unit.id, code: 'missing_capability', reason: `${unit.name} lacks what the call needs: ${missing.join(', ')}` });
    }
  }
  const onBoard = new Set(together.flatMap((u) => u.composition));
  const lacking = plan.responders.filter((r) => !onBoard.has(r));
  if (lacking.length > 0 && units.length > 0) {
    const last = units[units.length - 1]!.unit;
    breaks.push({ unitId: last.id, code: 'composition_mismatch', reason: `The units sent bring no ${lacking.map(roleLabel).join(' or ')}; the plan needs ${plan.responders.map(roleLabel).join(' + ')}` });
  }
  return breaks;
}

/** Whether an incident lies in a unit's service area; an incident without coordinates cannot be judged and counts as inside. */
export function coversIncident(unit: Pick<DispatchUnit, 'serviceArea'>, location: { lat?: number; lon?: number }): boolean {
  if (location.lat === undefined || location.lon === undefined) return true;
  return booleanPointInPolygon([location.lon, location.lat], unit.serviceArea);
}
