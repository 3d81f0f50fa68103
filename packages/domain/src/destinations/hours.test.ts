import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, dailyHours, describeHours, hoursIssues, isOpenAt, type OpeningHours } from './hours.ts';

const overnight: OpeningHours = { kind: 'weekly', periods: [{ day: 'FR', opens: '20:00', closes: '06:00' }] };
const weekdays: OpeningHours = { kind: 'weekly', periods: (['MO', 'TU', 'WE', 'TH', 'FR'] as const).map((day) => ({ day, opens: '08:00', closes: '17:00' })) };

describe('isOpenAt (America/Chicago)', () => {
  it.each([
    ['24/7 at 03:00', ALWAYS_OPEN, '2026-11-22T09:00:00Z', true],
    ['daily 10-22 at 09:59 CST', dailyHours('10:00', '22:00'), '2026-11-22T15:59:00Z', false],
    ['daily 10-22 at 10:00 CST', dailyHours('10:00', '22:00'), '2026-11-22T16:00:00Z', true],
    ['daily 10-22 at 21:59 CST', dailyHours('10:00', '22:00'), '2026-11-23T03:59:00Z', true],
    ['daily 10-22 at 22:00 CST: closed', dailyHours('10:00', '22:00'), '2026-11-23T04:00:00Z', false],
    ['daily 10-22 at 10:30 CDT (summer, UTC-5)', dailyHours('10:00', '22:00'), '2026-07-01T15:30:00Z', true],
    ['weekdays on a Saturday', weekdays, '2026-11-21T15:00:00Z', false],
    ['weekdays on a Monday at 09:00', weekdays, '2026-11-23T15:00:00Z', true],
    ['Friday overnight, Friday 23:00', overnight, '2026-11-21T05:00:00Z', true],
    ['Friday overnight, Saturday 05:00', overnight, '2026-11-21T11:00:00Z', true],
    ['Friday overnight, Saturday 07:00', overnight, '2026-11-21T13:00:00Z', false],
    ['Friday overnight, Thursday 23:00', overnight, '2026-11-20T05:00:00Z', false],
  ] as const)('%s', (_name, hours, at, open) => {
    expect(isOpenAt(hours, new Date(at), 'America/Chicago')).toBe(open);
  });
});

describe('hoursIssues and describeHours', () => {
  it('names the bad field and rule', () => {
    const bad: OpeningHours = { kind: 'weekly', periods: [{ day: 'MO', opens: '25:00', closes: '17:00' }] };
    expect(hoursIssues(bad).map((i) => [i.field, i.rule])).toEqual([['hours.periods.0.opens', 'time']]);
    expect(hoursIssues({ kind: 'weekly', periods: [] }).map((i) => i.rule)).toEqual(['min_items']);
    expect(hoursIssues(ALWAYS_OPEN)).toEqual([]);
  });
  it('says the hours in words', () => {
    expect(describeHours(ALWAYS_OPEN)).toBe('24/7');
    expect(describeHours(dailyHours('10:00', '22:00'))).toBe('10:00-22:00 daily');
    expect(describeHours(overnight)).toBe('FR 20:00-06:00');
  });
});
