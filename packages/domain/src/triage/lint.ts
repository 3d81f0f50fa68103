import type { RiskLevel } from '../incident/types.ts';
import { lintFlow, type ProtocolProblem } from './lint-flow.ts';
import { includesPolice, sendsCrisisTeam } from './plan.ts';
import { DETERMINE, type Protocol, type Responder, type ResponsePlan, type ResponseType } from './types.ts';

export type { ProtocolProblem } from './lint-flow.ts';

export interface LintOptions {
  /** Emergent answers must be reachable within this many questions (issue 4: at most three). */
  maxEmergentQuestions?: number;
}

const ALL_LEVELS: readonly RiskLevel[] = [1, 2, 3, 4];

/** Who must be on board for each response type; police only where the type says so. */
const RESPONSE_SHAPES: Record<ResponseType, { needs: Responder[][]; police: boolean }> = {
  phone_988: { needs: [['crisis_counsellor']], police: false },
  mcrt: { needs: [['mcrt_clinician', 'engagement_specialist']], police: false },
  co_response: { needs: [['police_officer'], ['mcrt_clinician', 'engagement_specialist']], police: true },
  ems_co_response: { needs: [['ems_crew'], ['mcrt_clinician', 'engagement_specialist']], police: false },
  ems: { needs: [['ems_crew']], police: false },
  police_ems: { needs: [['police_officer'], ['ems_crew']], police: true },
  mcrt_ems: { needs: [['ems_crew'], ['mcrt_clinician', 'engagement_specialist']], police: false },
  police_clinician: { needs: [['police_officer'], ['mcrt_clinician']], police: true },
  welfare_check: { needs: [['mcrt_clinician', 'engagement_specialist']], police: false },
  referral_coordination: { needs: [['crisis_counsellor', 'mcrt_clinician', 'engagement_specialist']], police: false },
  language_matched_mcrt: { needs: [['mcrt_clinician', 'engagement_specialist']], police: false },
  followup_988: { needs: [['crisis_counsellor']], police: false },
};

