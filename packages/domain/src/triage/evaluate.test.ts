import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { buildProtocol } from './build-protocol.ts';
import { evaluateTriage, type TriageAnswer } from './evaluate.ts';
import { lintProtocol } from './lint.ts';

const protocol = buildProtocol();
const say = (...pairs: Array<[string, string]>): TriageAnswer[] => pairs.map(([questionId, answerKey]) => ({ questionId, answerKey }));

describe('evaluateTriage', () => {
  it('uses a lint-clean protocol for these tests', () => {
    expect(lintProtocol(protocol)).toEqual([]);
  });

  it.each([
    {
      name: 'no answer yet: the first question, provisional level 1',
      answers: say(),
      regionId: null,
      expected: { status: 'in_progress', level: 1, next: 'danger', deciding: [], responseType: 'phone_988', emergent: false },
    },
    {
      name: 'in progress: the provisional level follows the factors so far',
      answers: say(['danger', 'none'], ['risk', 'low']),
      regionId: null,
      expected: { status: 'in_progress', level: 2, next: 'context', deciding: ['moderate'], responseType: 'mcrt', emergent: false },
    },
    {
      name: 'level 1 after every question',
      answers: say(['danger', 'none'], ['risk', 'none'], ['context', 'neither'], ['need', 'talk']),
      regionId: null,
      expected: { status: 'determined', level: 1, next: null, deciding: ['talk'], responseType: 'phone_988', emergent: false },
    },
    {
      name: 'level 1 with no factor at all',
      answers: say(['danger', 'none'], ['risk', 'none'], ['context', 'neither'], ['need', 'nothing']),
      regionId: null,
      expected: { status: 'determined', level: 1, next: null, deciding: [], responseType: 'phone_988', emergent: false },
    },
    {
      name: 'level 2 statewide',
      answers: say(['danger', 'none'], ['risk', 'low'], ['context', 'neither'], ['need', 'talk']),
      regionId: null,
      expected: { status: 'determined', level: 2, next: null, deciding: ['moderate'], responseType: 'mcrt', emergent: false },
    },
    {
      name: 'level 3: skip logic drops the last question',
      answers: say(['danger', 'none'], ['risk', 'high'], ['context', 'neither']),
      regionId: null,
      expected: { status: 'determined', level: 3, next: null, deciding: ['urgent'], responseType: 'mcrt', emergent: false },
    },
    {
      name: 'emergent weapon short-circuits after one question',
      answers: say(['danger', 'weapon']),
      regionId: null,
      expected: { status: 'determined', level: 4, next: null, deciding: ['weapon'], responseType: 'police_ems', emergent: true },
    },
    {
      name: 'emergent medical emergency sends EMS without police',
      answers: say(['danger', 'medical']),
      regionId: 'r1',
      expected: { status: 'determined', level: 4, next: null, deciding: ['medical'], responseType: 'ems', emergent: true },
    },
    {
      name: 'a regional factor counts in its region',
      answers: say(['danger', 'none'], ['risk', 'regional'], ['context', 'neither'], ['need', 'nothing']),
      regionId: 'r1',
      expected: { status: 'determined', level: 3, next: null, deciding: ['local'], responseType: 'mcrt', emergent: false },
    },
    {
      name: 'a regional factor does not count elsewhere',
      answers: say(['danger', 'none'], ['risk', 'regional'], ['context', 'neither'], ['need', 'nothing']),
      regionId: 'r2',
      expected: { status: 'determined', level: 1, next: null, deciding: [], responseType: 'phone_988', emergent: false },
    },
  ])('$name', ({ answers, regionId, expected }) => {
    const result = evaluateTriage(protocol, answers, { regionId });
    expect({
      status: result.status,
      level: result.level,
      next: result.nextQuestion?.id ?? null,
      deciding: result.decidingFactors,
      responseType: result.recommendedPlan.responseType,
      emergent: result.emergent,
    }).toEqual(expected);
    expect(result.protocolVersion).toBe('test@1.0.0');
    expect(result.answers).toEqual(answers);
  });

  describe('a diagnosis or a mental-health emergency alone never raises the level (CESSA §30)', () => {
    // Even a protocol that (wrongly) gives them level 4 and a police ground cannot raise the level.
    const misconfigured = buildProtocol((p) => {
      for (const f of p.factors) {
        if (f.id === 'dx' || f.id === 'mhe') {
          f.level = 4;
          f.justifies = ['threat_of_physical_injury'];
        }
      }
    });

    it.each([
      { answer: 'diagnosis', factor: 'dx', reason: 'diagnosis_alone' },
      { answer: 'emergency', factor: 'mhe', reason: 'mental_health_emergency_alone' },
    ])('$factor is recorded but not counted', ({ answer, factor, reason }) => {
      const result = evaluateTriage(misconfigured, say(['danger', 'none'], ['risk', 'none'], ['context', answer], ['need', 'nothing']), {
        regionId: 'r1',
      });
      expect(result.level).toBe(1);
      expect(result.factorsChosen).toEqual([factor]);
      expect(result.decidingFactors).toEqual([]);
      expect(result.factorsNotCounted).toEqual([{ factorId: factor, reason }]);
      expect(result.recommendedPlan.justifications).toEqual([]);
      expect(result.recommendedPlan.policeRecommended).toBe(false);
    });

    it('does not lift a level 2 call either', () => {
      const result = evaluateTriage(misconfigured, say(['danger', 'none'], ['risk', 'low'], ['context', 'diagnosis'], ['need', 'nothing']));
      expect(result.level).toBe(2);
      expect(result.decidingFactors).toEqual(['moderate']);
    });
  });

  describe('the recommended plan', () => {
    it.each([
      {
        name: 'regional level 3 without a §30 ground withholds police',
        answers: say(['danger', 'none'], ['risk', 'high'], ['context', 'neither']),
        regionId: 'r1',
        expected: { source: 'regional', responseType: 'mcrt', police: false, codes: [], minutes: 60 },
      },
      {
        name: 'regional level 3 with a threat of injury sends the co-response with police',
        answers: say(['danger', 'none'], ['risk', 'threat'], ['context', 'neither']),
        regionId: 'r1',
        expected: { source: 'regional', responseType: 'co_response', police: true, codes: ['threat_of_physical_injury'], minutes: 60 },
      },
      {
        name: 'a region without an override gets the statewide plan',
        answers: say(['danger', 'none'], ['risk', 'threat'], ['context', 'neither']),
        regionId: 'elsewhere',
        expected: { source: 'statewide', responseType: 'mcrt', police: false, codes: ['threat_of_physical_injury'], minutes: 90 },
      },
      {
        name: 'regional level 2 takes the regional maximum',
        answers: say(['danger', 'none'], ['risk', 'low'], ['context', 'neither'], ['need', 'nothing']),
        regionId: 'r1',
        expected: { source: 'regional', responseType: 'mcrt', police: false, codes: [], minutes: 45 },
      },
      {
        name: 'levels 1 and 4 stay statewide in a region with overrides',
        answers: say(['danger', 'crime']),
        regionId: 'r1',
        expected: { source: 'statewide', responseType: 'police_ems', police: true, codes: ['suspected_crime'], minutes: null },
      },
    ])('$name', ({ answers, regionId, expected }) => {
      const plan = evaluateTriage(protocol, answers, { regionId }).recommendedPlan;
      expect({
        source: plan.source,
        responseType: plan.responseType,
        police: plan.policeRecommended,
        codes: plan.justifications.map((j) => j.code),
        minutes: plan.maxResponseMinutes?.['default'] ?? null,
      }).toEqual(expected);
      expect(plan.responders.includes('police_officer')).toBe(expected.police);
    });

    it('names the factors behind each §30 ground', () => {
      const plan = evaluateTriage(protocol, say(['danger', 'weapon'])).recommendedPlan;
      expect(plan.justifications).toEqual([{ code: 'threat_of_physical_injury', factorIds: ['weapon'], reportRef: null }]);
    });

    it('uses the regional plan for an unavailable crisis team, with the 988 report as the ground', () => {
      const result = evaluateTriage(protocol, say(['danger', 'none'], ['risk', 'low'], ['context', 'neither'], ['need', 'nothing']), {
        regionId: 'r1',
        crisisTeamUnavailable: { reportRef: 'rep-7' },
      });
      expect(result.recommendedPlan.responseType).toBe('co_response');
      expect(result.recommendedPlan.policeRecommended).toBe(true);
      expect(result.recommendedPlan.justifications).toEqual([
        { code: 'crisis_team_unavailable_within_regional_maximum', factorIds: [], reportRef: 'rep-7' },
      ]);
    });

    it('ignores an unavailable crisis team where no crisis team is sent (level 1 is a phone call)', () => {
      const result = evaluateTriage(protocol, say(['danger', 'none'], ['risk', 'none'], ['context', 'neither'], ['need', 'talk']), {
        regionId: 'r1',
        crisisTeamUnavailable: { reportRef: 'rep-7' },
      });
      expect(result.recommendedPlan.justifications).toEqual([]);
      expect(result.recommendedPlan.responseType).toBe('phone_988');
    });

    it('drops police on its own when a plan sending police has no alternative and no ground applies', () => {
      const careless = buildProtocol((p) => {
        const plan = p.regionalOverrides['r1']?.plans.find((x) => x.level === 3);
        if (plan) delete plan.withoutPolice;
      });
      const plan = evaluateTriage(careless, say(['danger', 'none'], ['risk', 'high'], ['context', 'neither']), { regionId: 'r1' }).recommendedPlan;
      expect(plan).toMatchObject({ responseType: 'mcrt', responders: ['mcrt_clinician'], policeRecommended: false });
    });
  });

  it('reads out guidance for the chosen factors, most urgent first, including recorded context', () => {
    const result = evaluateTriage(protocol, say(['danger', 'none'], ['risk', 'low'], ['context', 'diagnosis'], ['need', 'nothing']));
    expect(result.guidance).toEqual([
      { factorId: 'moderate', safety: [], preArrival: ['Say where they are'] },
      { factorId: 'dx', safety: [], preArrival: ['Diagnosis noted'] },
    ]);
    const urgent = evaluateTriage(protocol, say(['danger', 'none'], ['risk', 'high']));
    expect(urgent.guidance[0]).toEqual({ factorId: 'urgent', safety: ['Stay with them'], preArrival: ['Unlock the door'] });
  });

  describe('refuses answers it cannot accept, naming the field', () => {
    it.each([
      { name: 'an unknown question', answers: say(['nope', 'none']), field: 'answers.0.questionId', rule: 'unknown_question' },
      { name: 'an answer key not offered', answers: say(['danger', 'maybe']), field: 'answers.0.answerKey', rule: 'not_offered' },
      { name: 'a question not being asked', answers: say(['danger', 'none'], ['need', 'talk']), field: 'answers.1.questionId', rule: 'not_asked' },
      { name: 'a skipped question', answers: say(['danger', 'none'], ['risk', 'high'], ['context', 'neither'], ['need', 'talk']), field: 'answers.3', rule: 'determination_final' },
      { name: 'an answer after an emergent determination', answers: say(['danger', 'weapon'], ['risk', 'none']), field: 'answers.1', rule: 'determination_final' },
      { name: 'an answer to a question already answered', answers: say(['danger', 'none'], ['danger', 'none']), field: 'answers.1.questionId', rule: 'not_asked' },
    ])('$name', ({ answers, field, rule }) => {
      let caught: unknown;
      try {
        evaluateTriage(protocol, answers);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      const error = caught as DomainError;
      expect(error.code).toBe('validation_failed');
      expect(error.issues).toEqual([expect.objectContaining({ field, rule })]);
      expect(error.message).toContain(field);
    });
  });

  it('refuses to run a protocol whose flow loops back to an answered question', () => {
    const looping = buildProtocol((p) => {
      const context = p.questions.find((q) => q.id === 'context');
      if (context?.answers[2]) context.answers[2].next = 'risk';
    });
    expect(() => evaluateTriage(looping, say(['danger', 'none'], ['risk', 'none'], ['context', 'neither']))).toThrow(DomainError);
  });
});
