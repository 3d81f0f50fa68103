import { DomainError, invalid } from '../errors.ts';
import type { RiskLevel } from '../incident/types.ts';
import { recommendPlan, type RecommendedPlan } from './plan.ts';
import { DETERMINE, protocolVersionOf, UNKNOWN_ANSWER, type SafetyFlagKind, type AnswerOption, type GuidedQuestion, type Protocol, type RiskFactor } from './types.ts';

/** One answer given during the interview: one key, or several where the question takes several. */
export interface TriageAnswer {
  questionId: string;
  answerKey: string;
  /** Every key given, where the question takes several (`answerKey` is then the first). */
  answerKeys?: readonly string[];
}

/** A question the caller could not answer, and what that means for the level. */
export interface UnknownAnswer {
  questionId: string;
  /** The highest level an answer to it could have given. */
  couldReach: RiskLevel;
  reason: string;
}

/** The keys an answer gives, whichever way it was sent. */
export const keysOf = (answer: Pick<TriageAnswer, 'answerKey' | 'answerKeys'>): readonly string[] =>
  answer.answerKeys && answer.answerKeys.length > 0 ? answer.answerKeys : [answer.answerKey];

export interface TriageOptions {
  /** The caller's region: selects the RAC's plans for levels 2 and 3 and its regional factors. */
  regionId?: string | null;
  /** A 988 report that no crisis team can meet the regional maximum (the third §30 ground). */
  crisisTeamUnavailable?: { reportRef: string } | null;
  /** Safety flags the call-taker marked (issue 12 §2): each counts as the protocol's factor for its kind. */
  flaggedAs?: readonly SafetyFlagKind[];
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
  /** The questions the caller could not answer, each with why it matters (issue 12 §1). */
  unknowns: UnknownAnswer[];
  /** True when an unknown answer could have raised the level: the determination may rise once known. */
  provisional: boolean;
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
  const given = new Map<string, readonly string[]>();
  const chosen: string[] = [];
  const unknownQuestions: { question: GuidedQuestion; followUp: string }[] = [];
  let emergentFactors: string[] | null = null;
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
    const options = optionsFor(question, keysOf(answer), i);
    given.set(question.id, options.map((o) => o.key));
    for (const option of options) for (const factorId of option.factors) if (!chosen.includes(factorId)) chosen.push(factorId);
    const unknownOption = options.find((o) => o.unknown);
    if (unknownOption) unknownQuestions.push({ question, followUp: unknownOption.next });
    const emergent = options.filter((o) => o.emergent);
    if (emergent.length > 0) {
      // Weapon, violence, medical emergency, crime in progress: no further question delays help.
      // Every emergent fact given together is recorded (a medical emergency and a suicide attempt).
      emergentFactors = [...new Set(emergent.flatMap((o) => o.factors))];
      current = DETERMINE;
    } else {
      // Several answers share their way on (lint: multiple_next_differs); the first one's is taken.
      current = advance(index, given, options[0]!.next);
    }
  }

  // A flag marked as a threat or a medical concern counts as the factor an answer would reveal.
  for (const kind of options.flaggedAs ?? []) {
    const id = protocol.safetyFlagFactors?.[kind];
    if (id && !chosen.includes(id)) chosen.push(id);
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

  const unknowns = unknownQuestions.map(({ question, followUp }) => {
    // A follow-up asked because of the unknown, and answered, settles it (immediate danger → the danger check).
    // Only a question the unknown answer alone leads to is its follow-up; the next question of every answer is not.
    const dedicated = !question.answers.some((a) => !a.unknown && a.next === followUp);
    const settled = dedicated && (given.get(followUp) ?? []).some((k) => !index.questions.get(followUp)?.answers.find((a) => a.key === k)?.unknown);
    return unknownOf(question, index, level, regionId, settled ? followUp : null);
  });
  return {
    status: current === DETERMINE ? 'determined' : 'in_progress',
    level,
    emergent,
    decidingFactors,
    factorsChosen: chosen,
    factorsNotCounted,
    unknowns,
    provisional: unknowns.some((u) => u.couldReach > level),
    nextQuestion: current === DETERMINE ? null : (index.questions.get(current) ?? null),
    guidance: guidanceFor(factors),
    recommendedPlan: recommendPlan(protocol, level, counted, {
      regionId,
      crisisTeamUnavailable: options.crisisTeamUnavailable ?? null,
    }),
    protocolVersion: index.version,
    answers: answers.map((a) => (a.answerKeys && a.answerKeys.length > 1 ? { questionId: a.questionId, answerKey: a.answerKey, answerKeys: [...a.answerKeys] } : { questionId: a.questionId, answerKey: a.answerKey })),
  };
}