/** Every problem with a protocol: references, CESSA rules, plans, and the question flow. */
export function lintProtocol(protocol: Protocol, options: LintOptions = {}): ProtocolProblem[] {
  const problems: ProtocolProblem[] = [];
  const add = (path: string, rule: string, message: string): void => {
    problems.push({ path, rule, message });
  };

  for (const level of ALL_LEVELS) {
    const count = protocol.levels.filter((l) => l.level === level).length;
    if (count !== 1) add('levels', 'levels_one_to_four', `level ${level} must be defined exactly once (found ${count})`);
  }
  duplicates(protocol.factors.map((f) => f.id), 'factors', 'id', add);
  duplicates(protocol.questions.map((q) => q.id), 'questions', 'id', add);
  duplicates(protocol.vendorCodes.map((v) => `${v.vendor}:${v.code}`), 'vendorCodes', 'code', add);

  const factorById = new Map(protocol.factors.map((f) => [f.id, f]));
  protocol.factors.forEach((f, i) => {
    const at = `factors.${i}`;
    if (f.scope === 'regional' && (f.regions ?? []).length === 0) add(`${at}.regions`, 'required', `regional factor "${f.id}" must name its regions`);
    if (f.scope === 'statewide' && f.regions !== undefined) add(`${at}.regions`, 'statewide_has_regions', `statewide factor "${f.id}" must not name regions`);
    if (f.category !== 'risk' && f.level > 1) {
      add(`${at}.level`, 'diagnosis_raises_level', `"${f.id}" is a ${f.category.replaceAll('_', ' ')}; alone it never raises the level (CESSA §30), so its level must be 1`);
    }
    if ((f.adds ?? []).includes('police_officer')) {
      add(`${at}.adds`, 'factor_adds_police', `"${f.id}" cannot add police: police go only on a CESSA §30 ground`);
    }
    if (f.response) {
      const rule = RESPONSE_SHAPES[f.response.responseType];
      for (const anyOf of rule.needs) {
        if (!anyOf.some((r) => f.response!.responders.includes(r))) add(`${at}.response.responders`, 'responders_mismatch', `${f.response.responseType} needs one of: ${anyOf.join(', ')}`);
      }
      if (includesPolice(f.response.responders)) add(`${at}.response.responders`, 'factor_adds_police', `"${f.id}" cannot call for police: police go only on a CESSA §30 ground`);
    }
    if (f.category !== 'risk' && f.justifies.length > 0) {
      add(`${at}.justifies`, 'diagnosis_justifies_police', `"${f.id}" is a ${f.category.replaceAll('_', ' ')}; it is never grounds for police (CESSA §30)`);
    }
  });

  for (const [kind, id] of Object.entries(protocol.safetyFlagFactors ?? {})) {
    if (id && !factorById.has(id)) add(`safetyFlagFactors.${kind}`, 'unknown_factor', `a safety flag marked as ${kind.replaceAll('_', ' ')} counts as unknown factor "${id}"`);
  }
  const questionIds = new Set(protocol.questions.map((q) => q.id));
  const target = (path: string, next: string): void => {
    if (next !== DETERMINE && !questionIds.has(next)) add(path, 'unknown_question', `"${next}" is neither a question nor "${DETERMINE}"`);
  };
  protocol.questions.forEach((q, i) => {
    const at = `questions.${i}`;
    if (q.id === DETERMINE) add(`${at}.id`, 'reserved_id', `"${DETERMINE}" ends the interview and cannot name a question`);
    if (q.answers.length === 0) add(`${at}.answers`, 'required', `question "${q.id}" offers no answers`);
    duplicates(q.answers.map((a) => a.key), `${at}.answers`, 'key', add);
    q.answers.forEach((a, j) => {
      const ap = `${at}.answers.${j}`;
      a.factors.forEach((id, k) => {
        if (!factorById.has(id)) add(`${ap}.factors.${k}`, 'unknown_factor', `answer "${a.key}" reveals unknown factor "${id}"`);
      });
      target(`${ap}.next`, a.next);
      if (a.emergent && a.next !== DETERMINE) add(`${ap}.next`, 'emergent_continues', `emergent answer "${a.key}" must go to "${DETERMINE}"`);
      if (a.emergent && !a.factors.some((id) => factorById.get(id)?.level === 4 && factorById.get(id)?.category === 'risk')) {
        add(`${ap}.factors`, 'emergent_without_factor', `emergent answer "${a.key}" must reveal a level 4 risk factor, so the record says why`);
      }
    });
    lintUnknownAndMultiple(q, at, factorById, add, protocol.unknownAnswers === 'every_question');
    const hasWhen = (q.when ?? []).length > 0;
    if (hasWhen && q.skipTo === undefined) add(`${at}.skipTo`, 'required', `question "${q.id}" has conditions, so it needs skipTo`);
    if (!hasWhen && q.skipTo !== undefined) add(`${at}.skipTo`, 'skip_without_when', `question "${q.id}" has skipTo but no conditions`);
    if (q.skipTo !== undefined) target(`${at}.skipTo`, q.skipTo);
    if (i === 0 && hasWhen) add(`${at}.when`, 'first_question_conditional', 'the first question is always asked');
    (q.when ?? []).forEach((c, k) => {
      const cp = `${at}.when.${k}`;
      const earlier = protocol.questions.find((e) => e.id === c.question);
      if (!earlier || earlier.id === q.id) {
        add(`${cp}.question`, 'unknown_question', `condition refers to "${c.question}", which is not an earlier question`);
        return;
      }
      const keys = [...(c.answers ?? []), ...(c.notAnswers ?? [])];
      if ((c.answers === undefined) === (c.notAnswers === undefined) || keys.length === 0) {
        add(cp, 'condition_shape', 'a condition names either answers or notAnswers, not both, and not none');
      }
      for (const key of keys) {
        if (!earlier.answers.some((a) => a.key === key)) add(cp, 'unknown_answer', `question "${earlier.id}" offers no answer "${key}"`);
      }
    });
  });

  ALL_LEVELS.forEach((level) => {
    const count = protocol.plans.filter((p) => p.level === level).length;
    if (count !== 1) add('plans', 'plan_per_level', `the statewide plans must cover level ${level} exactly once (found ${count})`);
  });
  protocol.plans.forEach((p, i) => lintPlan(p, `plans.${i}`, protocol.emergencyTypes, add));
  for (const [regionId, override] of Object.entries(protocol.regionalOverrides)) {
    if (override.level4WithPolice && !includesPolice(override.level4WithPolice.responders)) {
      add(`regionalOverrides.${regionId}.level4WithPolice`, 'level4_without_police', 'the level 4 response with police must send police');
    }
    const at = `regionalOverrides.${regionId}.plans`;
    duplicates(override.plans.map((p) => String(p.level)), at, 'level', add);
    override.plans.forEach((p, i) => {
      // A published file went through the schema, but a protocol built in code did not.
      if ((p.level as RiskLevel) !== 2 && (p.level as RiskLevel) !== 3) {
        add(`${at}.${i}.level`, 'regional_level', `regions set levels 2 and 3 only; level ${p.level} is the same statewide`);
      }
      lintPlan(p, `${at}.${i}`, protocol.emergencyTypes, add);
    });
  }

  problems.push(...lintFlow(protocol, options.maxEmergentQuestions ?? 3));
  return problems;
}

