import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { buildProtocol } from './build-protocol.ts';
import { evaluateTriage, type TriageAnswer } from './evaluate.ts';
import { lintProtocol } from './lint.ts';

const a = (questionId: string, answerKey: string): TriageAnswer => ({ questionId, answerKey });
const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('"unknown" answers (issue 12 §1)', () => {
  const protocol = buildProtocol();

  it('every question of the test protocol offers one, and lint requires it', () => {
    expect(protocol.questions.length).toBeGreaterThan(0);
    for (const q of protocol.questions) expect(q.answers.filter((x) => x.unknown)).toHaveLength(1);
    const missing = buildProtocol((d) => {
      d.questions[2]!.answers = d.questions[2]!.answers.filter((x) => !x.unknown);
    });
    expect(lintProtocol(missing)).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'questions.2.answers', rule: 'unknown_answer_required' })]));
  });

  it('lint refuses an unknown answer that would lower the level below every known answer', () => {
    const lowering = buildProtocol((d) => {
      const risk = d.questions[1]!;
      // Every known answer reveals at least level 2; an unknown with nothing would give level 1.
      risk.answers = risk.answers.filter((x) => x.key === 'low' || x.unknown);
      risk.answers.find((x) => x.unknown)!.factors = [];
    });
    expect(lintProtocol(lowering)).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'questions.1.answers.1.factors', rule: 'unknown_lowers_level' })]));
  });

  it('is accepted under the key "unknown", counts the risk as not ruled out, and says why the level is provisional', () => {
    const r = evaluateTriage(protocol, [a('danger', 'unknown'), a('risk', 'none'), a('context', 'neither'), a('need', 'nothing')]);
    expect(r).toMatchObject({ status: 'determined', level: 3, provisional: true });
    expect(r.unknowns).toEqual([{ questionId: 'danger', couldReach: 4, reason: expect.stringContaining('Level 3 is provisional: an answer could raise it to 4') }]);
  });

  it('never lowers the level: for each question, "unknown" gives at least what "none" gives', () => {
    const none = evaluateTriage(protocol, [a('danger', 'none'), a('risk', 'none'), a('context', 'neither'), a('need', 'nothing')]);
    const cases: TriageAnswer[][] = [
      [a('danger', 'unknown'), a('risk', 'none'), a('context', 'neither'), a('need', 'nothing')],
      [a('danger', 'none'), a('risk', 'unknown'), a('context', 'neither'), a('need', 'nothing')],
      [a('danger', 'none'), a('risk', 'none'), a('context', 'unknown'), a('need', 'nothing')],
      [a('danger', 'none'), a('risk', 'none'), a('context', 'neither'), a('need', 'unknown')],
    ];
    for (const answers of cases) expect(evaluateTriage(protocol, answers).level).toBeGreaterThanOrEqual(none.level);
  });

  it('an unknown whose answers could not raise the level is recorded but leaves the level final', () => {
    const r = evaluateTriage(protocol, [a('danger', 'none'), a('risk', 'high'), a('context', 'unknown')]);
    expect(r).toMatchObject({ status: 'determined', level: 3, provisional: false });
    expect(r.unknowns[0]!.reason).toContain('No answer to it could raise level 3');
  });

  it('an unknown never justifies police on its own', () => {
    const r = evaluateTriage(protocol, [a('danger', 'unknown'), a('risk', 'none'), a('context', 'neither'), a('need', 'nothing')], { regionId: 'r1' });
    expect(r.recommendedPlan).toMatchObject({ policeRecommended: false, justifications: [] });
  });
});

describe('several answers where facts co-exist (issue 12 §1)', () => {
  const protocol = buildProtocol();

  it('a medical emergency and a weapon are both recorded, and the threat ground sends police with EMS', () => {
    const r = evaluateTriage(protocol, [{ questionId: 'danger', answerKey: 'medical', answerKeys: ['medical', 'weapon'] }]);
    expect(r).toMatchObject({ status: 'determined', level: 4, emergent: true });
    // The file's order, whatever order they were ticked in.
    expect(r.factorsChosen).toEqual(['weapon', 'medical']);
    expect(r.decidingFactors).toEqual(['weapon', 'medical']);
    expect(r.recommendedPlan).toMatchObject({ responseType: 'police_ems', policeRecommended: true });
    expect(r.answers[0]!.answerKeys).toEqual(['medical', 'weapon']);
  });

  it('the medical emergency alone sends EMS without police', () => {
    expect(evaluateTriage(protocol, [a('danger', 'medical')]).recommendedPlan).toMatchObject({ responseType: 'ems', policeRecommended: false });
  });

  it.each([
    ['several keys on a one-answer question', [{ questionId: 'danger', answerKey: 'none' }, { questionId: 'risk', answerKey: 'high', answerKeys: ['high', 'low'] }], 'single_answer'],
    ['a key twice', [{ questionId: 'danger', answerKey: 'medical', answerKeys: ['medical', 'medical'] }], 'unique'],
    ['unknown beside a known answer', [{ questionId: 'danger', answerKey: 'medical', answerKeys: ['medical', 'unknown'] }], 'unknown_alone'],
    ['a key not offered', [{ questionId: 'danger', answerKey: 'medical', answerKeys: ['medical', 'flood'] }], 'not_offered'],
  ])('refuses %s, naming the rule', (_name, answers, rule) => {
    expect(refusal(() => evaluateTriage(protocol, answers as TriageAnswer[])).issues).toEqual([expect.objectContaining({ rule })]);
  });

  it('lint refuses a several-answer question whose answers go different ways', () => {
    const split = buildProtocol((d) => {
      d.questions[1]!.multiple = true;
      d.questions[1]!.answers[0]!.next = 'need';
    });
    expect(lintProtocol(split)).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'questions.1.answers', rule: 'multiple_next_differs' })]));
  });
});
