import { allowedActions, type IncidentAction } from './transitions.ts';
import type { IncidentState } from './types.ts';

/** A precondition beyond the status, with the field and rule named when it fails. */
export interface Guard {
  holds: (s: IncidentState) => boolean;
  field: string;
  rule: string;
  message: (s: IncidentState) => string;
}

const isYouthForCares = (s: IncidentState): boolean =>
  s.person.age !== undefined && s.person.age < 21 && Boolean(s.person.medicaid || s.person.dcfsWard);

/**
 * Preconditions of the hand-off actions. `decide` refuses with them and consoles are offered only
 * the actions whose preconditions hold: one rule, two uses.
 */
export const GUARDS: Partial<Record<IncidentAction, Guard[]>> = {
  transfer_to_988: [
    { holds: (s) => s.entryPoint !== '988', field: 'action', rule: 'already_at_988', message: () => 'this call is already with 988' },
    {
      // Level 1 goes to 988 (DOMAIN.md §5); a higher level only when the call-taker overrode to phone support.
      holds: (s) => s.triage?.level === 1 || s.override?.to === 'phone_988',
      field: 'action',
      rule: 'level_1_only',
      message: (s) => `only a level 1 call is transferred to 988; this call is level ${s.triage?.level ?? 'not triaged'}`,
    },
  ],
  escalate_to_911: [
    { holds: (s) => s.entryPoint !== '911', field: 'action', rule: 'not_from_911', message: () => 'a 911 call is already with 911; escalation is for calls that came in elsewhere' },
  ],
  route_to_cares: [
    {
      // Untriaged, the CARES line would not know how urgent the call is, and screens would show a level nobody determined.
      holds: (s) => s.triage !== null,
      field: 'action',
      rule: 'triage_required',
      message: () => 'determine the level first: the CARES line needs to know how urgent the call is',
    },
    {
      holds: isYouthForCares,
      field: 'person',
      rule: 'youth_routing_criteria',
      message: () => 'the CARES line takes people under 21 on Medicaid or in DCFS care; record the age and Medicaid or DCFS status first',
    },
  ],
  undo_answer: [
    { holds: (s) => (s.interview?.answers.length ?? 0) > 0, field: 'questionId', rule: 'nothing_to_undo', message: () => 'no answer has been recorded yet: there is nothing to undo' },
  ],
  override_response: [
    { holds: (s) => Boolean(s.triage?.recommended), field: 'to', rule: 'no_recommendation', message: () => 'there is no recommended response to override yet' },
  ],
};

/** The first unmet precondition of an action, or null. */
export const unmetGuard = (action: IncidentAction, s: IncidentState): Guard | null =>
  (GUARDS[action] ?? []).find((g) => !g.holds(s)) ?? null;

/** The actions open to this incident now: allowed by its status, with their preconditions met. */
export const availableActions = (s: IncidentState): IncidentAction[] =>
  allowedActions(s.status).filter((a) => unmetGuard(a, s) === null);
