import { describe, expect, it } from 'vitest';
import { buildProtocol } from './build-protocol.ts';
import { runProtocolCases, type ProtocolCase } from './cases.ts';

const protocol = buildProtocol();

describe('runProtocolCases', () => {
  it('passes cases whose expectations hold', () => {
    const cases: ProtocolCase[] = [
      { name: 'weapon', answers: [['danger', 'weapon']], expect: { level: 4, responseType: 'police_ems', emergent: true, policeRecommended: true } },
      {
        name: 'regional threat',
        regionId: 'r1',
        answers: [['danger', 'none'], ['risk', 'threat'], ['context', 'neither']],
        expect: { level: 3, responseType: 'co_response', decidingFactors: ['threats'], maxResponseMinutes: 60 },
      },
      {
        name: 'crisis team unavailable',
        regionId: 'r1',
        crisisTeamUnavailable: 'rep-1',
        answers: [['danger', 'none'], ['risk', 'low'], ['context', 'neither'], ['need', 'nothing']],
        expect: { level: 2, responseType: 'co_response', policeRecommended: true },
      },
    ];
    const results = runProtocolCases(protocol, cases);
    expect(results.map((r) => [r.name, r.passed, r.diffs, r.questionsAsked])).toEqual([
      ['weapon', true, [], 1],
      ['regional threat', true, [], 3],
      ['crisis team unavailable', true, [], 4],
    ]);
  });

  it.each<{ name: string; testCase: ProtocolCase; diffs: Array<{ field: string; expected: unknown; actual: unknown }> }>([
    {
      name: 'a wrong level and response type',
      testCase: { name: 'x', answers: [['danger', 'medical']], expect: { level: 3, responseType: 'police_ems' } },
      diffs: [
        { field: 'level', expected: 3, actual: 4 },
        { field: 'responseType', expected: 'police_ems', actual: 'ems' },
      ],
    },
    {
      name: 'an interview that is not finished',
      testCase: { name: 'x', answers: [['danger', 'none']], expect: { level: 1, responseType: 'phone_988' } },
      diffs: [{ field: 'status', expected: 'determined', actual: 'in_progress' }],
    },
    {
      name: 'deciding factors compared as a set',
      testCase: {
        name: 'x',
        answers: [['danger', 'none'], ['risk', 'low'], ['context', 'neither'], ['need', 'talk']],
        expect: { level: 2, responseType: 'mcrt', decidingFactors: ['talk'], maxResponseMinutes: 45 },
      },
      diffs: [
        { field: 'maxResponseMinutes', expected: 45, actual: 120 },
        { field: 'decidingFactors', expected: ['talk'], actual: ['moderate'] },
      ],
    },
    {
      name: 'answers the engine refuses',
      testCase: { name: 'x', answers: [['danger', 'weapon'], ['risk', 'low']], expect: { level: 4, responseType: 'police_ems' } },
      diffs: [{ field: 'answers', expected: 'accepted', actual: expect.stringContaining('answers.1') }],
    },
  ])('fails $name, with diffs', ({ testCase, diffs }) => {
    const [result] = runProtocolCases(protocol, [testCase]);
    expect(result?.passed).toBe(false);
    expect(result?.diffs).toEqual(diffs);
  });
});
