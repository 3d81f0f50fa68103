import { describe, expect, it } from 'vitest';
import type { RiskLevel } from '../incident/types.ts';
import { buildFactor, buildProtocol, type DraftProtocol } from './build-protocol.ts';
import { lintProtocol } from './lint.ts';

const question = (p: DraftProtocol, id: string) => {
  const found = p.questions.find((q) => q.id === id);
  if (!found) throw new Error(`no question ${id}`);
  return found;
};

describe('lintProtocol', () => {
  it('finds nothing wrong with the builder protocol', () => {
    expect(lintProtocol(buildProtocol())).toEqual([]);
  });

  it.each<{ name: string; change: (p: DraftProtocol) => void; expected: Array<{ path: string; rule: string }> }>([
    {
      name: 'a level no answer can reach',
      change: (p) => {
        question(p, 'risk').answers.splice(2, 1); // the only level 2 answer
      },
      expected: [{ path: 'levels.1', rule: 'unreachable_level' }],
    },
    {
      name: 'a question nothing leads to',
      change: (p) => {
        p.questions.push({ id: 'orphan', text: 'Orphan?', help: '', answers: [{ key: 'ok', label: 'ok', factors: [], emergent: false, next: 'determine' }, { key: 'unknown', label: 'Does not know', factors: [], emergent: false, unknown: true, next: 'determine' }] });
      },
      expected: [{ path: 'questions.4', rule: 'unreachable_question' }],
    },
    {
      name: 'a loop with no way out (dead end)',
      change: (p) => {
        for (const a of question(p, 'context').answers) a.next = 'need';
        for (const a of question(p, 'need').answers) a.next = 'context';
        question(p, 'need').skipTo = 'context';
      },
      expected: [
        { path: 'questions.1', rule: 'dead_end' },
        { path: 'questions.2', rule: 'dead_end' },
        { path: 'questions.3', rule: 'dead_end' },
        { path: 'questions.2', rule: 'loop' },
        { path: 'levels.0', rule: 'unreachable_level' },
        { path: 'levels.1', rule: 'unreachable_level' },
        { path: 'levels.2', rule: 'unreachable_level' },
      ],
    },
    {
      name: 'an answer leading to a question that does not exist',
      change: (p) => {
        const a = question(p, 'need').answers[0];
        if (a) a.next = 'nowhere';
      },
      expected: [{ path: 'questions.3.answers.0.next', rule: 'unknown_question' }],
    },
    {
      name: 'an answer revealing an unknown factor',
      change: (p) => {
        question(p, 'need').answers[1]?.factors.push('ghost');
      },
      expected: [{ path: 'questions.3.answers.1.factors.0', rule: 'unknown_factor' }],
    },
    {
      name: 'a regional override for level 1',
      change: (p) => {
        p.regionalOverrides['r1']?.plans.push({ level: 1 as 2, responseType: 'phone_988', responders: ['crisis_counsellor'] });
      },
      expected: [{ path: 'regionalOverrides.r1.plans.2.level', rule: 'regional_level' }],
    },
    {
      name: 'an emergent answer that continues the interview',
      change: (p) => {
        const a = question(p, 'danger').answers[0];
        if (a) a.next = 'risk';
      },
      expected: [{ path: 'questions.0.answers.0.next', rule: 'emergent_continues' }],
    },
    {
      name: 'an emergent answer with no level 4 factor',
      change: (p) => {
        const a = question(p, 'danger').answers[2];
        if (a) a.factors = ['urgent'];
      },
      expected: [{ path: 'questions.0.answers.2.factors', rule: 'emergent_without_factor' }],
    },
    {
      name: 'an emergent answer deeper than the third question',
      change: (p) => {
        question(p, 'need').answers.push({ key: 'weapon', label: 'weapon', factors: ['weapon'], emergent: true, next: 'determine' });
      },
      expected: [{ path: 'questions.3.answers.3', rule: 'emergent_too_deep' }],
    },
    {
      name: 'a diagnosis that claims to raise the level or to justify police',
      change: (p) => {
        const dx = p.factors.find((f) => f.id === 'dx');
        if (dx) Object.assign(dx, { level: 3, justifies: ['threat_of_physical_injury'] });
      },
      expected: [
        { path: 'factors.8.level', rule: 'diagnosis_raises_level' },
        { path: 'factors.8.justifies', rule: 'diagnosis_justifies_police' },
      ],
    },
    {
      name: 'a plan sending police with no response for calls without a §30 ground',
      change: (p) => {
        delete p.plans[3]?.withoutPolice;
      },
      expected: [{ path: 'plans.3.withoutPolice', rule: 'required' }],
    },
    {
      name: 'a level 2 plan without a maximum response time, and an unknown emergency type',
      change: (p) => {
        const plan = p.plans[1];
        if (plan) plan.maxResponseMinutes = { adults: 30 };
      },
      expected: [
        { path: 'plans.1.maxResponseMinutes', rule: 'required' },
        { path: 'plans.1.maxResponseMinutes.adults', rule: 'unknown_emergency_type' },
      ],
    },
    {
      name: 'responders that do not fit the response type',
      change: (p) => {
        const plan = p.plans[2];
        if (plan) plan.responders = ['police_officer'];
      },
      expected: [
        { path: 'plans.2.responders', rule: 'responders_mismatch' },
        { path: 'plans.2.responders', rule: 'responders_mismatch' },
        { path: 'plans.2.withoutPolice', rule: 'required' },
      ],
    },
    {
      name: 'skip logic without a skip target, and a condition on a later question',
      change: (p) => {
        const context = question(p, 'context');
        context.when = [{ question: 'need', answers: ['talk'] }];
        delete question(p, 'need').skipTo;
      },
      expected: [
        { path: 'questions.2.skipTo', rule: 'required' },
        { path: 'questions.3.skipTo', rule: 'required' },
        { path: 'questions.2.when.0.question', rule: 'condition_not_earlier' },
      ],
    },
    {
      name: 'a question named like the end of the interview',
      change: (p) => {
        question(p, 'need').id = 'determine';
        question(p, 'context').answers.forEach((a) => (a.next = 'determine'));
      },
      expected: [{ path: 'questions.3.id', rule: 'reserved_id' }, { path: 'questions.3', rule: 'unreachable_question' }],
    },
    {
      name: 'a condition naming an answer the question does not offer',
      change: (p) => {
        question(p, 'need').when = [{ question: 'risk', notAnswers: ['extreme'] }];
      },
      expected: [{ path: 'questions.3.when.0', rule: 'unknown_answer' }],
    },
    {
      name: 'a missing level, duplicate ids and a regional factor without regions',
      change: (p) => {
        p.levels = p.levels.filter((l) => l.level !== 2);
        p.factors.push(buildFactor({ id: 'talk', level: 1 as RiskLevel, scope: 'regional' }));
      },
      expected: [
        { path: 'levels', rule: 'levels_one_to_four' },
        { path: 'factors.11.id', rule: 'duplicate' },
        { path: 'factors.11.regions', rule: 'required' },
      ],
    },
  ])('reports $name', ({ change, expected }) => {
    const problems = lintProtocol(buildProtocol(change));
    expect(problems.map(({ path, rule }) => ({ path, rule }))).toEqual(expected);
    for (const problem of problems) expect(problem.message.length).toBeGreaterThan(10);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = lintProtocol(
      buildProtocol((p) => {
        delete p.plans[3]?.withoutPolice;
        question(p, 'need').answers[1]?.factors.push('ghost');
        p.questions.push({ id: 'orphan', text: 'Orphan?', help: '', answers: [{ key: 'ok', label: 'ok', factors: [], emergent: false, next: 'determine' }, { key: 'unknown', label: 'Does not know', factors: [], emergent: false, unknown: true, next: 'determine' }] });
      }),
    );
    expect(problems.map((p) => p.rule).sort()).toEqual(['required', 'unknown_factor', 'unreachable_question']);
  });

  it('lets the emergent depth limit be set', () => {
    const deep = buildProtocol((p) => {
      question(p, 'need').answers.push({ key: 'weapon', label: 'weapon', factors: ['weapon'], emergent: true, next: 'determine' });
    });
    expect(lintProtocol(deep, { maxEmergentQuestions: 4 })).toEqual([]);
  });
});
