import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { decideLink, decideUnlink, foldLink, type PersonLinkEvent } from './links.ts';
import { ageOn, parseCalendarDay } from './dates.ts';
import { personIssues } from './validate.ts';

const proposal = { basis: 'candidate' as const, score: 0.9, band: 'likely' as const };

describe('person links', () => {
  it('links, undoes with a reason and links again: the history keeps every step', () => {
    const events: PersonLinkEvent[] = [];
    events.push(decideLink(foldLink(events), 'i-1', 'p-1', proposal));
    expect(foldLink(events)).toEqual({ incidentId: 'i-1', personId: 'p-1' });
    events.push(decideUnlink(foldLink(events), 'i-1', 'wrong Sam: different date of birth'));
    expect(foldLink(events)).toBeNull();
    events.push(decideLink(foldLink(events), 'i-1', 'p-2', proposal));
    expect(foldLink(events)).toEqual({ incidentId: 'i-1', personId: 'p-2' });
    expect(events.map((e) => e.type)).toEqual(['person.linked', 'person.unlinked', 'person.linked']);
    expect(events[1]).toMatchObject({ personId: 'p-1', reason: 'wrong Sam: different date of birth' });
  });

  it.each([
    ['the same person twice', { incidentId: 'i-1', personId: 'p-1' }, 'p-1', 'already linked to this person'],
    ['another person over a link (no silent replacement)', { incidentId: 'i-1', personId: 'p-1' }, 'p-2', 'undo that link'],
  ])('refuses %s', (_why, current, personId, message) => {
    const attempt = () => decideLink(current, 'i-1', personId, proposal);
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(message);
  });

  it('refuses to undo a link that does not exist', () => {
    expect(() => decideUnlink(null, 'i-1', 'x')).toThrow('not linked');
  });
});

describe('person record rules', () => {
  it.each([
    ['2024-02-30', 'calendar_date'],
    ['1988-13-01', 'calendar_date'],
    ['2027-01-01', 'not_future'],
    ['1850-01-01', 'min_year'],
  ])('date of birth %s breaks %s', (dateOfBirth, rule) => {
    expect(personIssues({ dateOfBirth }, '2026-01-15')).toEqual([expect.objectContaining({ field: 'dateOfBirth', rule })]);
  });

  it('names the phone that holds too few digits, under a prefix', () => {
    expect(personIssues({ phones: ['217 555 0142', '12'] }, '2026-01-15', 'newPerson')).toEqual([
      { field: 'newPerson.phones.1', rule: 'phone_digits', message: 'must hold at least 7 digits' },
    ]);
  });

  it('accepts a leap day and computes ages across birthdays', () => {
    expect(parseCalendarDay('2024-02-29')).toEqual([2024, 2, 29]);
    expect(personIssues({ dateOfBirth: '2024-02-29', phones: [] }, '2026-01-15')).toEqual([]);
    expect(ageOn('1988-04-09', '2026-04-08')).toBe(37);
    expect(ageOn('1988-04-09', '2026-04-09')).toBe(38);
  });
});