/**
 * The options an answer names, refused naming the rule: a key not offered, several keys where the
 * question takes one, a key twice, or "unknown" beside a known fact. `unknown` names the
 * question's own "does not know" answer, whatever its key.
 */
function optionsFor(question: GuidedQuestion, keys: readonly string[], i: number): AnswerOption[] {
  const field = `answers.${i}.answerKey`;
  if (keys.length > 1 && !question.multiple) {
    throw invalid([{ field, rule: 'single_answer', message: `question "${question.id}" takes one answer` }]);
  }
  if (new Set(keys).size !== keys.length) throw invalid([{ field, rule: 'unique', message: 'an answer is given twice' }]);
  const options = keys.map((key) => {
    const option = question.answers.find((a) => a.key === key) ?? (key === UNKNOWN_ANSWER ? question.answers.find((a) => a.unknown) : undefined);
    if (!option) throw invalid([{ field, rule: 'not_offered', message: `"${key}" is not an answer offered by question "${question.id}"` }]);
    return option;
  });
  if (options.length > 1 && options.some((o) => o.unknown)) {
    throw invalid([{ field, rule: 'unknown_alone', message: '"the caller does not know" cannot be given beside a known answer' }]);
  }
  // The file's order, so the record does not depend on the order the call-taker ticked them.
  return question.answers.filter((a) => options.includes(a));
}

/** What an unknown answer could have meant: the highest level any known answer to it gives. */
function unknownOf(question: GuidedQuestion, index: ProtocolIndex, level: RiskLevel, regionId: string | null, settledBy: string | null): UnknownAnswer {
  let couldReach: RiskLevel = 1;
  for (const option of question.answers) {
    if (option.unknown) continue;
    if (option.emergent) couldReach = 4;
    for (const id of option.factors) {
      const factor = index.factors.get(id);
      if (factor && whyNotCounted(factor, regionId) === null && factor.level > couldReach) couldReach = factor.level;
    }
  }
  if (settledBy !== null) {
    const followUp = index.questions.get(settledBy)?.text.trim() ?? settledBy;
    return { questionId: question.id, couldReach: level, reason: `The caller did not know: "${question.text.trim()}". The follow-up question was asked and answered instead: "${followUp}"` };
  }
  const reason = couldReach > level
    ? `The caller did not know: "${question.text.trim()}". Level ${level} is provisional: an answer could raise it to ${couldReach}; ask again when you can.`
    : `The caller did not know: "${question.text.trim()}". No answer to it could raise level ${level}.`;
  return { questionId: question.id, couldReach, reason };
}

/** Follows skip logic from a target to the next question to ask, or to `determine`. */
function advance(index: ProtocolIndex, given: ReadonlyMap<string, readonly string[]>, target: string): string {
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

function conditionsHold(question: GuidedQuestion, given: ReadonlyMap<string, readonly string[]>): boolean {
  return (question.when ?? []).every((condition) => {
    const keys = given.get(condition.question) ?? [];
    if (condition.answers && !keys.some((k) => condition.answers!.includes(k))) return false;
    if (condition.notAnswers && keys.some((k) => condition.notAnswers!.includes(k))) return false;
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