/**
 * Issue 12 §1: every question offers one "the caller does not know" answer, which is never
 * emergent and never lowers the level (its factors reach at least the lowest level a known,
 * non-emergent answer gives); a question taking several answers sends them all the same way on.
 */
function lintUnknownAndMultiple(
  q: Protocol['questions'][number],
  at: string,
  factorById: ReadonlyMap<string, Protocol['factors'][number]>,
  add: (path: string, rule: string, message: string) => void,
  required: boolean,
): void {
  const unknowns = q.answers.filter((a) => a.unknown);
  if (unknowns.length > 1 || (required && unknowns.length !== 1)) {
    add(`${at}.answers`, 'unknown_answer_required', `question "${q.id}" must offer exactly one answer marked unknown: true (found ${unknowns.length})`);
  }
  const levelOf = (factors: readonly string[]): number =>
    factors.reduce((max, id) => {
      const f = factorById.get(id);
      return f && f.category === 'risk' && f.level > max ? f.level : max;
    }, 1);
  const known = q.answers.filter((a) => !a.unknown && !a.emergent);
  const floor = known.length > 0 ? Math.min(...known.map((a) => levelOf(a.factors))) : 1;
  q.answers.forEach((a, j) => {
    if (!a.unknown) return;
    if (a.emergent) add(`${at}.answers.${j}.emergent`, 'unknown_emergent', `"the caller does not know" cannot be emergent in question "${q.id}"`);
    if (levelOf(a.factors) < floor) {
      add(`${at}.answers.${j}.factors`, 'unknown_lowers_level', `the unknown answer of "${q.id}" gives level ${levelOf(a.factors)}, below the ${floor} every known answer gives`);
    }
  });
  if (q.multiple) {
    const ways = new Set(known.map((a) => a.next));
    if (ways.size > 1) add(`${at}.answers`, 'multiple_next_differs', `question "${q.id}" takes several answers, so its non-emergent answers must share one "next" (found ${[...ways].join(', ')})`);
  }
}

function lintPlan(
  plan: ResponsePlan,
  at: string,
  emergencyTypes: readonly string[],
  add: (path: string, rule: string, message: string) => void,
): void {
  const shape = (responseType: ResponseType, responders: readonly Responder[], path: string): void => {
    const rule = RESPONSE_SHAPES[responseType];
    for (const anyOf of rule.needs) {
      if (!anyOf.some((r) => responders.includes(r))) add(`${path}.responders`, 'responders_mismatch', `${responseType} needs one of: ${anyOf.join(', ')}`);
    }
    if (!rule.police && includesPolice(responders)) add(`${path}.responders`, 'responders_mismatch', `${responseType} does not send police`);
  };
  shape(plan.responseType, plan.responders, at);
  if (includesPolice(plan.responders) && !plan.withoutPolice) {
    add(`${at}.withoutPolice`, 'required', `level ${plan.level} sends police, so it needs a response for calls with no CESSA §30 ground`);
  }
  if (plan.withoutPolice) {
    shape(plan.withoutPolice.responseType, plan.withoutPolice.responders, `${at}.withoutPolice`);
    if (includesPolice(plan.withoutPolice.responders)) add(`${at}.withoutPolice.responders`, 'police_in_alternative', 'the response without police must not send police');
  }
  if (plan.whenCrisisTeamUnavailable) {
    shape(plan.whenCrisisTeamUnavailable.responseType, plan.whenCrisisTeamUnavailable.responders, `${at}.whenCrisisTeamUnavailable`);
    if (!sendsCrisisTeam(plan.responders)) add(`${at}.whenCrisisTeamUnavailable`, 'no_crisis_team', `level ${plan.level} sends no crisis team that could be unavailable`);
  }
  const max = plan.maxResponseMinutes;
  if ((plan.level === 2 || plan.level === 3) && (max === undefined || max['default'] === undefined)) {
    add(`${at}.maxResponseMinutes`, 'required', `level ${plan.level} needs a default maximum response time (set by the RAC)`);
  }
  for (const [type, minutes] of Object.entries(max ?? {})) {
    if (type !== 'default' && !emergencyTypes.includes(type)) add(`${at}.maxResponseMinutes.${type}`, 'unknown_emergency_type', `"${type}" is not one of the protocol's emergency types`);
    if (!Number.isInteger(minutes) || minutes <= 0) add(`${at}.maxResponseMinutes.${type}`, 'positive_minutes', 'a maximum response time is a positive whole number of minutes');
  }
}

function duplicates(values: readonly string[], at: string, field: string, add: (path: string, rule: string, message: string) => void): void {
  values.forEach((value, i) => {
    if (values.indexOf(value) !== i) add(`${at}.${i}.${field}`, 'duplicate', `"${value}" appears more than once`);
  });
}
