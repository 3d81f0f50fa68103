import { DomainError } from '../errors.ts';
import { evaluateTriage, type TriageOptions, type TriageResult } from '../triage/evaluate.ts';
import { protocolVersionOf, type Protocol } from '../triage/types.ts';
import type { DecidedEvent } from './events.ts';
import type { IncidentState, RecommendedResponse, Triage } from './types.ts';

/**
 * Records one answer of the guided interview. The whole interview is re-evaluated from its
 * recorded answers, so the level can always be explained from the events; when the protocol
 * reaches its determination, the `incident.triaged` event follows in the same decision.
 */
export function decideAnswer(
  state: IncidentState,
  answer: { questionId: string; answerKey: string; answerKeys?: string[] },
  protocol: Protocol,
  regionId: string,
): { events: DecidedEvent[]; result: TriageResult } {
  const protocolVersion = protocolVersionOf(protocol);
  if (state.interview && state.interview.protocolVersion !== protocolVersion) {
    throw new DomainError('conflict', `This interview runs under ${state.interview.protocolVersion}, not ${protocolVersion}`, {
      protocolVersion: state.interview.protocolVersion,
    });
  }
  const answers = [...(state.interview?.answers ?? []), answer];
  const result = asAnswer(() => evaluateTriage(protocol, answers, triageOptionsOf(state, regionId)), answers.length - 1);
  const events: DecidedEvent[] = [{ event: { type: 'incident.triage_answered', data: { protocolVersion, ...answer } }, reason: null }];
  if (result.status === 'determined') events.push({ event: { type: 'incident.triaged', data: triageOf(result) }, reason: null });
  return { events, result };
}

/** The engine's options for an incident: its region, and 988's unavailability report once recorded. */
export function triageOptionsOf(state: Pick<IncidentState, 'crisisTeamUnavailability' | 'markedFlags'>, regionId: string): TriageOptions {
  const report = state.crisisTeamUnavailability;
  return {
    regionId,
    crisisTeamUnavailable: report ? { reportRef: report.reportRef ?? `reported by ${report.reportedBy}` } : null,
    flaggedAs: [...new Set((state.markedFlags ?? []).map((m) => m.as))],
  };
}

/**
 * The interview is evaluated as a list, but the caller sent one answer: a refusal of that answer
 * names the request's own fields (`questionId`, not `answers.3.questionId`).
 */
function asAnswer<T>(evaluate: () => T, last: number): T {
  try {
    return evaluate();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const prefix = `answers.${last}`;
    const issues = err.issues.map((i) => (i.field === prefix || i.field.startsWith(`${prefix}.`) ? { ...i, field: i.field.slice(prefix.length + 1) || 'questionId' } : i));
    throw new DomainError(err.code, issues.map((i) => `${i.field}: ${i.message}`).join('; ') || err.message, err.details, issues);
  }
}

/** The determination as recorded: level, protocol version, the factors and the recommendation. */
export function triageOf(result: TriageResult): Triage {
  const plan = result.recommendedPlan;
  const recommended: RecommendedResponse = {
    responseType: plan.responseType,
    responders: [...plan.responders],
    maxResponseMinutes: plan.maxResponseMinutes?.default ?? null,
    youthMaxResponseMinutes: plan.maxResponseMinutes?.['youth'] ?? null,
    policeRecommended: plan.policeRecommended,
    justifications: plan.justifications.map((j) => j.code),
  };
  const groundFactors: Record<string, string[]> = {};
  for (const j of plan.justifications) if (j.factorIds.length > 0) groundFactors[j.code] = [...j.factorIds];
  return {
    level: result.level,
    protocolVersion: result.protocolVersion,
    factors: [...result.factorsChosen],
    decidingFactors: [...result.decidingFactors],
    emergent: result.emergent,
    recommended,
    groundFactors,
    ...(result.provisional ? { provisional: true } : {}),
    ...(result.unknowns.length > 0 ? { unknowns: result.unknowns.map((u) => u.questionId) } : {}),
  };
}
