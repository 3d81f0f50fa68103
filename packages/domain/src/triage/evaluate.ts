import { DomainError, invalid } from '../errors.ts';
import type { RiskLevel } from '../incident/types.ts';
import { recommendPlan, type RecommendedPlan } from './plan.ts';
import { DETERMINE, protocolVersionOf, type GuidedQuestion, type Protocol, type RiskFactor } from './types.ts';

/** One answer given during the interview. */
export interface TriageAnswer {
  questionId: string;
  answerKey: string;
}

export interface TriageOptions {
  /** The caller's region: selects the RAC's plans for levels 2 and 3 and its regional factors. */
  regionId?: string | null;
  /** A 988 report that no crisis team can meet the regional maximum (the third §30 ground). */
  crisisTeamUnavailable?: { reportRef: string } | null;
}

/** Why a chosen factor did not count toward the level. */
export type NotCountedReason = 'diagnosis_alone' | 'mental_health_emergency_alone' | 'outside_region';

export interface GuidanceToRead {
  factorId: string;
  safety: readonly string[];
  preArrival: readonly string[];
}

export interface TriageResult {
  status: 'in_progress' | 'determined';
  /** Provisional while in progress; final once determined. */
  level: RiskLevel;
  emergent: boolean;
  /** The counted factors that set the level. */
  decidingFactors: string[];
  /** Every factor the answers revealed, in the order revealed, counted or not. */
  factorsChosen: string[];
  factorsNotCounted: Array<{ factorId: string; reason: NotCountedReason }>;
  nextQuestion: GuidedQuestion | null;
  /** Safety and pre-arrival guidance for the chosen factors, most urgent first. */
  guidance: GuidanceToRead[];
  recommendedPlan: RecommendedPlan;
  /** `id@version`: recorded with every triage so a level can be explained later. */
  protocolVersion: string;
  answers: TriageAnswer[];
}

interface ProtocolIndex {
  questions: Map<string, GuidedQuestion>;
  factors: Map<string, RiskFactor>;
  version: string;
}

// A published protocol is immutable, so its lookup maps are derived once per protocol object.
const indexes = new WeakMap<Protocol, ProtocolIndex>();

function indexOf(protocol: Protocol): ProtocolIndex {
  let index = indexes.get(protocol);
  if (!index) {
    index = {
      questions: new Map(protocol.questions.map((q) => [q.id, q])),
      factors: new Map(protocol.factors.map((f) => [f.id, f])),
      version: protocolVersionOf(protocol),
    };
    indexes.set(protocol, index);
  }
  return index;
}

