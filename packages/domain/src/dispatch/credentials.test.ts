import { describe, expect, it } from 'vitest';
import { calendarDateIn, credentialStatus, firstAnniversary, isCalendarDate, type CredentialFacts } from './credentials.ts';

const peer = (o: Partial<CredentialFacts> = {}): CredentialFacts => ({ role: 'engagement_specialist', hiredOn: '2025-06-01', credential: null, ...o });
const TODAY = '2026-03-01';

describe('credentialStatus: the one-year CRSS/CPRS rule', () => {
  it.each([
    // [case, facts, status, deadline, daysLeft]
    ['credentialed with CRSS', peer({ credential: { kind: 'CRSS', earnedOn: '2025-11-02' } }), 'credentialed', '2026-06-01', null],
    ['credentialed with CPRS before hire', peer({ credential: { kind: 'CPRS', earnedOn: '2024-01-15' } }), 'credentialed', '2026-06-01', null],
    ['92 days left: still in the first year', peer(), 'in_first_year', '2026-06-01', 92],
    ['exactly 60 days left: not yet warned', peer({ hiredOn: '2025-04-30' }), 'in_first_year', '2026-04-30', 60],
    ['59 days left: due', peer({ hiredOn: '2025-04-29' }), 'due', '2026-04-29', 59],
    ['deadline today: due, 0 days left', peer({ hiredOn: '2025-03-01' }), 'due', '2026-03-01', 0],
    ['one day past the year: overdue', peer({ hiredOn: '2025-02-28' }), 'overdue', '2026-02-28', -1],
    ['years past: overdue', peer({ hiredOn: '2022-01-10' }), 'overdue', '2023-01-10', -1146],
    ['no hire date on record', peer({ hiredOn: null }), 'no_hire_date', null, null],
  ] as const)('%s', (_name, facts, status, deadline, daysLeft) => {
    const s = credentialStatus(facts, TODAY);
    expect(s.status).toBe(status);
    expect(s.deadline).toBe(deadline);
    expect(s.daysLeft).toBe(daysLeft);
  });

  it('warns with the date and the days left when due, and the days past when overdue', () => {
    expect(credentialStatus(peer({ hiredOn: '2025-04-29' }), TODAY).warning).toBe('CRSS or CPRS due by 2026-04-29: 59 days left');
    expect(credentialStatus(peer({ hiredOn: '2025-03-02' }), TODAY).warning).toBe('CRSS or CPRS due by 2026-03-02: 1 day left');
    expect(credentialStatus(peer({ hiredOn: '2025-02-20' }), TODAY).warning).toBe('No CRSS or CPRS: the one-year deadline was 2026-02-20, 9 days ago');
    expect(credentialStatus(peer(), TODAY).warning).toBeNull();
    expect(credentialStatus(peer({ credential: { kind: 'CRSS', earnedOn: '2025-07-01' } }), TODAY).warning).toBeNull();
  });

  it.each(['mcrt_clinician', 'ems_crew', 'police_officer'] as const)('%s: not required', (role) => {
    const s = credentialStatus({ role, hiredOn: '2020-01-01', credential: null }, TODAY);
    expect(s).toEqual({ status: 'not_required', deadline: null, daysLeft: null, warning: null });
  });
});

describe('calendar dates', () => {
  it.each([
    ['2025-02-28', '2026-02-28'],
    ['2024-02-29', '2025-02-28'],
    ['2025-12-31', '2026-12-31'],
  ])('the first anniversary of %s is %s', (from, to) => expect(firstAnniversary(from)).toBe(to));

  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['26-01-01', false],
    ['2026-01-01T00:00:00Z', false],
  ])('%s is a calendar date: %s', (value, ok) => expect(isCalendarDate(value)).toBe(ok));

  it('takes the day in Central time, not UTC: 03:00 UTC is still the evening before in Illinois', () => {
    expect(calendarDateIn(new Date('2026-03-02T03:00:00Z'))).toBe('2026-03-01');
    expect(calendarDateIn(new Date('2026-03-02T03:00:00Z'), 'UTC')).toBe('2026-03-02');
  });
});
