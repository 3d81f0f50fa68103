import { describe, expect, it } from 'vitest';
import { compositionNow, crewIssues, membersOnShift, shiftAt, shiftIssues, type CrewMember, type Shift } from './crew.ts';

const member = (o: Partial<CrewMember> = {}): CrewMember => ({ name: 'Elena Novak', userId: null, role: 'mcrt_clinician', hiredOn: null, credential: null, ...o });
const TODAY = '2026-03-01';
const at = (iso: string) => new Date(iso);
const shift = (id: string, from: string, to: string): Shift => ({ id, startsAt: at(from), endsAt: at(to) });

describe('crewIssues', () => {
  it('accepts a clinician and a credentialed peer', () => {
    expect(crewIssues([member(), member({ name: 'Darnell Hayes', role: 'engagement_specialist', hiredOn: '2025-05-01', credential: { kind: 'CPRS', earnedOn: '2025-12-01' } })], TODAY)).toEqual([]);
  });

  it.each([
    ['a peer without a hire date', [member({ role: 'engagement_specialist' })], 'crew.0.hiredOn', 'required'],
    ['a hire date in the future', [member({ hiredOn: '2026-03-02' })], 'crew.0.hiredOn', 'not_in_future'],
    ['a credential earned in the future', [member({ role: 'engagement_specialist', hiredOn: '2025-01-01', credential: { kind: 'CRSS', earnedOn: '2026-04-01' } })], 'crew.0.credential.earnedOn', 'not_in_future'],
    ['a date that does not exist', [member({ hiredOn: '2026-02-30' })], 'crew.0.hiredOn', 'format'],
    ['one account twice', [member({ userId: 'u1' }), member({ userId: 'u1', name: 'Same' })], 'crew.1.userId', 'unique'],
  ] as const)('refuses %s, naming the field and rule', (_name, crew, field, rule) => {
    expect(crewIssues(crew, TODAY)).toEqual([expect.objectContaining({ field, rule })]);
  });

  it('lets an officer and two people without accounts ride together', () => {
    expect(crewIssues([member({ role: 'police_officer' }), member(), member({ name: 'Other' })], TODAY)).toEqual([]);
  });
});

describe('shiftIssues', () => {
  const day = [shift('s1', '2026-03-01T06:00:00Z', '2026-03-01T18:00:00Z')];
  it.each([
    ['ends before it starts', '2026-03-02T10:00:00Z', '2026-03-02T09:00:00Z', 'endsAt', 'after_start'],
    ['ends when it starts', '2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z', 'endsAt', 'after_start'],
    ['lasts more than 24 hours', '2026-03-02T00:00:00Z', '2026-03-03T00:00:01Z', 'endsAt', 'max_duration'],
    ['starts inside another', '2026-03-01T17:00:00Z', '2026-03-01T23:00:00Z', 'startsAt', 'no_overlap'],
    ['surrounds another', '2026-03-01T05:00:00Z', '2026-03-01T19:00:00Z', 'startsAt', 'no_overlap'],
  ])('refuses a shift that %s', (_name, from, to, field, rule) => {
    expect(shiftIssues({ startsAt: at(from), endsAt: at(to) }, day)).toEqual([expect.objectContaining({ field, rule })]);
  });

  it('accepts a hand-over at the instant the previous shift ends, and a full 24 hours', () => {
    expect(shiftIssues({ startsAt: at('2026-03-01T18:00:00Z'), endsAt: at('2026-03-02T06:00:00Z') }, day)).toEqual([]);
    expect(shiftIssues({ startsAt: at('2026-03-05T00:00:00Z'), endsAt: at('2026-03-06T00:00:00Z') }, day)).toEqual([]);
  });
});

describe('who is on board now', () => {
  const shifts = [shift('day', '2026-03-01T06:00:00Z', '2026-03-01T18:00:00Z')];
  const crew = [member(), member({ role: 'engagement_specialist', hiredOn: '2025-05-01' }), member({ name: 'Second clinician' })];

  it.each([
    ['before the shift', '2026-03-01T05:59:59Z', null],
    ['at its start', '2026-03-01T06:00:00Z', 'day'],
    ['at its end (not included)', '2026-03-01T18:00:00Z', null],
  ])('shiftAt %s', (_name, now, id) => expect(shiftAt(shifts, at(now))?.id ?? null).toBe(id));

  it('counts the roster only while a shift runs', () => {
    expect(membersOnShift(crew, shifts, at('2026-03-01T12:00:00Z'))).toHaveLength(3);
    expect(membersOnShift(crew, shifts, at('2026-03-01T20:00:00Z'))).toEqual([]);
    expect(membersOnShift(crew, [], at('2026-03-01T12:00:00Z'))).toEqual([]);
  });

  it.each([
    ['on shift: the roles of the crew, each once', '2026-03-01T12:00:00Z', crew, ['mcrt_clinician', 'engagement_specialist']],
    ['off shift: the designed composition', '2026-03-01T20:00:00Z', crew, ['police_officer', 'mcrt_clinician']],
    ['on shift with nobody rostered: the designed composition', '2026-03-01T12:00:00Z', [], ['police_officer', 'mcrt_clinician']],
  ] as const)('compositionNow %s', (_name, now, roster, expected) => {
    expect(compositionNow(roster, shifts, ['police_officer', 'mcrt_clinician'], at(now))).toEqual(expected);
  });
});
