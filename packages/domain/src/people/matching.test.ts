import { describe, expect, it } from 'vitest';
import { MATCH_THRESHOLDS, rankCandidates, scoreCandidate, type MatchQuery } from './matching.ts';
import { jaroWinkler, normaliseName, phoneKey } from './similarity.ts';
import { sameNameFamily } from './nicknames.ts';
import type { Person } from './types.ts';

const buildPerson = (overrides: Partial<Person> & { given?: string; family?: string; preferred?: string | null } = {}): Person => {
  const { given = 'John', family = 'Carter', preferred = null, ...rest } = overrides;
  return {
    id: 'p-1', agencyId: 'a', name: { given, family, preferred }, dateOfBirth: '1988-04-09', phones: ['+1 (217) 555-0142'],
    demographics: { gender: null, race: null, ethnicity: null }, safetyPlan: null, version: 1,
    createdAt: new Date(0), updatedAt: new Date(0), ...rest,
  };
};

const reason = (q: MatchQuery, p: Person, field: string) => scoreCandidate(q, p).reasons.find((r) => r.field === field)!;

describe('string similarity', () => {
  it.each([
    ['martha', 'marhta', 0.961],
    ['dixon', 'dicksonx', 0.813],
    ['jellyfish', 'smellyfish', 0.896],
    ['same', 'same', 1],
    ['abc', 'xyz', 0],
  ])('jaroWinkler(%s, %s) ≈ %d (the published reference values)', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 2);
  });

  it('normalises accents, case and punctuation', () => {
    expect(normaliseName("  O'Brien-Núñez ")).toBe('obrien nunez');
  });

  it.each([
    ['+1 (217) 555-0142', '2175550142'],
    ['217.555.0142', '2175550142'],
    ['555-0142', '5550142'],
    ['911', null],
  ])('phoneKey(%s) = %s', (input, key) => expect(phoneKey(input)).toBe(key));

  it.each([
    ['Jon', 'John', true],
    ['Bill', 'william', true],
    ['Liz', 'Beth', true],
    ['John', 'Luis', false],
    ['Zed', 'Zed', false],
  ])('sameNameFamily(%s, %s) = %s', (a, b, same) => expect(sameNameFamily(a, b)).toBe(same));
});

describe('scoreCandidate', () => {
  const john = buildPerson();
  it.each<[string, MatchQuery, Person, { band: string; name?: string; dob?: string; phone?: string }]>([
    ['everything agrees', { name: 'John Carter', dateOfBirth: '1988-04-09', phones: ['2175550142'] }, john, { band: 'likely', name: 'exact', dob: 'exact', phone: 'exact' }],
    ['Jon for John is a nickname, not a different person', { name: 'Jon Carter', dateOfBirth: '1988-04-09' }, john, { band: 'likely', name: 'nickname', dob: 'exact' }],
    ['day and month transposed', { name: 'John Carter', dateOfBirth: '1988-09-04' }, john, { band: 'possible', dob: 'transposed_day_month' }],
    ['year off by one', { name: 'John Carter', dateOfBirth: '1989-04-09' }, john, { band: 'possible', dob: 'year_off_by_one' }],
    ['a misspelt family name still matches', { name: 'John Cartter', dateOfBirth: '1988-04-09', phones: ['217 555 0142'] }, john, { band: 'likely', name: 'close' }],
    ['the preferred name counts', { name: 'Jack Carter', dateOfBirth: '1988-04-09' }, buildPerson({ given: 'Jonathan', preferred: 'Jack' }), { band: 'likely', name: 'exact' }],
    ['family name first, as on a form', { name: 'Carter John', dateOfBirth: '1988-04-09' }, john, { band: 'likely', name: 'name_order_swapped' }],
    ['same phone, different person (a household)', { name: 'Ana Carter', dateOfBirth: '1990-02-02', phones: ['2175550142'] }, john, { band: 'unlikely', name: 'family_name_only', dob: 'different', phone: 'exact' }],
    ['same birthday and phone, a different name is never likely', { name: 'Maria Lopez', dateOfBirth: '1988-04-09', phones: ['2175550142'] }, john, { band: 'possible', name: 'different' }],
    ['an age from the call fits the date of birth', { name: 'John Carter', age: { years: 37, today: '2026-01-15' } }, john, { band: 'possible', dob: 'age_consistent' }],
    ['an age that does not fit', { name: 'John Carter', age: { years: 52, today: '2026-01-15' } }, john, { band: 'unlikely', dob: 'different' }],
    ['a name alone is not enough to be likely', { name: 'John Carter' }, john, { band: 'unlikely', dob: 'absent', phone: 'absent' }],
    ['nothing known', {}, john, { band: 'unlikely', name: 'absent' }],
  ])('%s', (_why, query, person, expected) => {
    const s = scoreCandidate(query, person);
    expect(s.band).toBe(expected.band);
    if (expected.name) expect(reason(query, person, 'name').outcome).toBe(expected.name);
    if (expected.dob) expect(reason(query, person, 'dateOfBirth').outcome).toBe(expected.dob);
    if (expected.phone) expect(reason(query, person, 'phone').outcome).toBe(expected.phone);
    expect(s.score).toBeGreaterThanOrEqual(0);
    expect(s.score).toBeLessThanOrEqual(1);
    expect(s.score).toBeCloseTo(s.reasons.reduce((n, r) => n + r.contribution, 0), 2);
  });

  it('scores a full agreement 1 and ranks the exact record above the near one', () => {
    const query = { name: 'Luis Diaz', dateOfBirth: '1996-03-14' };
    const exact = buildPerson({ id: 'p-exact', given: 'Luis', family: 'Diaz', dateOfBirth: '1996-03-14', phones: [] });
    const near = buildPerson({ id: 'p-near', given: 'Luiz', family: 'Dias', dateOfBirth: '1996-03-14', phones: [] });
    const other = buildPerson({ id: 'p-other', given: 'Kim', family: 'Nguyen', dateOfBirth: '1970-01-01', phones: [] });
    const ranked = rankCandidates(query, [other, near, exact]);
    expect(ranked.map((c) => c.person.id)).toEqual(['p-exact', 'p-near']);
    expect(ranked[0]!.match.score).toBeCloseTo(0.8, 2);
    expect(ranked[1]!.match.score).toBeGreaterThanOrEqual(MATCH_THRESHOLDS.possible);
    expect(ranked[1]!.match.score).toBeLessThan(ranked[0]!.match.score);
  });
});
