import { DomainError } from '../errors.ts';
import type { RiskLevel } from '../incident/types.ts';
import { evaluateTriage, type TriageResult } from './evaluate.ts';
import type { Protocol, ResponseType } from './types.ts';

/** A shipped test case: a set of answers and the determination it must produce. */
export interface ProtocolCase {
  name: string;
  regionId?: string;
  /** A 988 report reference, to test the plan when no crisis team can meet the regional maximum. */
  crisisTeamUnavailable?: string;
  answers: ReadonlyArray<readonly [questionId: string, answerKey: string]>;
  expect: {
    level: RiskLevel;
    responseType: ResponseType;
    emergent?: boolean;
    policeRecommended?: boolean;
    /** Compared as a set. */
    decidingFactors?: readonly string[];
    /** The default maximum response time of the recommended plan. */
    maxResponseMinutes?: number | null;
    /** Whether an unknown answer leaves the level provisional (issue 12 §1). */
    provisional?: boolean;
    /** Compared as a set: every factor recorded, counted or not. */
    factorsChosen?: readonly string[];
    /** Compared as a set: the §30 grounds the plan carries. */
    justifications?: readonly string[];
  };
}

export interface CaseDiff {
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface ProtocolCaseResult {
  name: string;
  passed: boolean;
  diffs: CaseDiff[];
  /** Questions answered before the determination. */
  questionsAsked: number;
  /** Null when the answers were refused. */
  result: TriageResult | null;
}

/** Runs each case through the engine and reports, per case, whether it passed and how it differed. */
export function runProtocolCases(protocol: Protocol, cases: readonly ProtocolCase[]): ProtocolCaseResult[] {
  return cases.map((testCase) => {
    let result: TriageResult;
    try {
      result = evaluateTriage(
        protocol,
        testCase.answers.map(([questionId, key]) => {
          // Several keys joined by "+" where the question takes several.
          const keys = key.split('+');
          return keys.length > 1 ? { questionId, answerKey: keys[0]!, answerKeys: keys } : { questionId, answerKey: key };
        }),
        {
          regionId: testCase.regionId ?? null,
          crisisTeamUnavailable: testCase.crisisTeamUnavailable ? { reportRef: testCase.crisisTeamUnavailable } : null,
        },
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return {
        name: testCase.name,
        passed: false,
        diffs: [{ field: 'answers', expected: 'accepted', actual: error.message }],
        questionsAsked: testCase.answers.length,
        result: null,
      };
    }
    const diffs = compare(testCase.expect, result);
    return { name: testCase.name, passed: diffs.length === 0, diffs, questionsAsked: testCase.answers.length, result };
  });
}

function compare(expect: ProtocolCase['expect'], result: TriageResult): CaseDiff[] {
  const diffs: CaseDiff[] = [];
  const check = (field: string, expected: unknown, actual: unknown): void => {
    if (expected !== actual) diffs.push({ field, expected, actual });
  };
  check('status', 'determined', result.status);
  check('level', expect.level, result.level);
  check('responseType', expect.responseType, result.recommendedPlan.responseType);
  if (expect.emergent !== undefined) check('emergent', expect.emergent, result.emergent);
  if (expect.policeRecommended !== undefined) check('policeRecommended', expect.policeRecommended, result.recommendedPlan.policeRecommended);
  if (expect.maxResponseMinutes !== undefined) {
    check('maxResponseMinutes', expect.maxResponseMinutes, result.recommendedPlan.maxResponseMinutes?.['default'] ?? null);
  }
  if (expect.provisional !== undefined) check('provisional', expect.provisional, result.provisional);
  const asSet = (field: string, expected: readonly string[] | undefined, actual: readonly string[]): void => {
    if (expected === undefined) return;
    const e = [...expected].sort();
    const a = [...actual].sort();
    if (e.join(',') !== a.join(',')) diffs.push({ field, expected: e, actual: a });
  };
  asSet('decidingFactors', expect.decidingFactors, result.decidingFactors);
  asSet('factorsChosen', expect.factorsChosen, result.factorsChosen);
  asSet('justifications', expect.justifications, result.recommendedPlan.justifications.map((j) => j.code));
  return diffs;
}
