import { describe, expect, it } from 'vitest';
import { citCurrent, citStanding, expiryOf, trainingIssues, type TrainingFacts } from './records.ts';

const TODAY = '2026-03-01';
const course = (o: Partial<TrainingFacts> = {}): TrainingFacts => ({ personRole: 'police_officer', course: 'cit_40_hour', completedOn: '2025-06-01', hours: 40, expiresOn: null, ...o });

describe('training records', () => {
  it('expire on the date recorded, else after the course’s usual validity', () => {
    expect(expiryOf(course())).toBe('2027-06-01');
    expect(expiryOf(course({ course: 'mental_health_first_aid' }))).toBe('2028-06-01');
    expect(expiryOf(course({ expiresOn: '2026-12-31' }))).toBe('2026-12-31');
    expect(expiryOf(course({ completedOn: '2024-02-29' }))).toBe('2026-02-28');
  });

  it.each<[string, Partial<TrainingFacts>, string, string]>([
    ['a course in the future', { completedOn: '2026-03-02' }, 'completedOn', 'not_in_future'],
    ['no hours', { hours: 0 }, 'hours', 'range'],
    ['an expiry on the day of completion', { expiresOn: '2025-06-01' }, 'expiresOn', 'after_completion'],
    ['an unknown course', { course: 'karate' as TrainingFacts['course'] }, 'course', 'enum'],
    ['a role that is not trained here', { personRole: 'ems_crew' as TrainingFacts['personRole'] }, 'personRole', 'enum'],
  ])('refuses %s, naming the field and rule', (_name, change, field, rule) => {
    expect(trainingIssues(course(change), TODAY)).toEqual([expect.objectContaining({ field, rule })]);
  });

  it.each<[string, TrainingFacts[], string, number | null]>([
    ['never trained', [], 'never_trained', null],
    ['a refresher without the 40-hour course does not count', [course({ course: 'cit_refresher' })], 'never_trained', null],
    ['current', [course()], 'current', 457],
    ['due within 60 days', [course({ completedOn: '2024-04-10' })], 'due', 40],
    ['overdue', [course({ completedOn: '2024-01-10' })], 'overdue', -50],
    ['a refresher renews an old course', [course({ completedOn: '2019-05-01' }), course({ course: 'cit_refresher', completedOn: '2025-01-15', hours: 8 })], 'current', 320],
  ])('an officer: %s', (_name, records, status, daysLeft) => {
    expect(citStanding(records, 'police_officer', TODAY)).toMatchObject({ status, daysLeft });
  });

  it('counts the 8-hour course for a telecommunicator, not for an officer', () => {
    const tc = [course({ personRole: 'telecommunicator', course: 'telecommunicator_8_hour', hours: 8 })];
    expect(citCurrent(tc, 'telecommunicator', TODAY)).toBe(true);
    expect(citCurrent(tc, 'police_officer', TODAY)).toBe(false);
  });
});
