import { ROLE_LABELS, isRole } from '../access/roles.ts';
import type { Responder } from '../triage/types.ts';
import { MODELS_FOR_RESPONSE, YOUTH_ONLY_MODELS, modelLabel, responseLabel } from './recommend-models.ts';
import type { CapabilityNeeds, DispatchUnit, ExclusionCode, PlanForDispatch } from './recommend-types.ts';

/** The first rule a unit breaks for a plan, in words a dispatcher can act on. */
export interface Ineligibility {
  code: ExclusionCode;
  reason: string;
}

const roleLabel = (role: string): string => (isRole(role) ? ROLE_LABELS[role] : role);

/** The plan's responders that the unit does not carry. */
export function missingResponders(responders: readonly Responder[], composition: readonly string[]): Responder[] {
  return responders.filter((r) => !composition.includes(r));
}

/** What the call needs that the unit lacks, in words; empty when it lacks nothing. */
export function missingCapabilities(unit: Pick<DispatchUnit, 'capabilities'>, needs: CapabilityNeeds | undefined): string[] {
  if (!needs) return [];
  const c = unit.capabilities;
  const missing: string[] = [];
  if (needs.youth && !c.youth) missing.push('youth response');
  if (needs.naloxone && !c.naloxone) missing.push('naloxone');
  if (needs.canTransport && !c.canTransport) missing.push('transport');
  for (const lang of needs.languages ?? []) {
    if (!c.languages.some((l) => l.toLowerCase() === lang.toLowerCase())) missing.push(`language ${lang}`);
  }
  return missing;
}

/**
 * The code of the first rule a unit breaks for a plan, or null when it may go. Rules are judged
 * in the order a dispatcher reads them: what the team is (model, crew), where it may go, what
 * the call needs, then whether it is free and can be located. A plan is matched against one
 * unit at a time: a co-response of two units meeting on site (police from one, clinician from
 * another) is not assembled here; the dispatcher adds the second unit from its own
 * recommendation (issue 5 item 4). `coversIncident` is passed in because the spatial index
 * decides it once per service area. Words are left to `checkEligibility`, so that scanning
 * thousands of units builds no strings.
 */
export function ineligibilityCode(unit: DispatchUnit, plan: PlanForDispatch, needs: CapabilityNeeds | undefined, coversIncident: boolean): ExclusionCode | null {
  if (!(MODELS_FOR_RESPONSE[plan.responseType] as readonly string[]).includes(unit.model)) return 'model_mismatch';
  if (!needs?.youth && (YOUTH_ONLY_MODELS as readonly string[]).includes(unit.model)) return 'model_mismatch';
  for (const r of plan.responders) if (!unit.composition.includes(r)) return 'composition_mismatch';
  if (!coversIncident) return 'outside_service_area';
  if (needs && missingCapabilities(unit, needs).length > 0) return 'missing_capability';
  if (unit.status !== 'available') return 'not_available';
  if (!unit.position && !unit.home) return 'no_position';
  return null;
}

/** The first rule a unit breaks for a plan, with the reason in words; null when it may go. */
export function checkEligibility(
  unit: DispatchUnit,
  plan: PlanForDispatch,
  needs: CapabilityNeeds | undefined,
  coversIncident: boolean,
): Ineligibility | null {
  const code = ineligibilityCode(unit, plan, needs, coversIncident);
  return code === null ? null : { code, reason: reasonFor(code, unit, plan, needs) };
}

function reasonFor(code: ExclusionCode, unit: DispatchUnit, plan: PlanForDispatch, needs: CapabilityNeeds | undefined): string {
  switch (code) {
    case 'model_mismatch':
      return (MODELS_FOR_RESPONSE[plan.responseType] as readonly string[]).includes(unit.model)
        ? `${unit.name} serves children and young people under 21 only`
        : `${unit.name} is a ${modelLabel(unit.model)} team, which does not serve a ${responseLabel(plan.responseType)} plan`;
    case 'composition_mismatch':
      return `${unit.name} has no ${missingResponders(plan.responders, unit.composition).map(roleLabel).join(' or ')} on board; the plan needs ${plan.responders.map(roleLabel).join(' + ')}`;
    case 'outside_service_area':
      return `The incident is outside ${unit.name}'s service area`;
    case 'missing_capability':
      return `${unit.name} lacks what the call needs: ${missingCapabilities(unit, needs).join(', ')}`;
    case 'not_available':
      return `${unit.name} is ${unit.status.replace(/_/g, ' ')}`;
    case 'no_position':
      return `${unit.name} has neither a live position nor a home base to time the trip from`;
    case 'no_route':
      return `No route from ${unit.name} to the incident`;
  }
}