/** Evaluates the answers given so far: the level, its reasons, the next question and the plan. */
export function evaluateTriage(protocol: Protocol, answers: readonly TriageAnswer[], options: TriageOptions = {}): TriageResult {
  const index = indexOf(protocol);
  const regionId = options.regionId ?? null;
  const given = new Map<string, string>();
  const chosen: string[] = [];
  let emergentFactors: readonly string[] | null = null;
  let current = advance(index, given, protocol.questions[0]?.id ?? DETERMINE);

  for (const [i, answer] of answers.entries()) {
    if (current === DETERMINE) {
      throw invalid([
        { field: `answers.${i}`, rule: 'determination_final', message: `the determination is final; no further answer is accepted` },
      ]);
    }
    const question = index.questions.get(answer.questionId);
    if (!question) {
      throw invalid([
        { field: `answers.${i}.questionId`, rule: 'unknown_question', message: `unknown question "${answer.questionId}"` },
      ]);
    }
    if (question.id !== current) {
      throw invalid([
        {
          field: `answers.${i}.questionId`,
          rule: 'not_asked',
          message: `question "${answer.questionId}" is not being asked; the current question is "${current}"`,
        },
      ]);
    }
    const option = question.answers.find((a) => a.key === answer.answerKey);
    if (!option) {
      throw invalid([
        {
          field: `answers.${i}.answerKey`,
          rule: 'not_offered',
          message: `"${answer.answerKey}" is not an answer offered by question "${question.id}"`,
        },
      ]);
    }
    given.set(question.id, option.key);
    for (const factorId of option.factors) if (!chosen.includes(factorId)) chosen.push(factorId);
    if (option.emergent) {
      // Weapon, violence, medical emergency, crime in progress: no further question delays help.
      emergentFactors = option.factors;
      current = DETERMINE;
    } else {
      current = advance(index, given, option.next);
    }
  }

  const factors = chosen.map((id) => index.factors.get(id)).filter((f): f is RiskFactor => f !== undefined);
  const counted: RiskFactor[] = [];
  const factorsNotCounted: TriageResult['factorsNotCounted'] = [];
  for (const factor of factors) {
    const reason = whyNotCounted(factor, regionId);
    if (reason) factorsNotCounted.push({ factorId: factor.id, reason });
    else counted.push(factor);
  }

  const emergent = emergentFactors !== null;
  const level: RiskLevel = emergent ? 4 : counted.reduce<RiskLevel>((max, f) => (f.level > max ? f.level : max), 1);
  const decidingFactors = emergentFactors
    ? [...emergentFactors]
    : counted.filter((f) => f.level === level).map((f) => f.id);

  return {
    status: current === DETERMINE ? 'determined' : 'in_progress',
    level,
    emergent,
    decidingFactors,
    factorsChosen: chosen,
    factorsNotCounted,
    nextQuestion: current === DETERMINE ? null : (index.questions.get(current) ?? null),
    guidance: guidanceFor(factors),
    recommendedPlan: recommendPlan(protocol, level, counted, {
      regionId,
      crisisTeamUnavailable: options.crisisTeamUnavailable ?? null,
    }),
    protocolVersion: index.version,
    answers: answers.map((a) => ({ questionId: a.questionId, answerKey: a.answerKey })),
  };
}

/** Follows skip logic from a target to the next question to ask, or to `determine`. */
function advance(index: ProtocolIndex, given: ReadonlyMap<string, string>, target: string): string {
  const seen = new Set<string>();
  let id = target;
  while (id !== DETERMINE) {
    const question = index.questions.get(id);
    if (!question || seen.has(id) || given.has(id)) {
      // Only an unlinted protocol gets here: a dangling reference or a loop back to an answered question.
      throw new DomainError('validation_failed', `The protocol's question flow is broken at "${id}"`, {}, [
        { field: 'protocol.questions', rule: question ? 'cycle' : 'unknown_question', message: `flow broken at "${id}"` },
      ]);
    }
    seen.add(id);
    if (conditionsHold(question, given)) return id;
    id = question.skipTo ?? DETERMINE;
  }
  return DETERMINE;
}

function conditionsHold(question: GuidedQuestion, given: ReadonlyMap<string, string>): boolean {
  return (question.when ?? []).every((condition) => {
    const answer = given.get(condition.question);
    if (condition.answers && (answer === undefined || !condition.answers.includes(answer))) return false;
    if (condition.notAnswers && answer !== undefined && condition.notAnswers.includes(answer)) return false;
    return true;
  });
}

function whyNotCounted(factor: RiskFactor, regionId: string | null): NotCountedReason | null {
  // CESSA §30: a diagnosis or a mental-health emergency alone never raises the level.
  if (factor.category === 'diagnosis') return 'diagnosis_alone';
  if (factor.category === 'mental_health_emergency') return 'mental_health_emergency_alone';
  if (factor.scope === 'regional' && (regionId === null || !(factor.regions ?? []).includes(regionId))) return 'outside_region';
  return null;
}

function guidanceFor(factors: readonly RiskFactor[]): GuidanceToRead[] {
  return factors
    .filter((f) => f.guidance.safety.length > 0 || f.guidance.preArrival.length > 0)
    .map((f, order) => ({ f, order }))
    .sort((a, b) => b.f.level - a.f.level || a.order - b.order)
    .map(({ f }) => ({ factorId: f.id, safety: f.guidance.safety, preArrival: f.guidance.preArrival }));
}
