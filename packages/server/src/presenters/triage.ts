import { ACTION_PERMISSION, availableActions, can, keysOf, UNKNOWN_ANSWER, type IncidentState, type Principal, type Protocol, type TriageResult } from '@continuum/domain';
import type { TriageView } from '@continuum/contracts';

/**
 * The call-taker's view of an interview. Only roles that triage reach it (the route checks), so
 * it carries the clinical factors; the wording comes from the protocol version the call runs under.
 */
export function presentTriage(state: IncidentState, result: TriageResult, protocol: Protocol, reader: Principal): TriageView {
  const factor = new Map(protocol.factors.map((f) => [f.id, f]));
  const question = new Map(protocol.questions.map((q) => [q.id, q]));
  const wording = (id: string) => factor.get(id)?.wording ?? id;
  const notCounted = new Map(result.factorsNotCounted.map((f) => [f.factorId, f.reason]));
  const plan = result.recommendedPlan;
  return {
    incidentId: state.id,
    incidentVersion: state.version,
    incidentStatus: state.status,
    status: result.status,
    protocolVersion: result.protocolVersion,
    level: result.level,
    levelName: protocol.levels.find((l) => l.level === result.level)?.name ?? `Level ${result.level}`,
    emergent: result.emergent,
    decidingFactors: result.decidingFactors.map((id) => ({ id, wording: wording(id) })),
    factorsChosen: result.factorsChosen.map((id) => ({ id, wording: wording(id), counted: !notCounted.has(id), notCountedReason: notCounted.get(id) ?? null })),
    nextQuestion: result.nextQuestion
      ? {
          id: result.nextQuestion.id,
          text: result.nextQuestion.text,
          help: result.nextQuestion.help,
          multiple: result.nextQuestion.multiple ?? false,
          answers: result.nextQuestion.answers.map((a) => ({ key: a.key, label: a.label, emergent: a.emergent, unknown: a.unknown ?? false })),
        }
      : null,
    guidance: result.guidance.map((g) => ({ factorId: g.factorId, wording: wording(g.factorId), safety: [...g.safety], preArrival: [...g.preArrival] })),
    recommendedPlan: {
      level: plan.level,
      source: plan.source,
      responseType: plan.responseType,
      responders: [...plan.responders],
      maxResponseMinutes: plan.maxResponseMinutes ? { ...plan.maxResponseMinutes } : null,
      policeRecommended: plan.policeRecommended,
      justifications: plan.justifications.map((j) => ({ code: j.code, factorIds: [...j.factorIds], reportRef: j.reportRef })),
      reasons: [...plan.reasons],
      note: plan.note,
    },
    answers: result.answers.map((a) => {
      const q = question.get(a.questionId);
      const keys = keysOf(a);
      // `unknown` names the question's own "does not know" answer, whatever its key.
      const option = (key: string) => q?.answers.find((x) => x.key === key) ?? (key === UNKNOWN_ANSWER ? q?.answers.find((x) => x.unknown) : undefined);
      return {
        questionId: a.questionId,
        questionText: q?.text ?? a.questionId,
        answerKey: a.answerKey,
        answerKeys: [...keys],
        answerLabel: keys.map((k) => option(k)?.label ?? k).join(' + '),
        unknown: keys.some((k) => option(k)?.unknown === true),
      };
    }),
    provisional: result.provisional,
    unknowns: result.unknowns.map((u) => ({ questionId: u.questionId, couldReach: u.couldReach, reason: u.reason })),
    override: state.override,
    allowedActions: availableActions(state).filter((a) => a !== "answer" && can(reader, ACTION_PERMISSION[a])),
  };
}
