import type { GuidedQuestion, Protocol, RiskFactor } from './types.ts';

/** A protocol with every array and object writable, for tests to bend one rule at a time. */
export type DraftProtocol = DeepMutable<Protocol>;
type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;

/** A factor with defaults for everything a test does not care about. */
export function buildFactor(overrides: Partial<RiskFactor> & Pick<RiskFactor, 'id' | 'level'>): DeepMutable<RiskFactor> {
  return {
    wording: `wording of ${overrides.id}`,
    help: `help for ${overrides.id}`,
    category: 'risk',
    scope: 'statewide',
    justifies: [],
    guidance: { safety: [], preArrival: [] },
    ...structuredClone(overrides),
  } as DeepMutable<RiskFactor>;
}

const answer = (key: string, next: string, factors: string[] = [], emergent = false) => ({ key, label: key, factors, emergent, next });
/** The caller does not know: every question offers it (issue 12 §1). */
const unknown = (next: string, factors: string[] = []) => ({ ...answer('unknown', next, factors), label: 'Does not know', unknown: true });

/**
 * A small, lint-clean protocol for unit tests, changed by `change` before it is returned.
 * Flow: danger (emergent screen) → risk → context → need (skipped once a level 3 factor is found).
 */
export function buildProtocol(change: (draft: DraftProtocol) => void = () => {}): Protocol {
  const questions: DeepMutable<GuidedQuestion>[] = [
    {
      id: 'danger',
      text: 'Anyone in danger right now?',
      help: '',
      multiple: true,
      answers: [
        answer('weapon', 'determine', ['weapon'], true),
        answer('medical', 'determine', ['medical'], true),
        answer('crime', 'determine', ['crime'], true),
        answer('none', 'risk'),
        unknown('risk', ['unsure']),
      ],
    },
    {
      id: 'risk',
      text: 'Any risk?',
      help: '',
      answers: [
        answer('high', 'context', ['urgent']),
        answer('threat', 'context', ['threats']),
        answer('low', 'context', ['moderate']),
        answer('regional', 'context', ['local']),
        answer('none', 'context'),
        unknown('context', ['unsure']),
      ],
    },
    {
      id: 'context',
      text: 'Diagnosis or mental-health emergency mentioned?',
      help: '',
      answers: [answer('diagnosis', 'need', ['dx']), answer('emergency', 'need', ['mhe']), answer('neither', 'need'), unknown('need')],
    },
    {
      id: 'need',
      text: 'What is needed?',
      help: '',
      when: [{ question: 'risk', notAnswers: ['high', 'threat'] }],
      skipTo: 'determine',
      answers: [answer('talk', 'determine', ['talk']), answer('nothing', 'determine'), unknown('determine')],
    },
  ];
  const draft: DraftProtocol = {
    id: 'test',
    version: '1.0.0',
    title: 'Test protocol',
    status: 'draft',
    unknownAnswers: 'every_question',
    numbering: 'level_1_lowest_risk',
    levels: [1, 2, 3, 4].map((level) => ({ level: level as 1 | 2 | 3 | 4, name: `L${level}`, description: `level ${level}` })),
    emergencyTypes: ['youth'],
    factors: [
      buildFactor({ id: 'weapon', level: 4, justifies: ['threat_of_physical_injury'], guidance: { safety: ['Move away'], preArrival: [] } }),
      buildFactor({ id: 'medical', level: 4 }),
      buildFactor({ id: 'crime', level: 4, justifies: ['suspected_crime'] }),
      buildFactor({ id: 'urgent', level: 3, guidance: { safety: ['Stay with them'], preArrival: ['Unlock the door'] } }),
      buildFactor({ id: 'threats', level: 3, justifies: ['threat_of_physical_injury'] }),
      buildFactor({ id: 'moderate', level: 2, guidance: { safety: [], preArrival: ['Say where they are'] } }),
      buildFactor({ id: 'local', level: 3, scope: 'regional', regions: ['r1'] }),
      buildFactor({ id: 'talk', level: 1 }),
      buildFactor({ id: 'dx', level: 1, category: 'diagnosis', guidance: { safety: [], preArrival: ['Diagnosis noted'] } }),
      buildFactor({ id: 'mhe', level: 1, category: 'mental_health_emergency' }),
      // An unknown answer to the danger screen: danger not ruled out (issue 12 §1).
      buildFactor({ id: 'unsure', level: 3 }),
    ],
    questions,
    plans: [
      { level: 1, responseType: 'phone_988', responders: ['crisis_counsellor'], maxResponseMinutes: { default: 60 } },
      { level: 2, responseType: 'mcrt', responders: ['mcrt_clinician', 'engagement_specialist'], maxResponseMinutes: { default: 120, youth: 120 } },
      { level: 3, responseType: 'mcrt', responders: ['mcrt_clinician', 'engagement_specialist'], maxResponseMinutes: { default: 90 } },
      {
        level: 4,
        responseType: 'police_ems',
        responders: ['police_officer', 'ems_crew'],
        withoutPolice: { responseType: 'ems', responders: ['ems_crew'] },
      },
    ],
    regionalOverrides: {
      r1: {
        name: 'Region one',
        plans: [
          {
            level: 2,
            responseType: 'mcrt',
            responders: ['mcrt_clinician'],
            maxResponseMinutes: { default: 45 },
            whenCrisisTeamUnavailable: { responseType: 'co_response', responders: ['police_officer', 'mcrt_clinician'] },
          },
          {
            level: 3,
            responseType: 'co_response',
            responders: ['mcrt_clinician', 'police_officer'],
            maxResponseMinutes: { default: 60 },
            withoutPolice: { responseType: 'mcrt', responders: ['mcrt_clinician'] },
          },
        ],
      },
    },
    vendorCodes: [{ vendor: 'mpds', code: '25-A-1', level: 2, illustrative: true }],
  };
  change(draft);
  return draft;
}
