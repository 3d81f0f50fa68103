import type { FieldIssue } from '../errors.ts';
import { firstAnniversary, isCalendarDate, type CalendarDate } from '../dispatch/credentials.ts';

/**
 * CIT and related training (issue 12 §6): which course a police officer or telecommunicator
 * took, when, for how many hours, and until when it counts. It replaces the yes/no "CIT" flag
 * that sat on a crew member and was never used: the recommender now prefers a unit whose officer
 * holds a current CIT course, and supervisors see who is due a refresher.
 */

export const TRAINING_COURSES = ['cit_40_hour', 'telecommunicator_8_hour', 'mental_health_first_aid', 'cit_refresher', 'youth_cit'] as const;
export type TrainingCourse = (typeof TRAINING_COURSES)[number];

export const TRAINING_COURSE_LABELS: Readonly<Record<TrainingCourse, string>> = {
  cit_40_hour: 'CIT 40-hour course',
  telecommunicator_8_hour: 'CIT for telecommunicators (8 hours)',
  mental_health_first_aid: 'Mental Health First Aid',
  cit_refresher: 'CIT refresher',
  youth_cit: 'Youth CIT',
};

/** Who training is recorded for: officers who respond and telecommunicators who take the calls. */
export const TRAINED_ROLES = ['police_officer', 'telecommunicator'] as const;
export type TrainedRole = (typeof TRAINED_ROLES)[number];

/**
 * How long a course counts when no expiry is given, in years. Our reconstruction: Illinois sets
 * no statewide CIT renewal; two years is a common department policy for the refresher, and
 * Mental Health First Aid certificates run three years. A region records its own expiry instead.
 */
export const DEFAULT_VALID_YEARS: Readonly<Record<TrainingCourse, number>> = {
  cit_40_hour: 2,
  telecommunicator_8_hour: 2,
  mental_health_first_aid: 3,
  cit_refresher: 2,
  youth_cit: 2,
};

/** The courses that make an officer (or a telecommunicator) count as CIT-trained while current. */
export const CIT_COURSES: Readonly<Record<TrainedRole, readonly TrainingCourse[]>> = {
  police_officer: ['cit_40_hour', 'cit_refresher'],
  telecommunicator: ['telecommunicator_8_hour', 'cit_40_hour', 'cit_refresher'],
};
/** The first course a role must have taken before a refresher counts. */
const CIT_BASE: Readonly<Record<TrainedRole, readonly TrainingCourse[]>> = {
  police_officer: ['cit_40_hour'],
  telecommunicator: ['telecommunicator_8_hour', 'cit_40_hour'],
};

/** The longest course accepted, in hours (the 40-hour course, with a margin for longer academies). */
export const MAX_COURSE_HOURS = 80;
/** How many days ahead a refresher shows as due. */
export const REFRESHER_WARNING_DAYS = 60;

export interface TrainingFacts {
  personRole: TrainedRole;
  course: TrainingCourse;
  completedOn: CalendarDate;
  hours: number;
  /** Null: the course's default validity from `completedOn`. */
  expiresOn: CalendarDate | null;
}

/** A course's expiry: the one recorded, or the default validity after completion. */
export function expiryOf(r: Pick<TrainingFacts, 'course' | 'completedOn' | 'expiresOn'>): CalendarDate {
  if (r.expiresOn) return r.expiresOn;
  let date = r.completedOn;
  for (let y = 0; y < DEFAULT_VALID_YEARS[r.course]; y++) date = firstAnniversary(date);
  return date;
}

/** The problems of a record to be written, each naming the field and the rule. */
export function trainingIssues(input: { personRole: string; course: string; completedOn: string; hours: number; expiresOn: string | null }, today: CalendarDate): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!(TRAINED_ROLES as readonly string[]).includes(input.personRole)) issues.push({ field: 'personRole', rule: 'enum', message: `one of ${TRAINED_ROLES.join(', ')}` });
  if (!(TRAINING_COURSES as readonly string[]).includes(input.course)) issues.push({ field: 'course', rule: 'enum', message: `one of ${TRAINING_COURSES.join(', ')}` });
  if (!isCalendarDate(input.completedOn)) issues.push({ field: 'completedOn', rule: 'format', message: 'must be a calendar date, YYYY-MM-DD' });
  else if (input.completedOn > today) issues.push({ field: 'completedOn', rule: 'not_in_future', message: `must not be after today (${today})` });
  if (!(input.hours > 0) || input.hours > MAX_COURSE_HOURS) issues.push({ field: 'hours', rule: 'range', message: `must be more than 0 and at most ${MAX_COURSE_HOURS}` });
  if (input.expiresOn !== null) {
    if (!isCalendarDate(input.expiresOn)) issues.push({ field: 'expiresOn', rule: 'format', message: 'must be a calendar date, YYYY-MM-DD' });
    else if (isCalendarDate(input.completedOn) && input.expiresOn <= input.completedOn) issues.push({ field: 'expiresOn', rule: 'after_completion', message: 'must be after completedOn' });
  }
  return issues;
}

export const REFRESHER_STATUSES = ['current', 'due', 'overdue', 'never_trained'] as const;
export type RefresherStatus = (typeof REFRESHER_STATUSES)[number];

export interface CitStanding {
  status: RefresherStatus;
  /** The day the person's CIT stops counting; null when never trained. */
  expiresOn: CalendarDate | null;
  /** Days from today to that day; negative once past. */
  daysLeft: number | null;
}

const dayNumber = (d: CalendarDate): number => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/**
 * Where one person stands on CIT on `today`: trained (a base course on record) and current until
 * the latest expiry of a CIT course or refresher; due within `REFRESHER_WARNING_DAYS`; overdue
 * after; never trained when no base course is on record (a refresher alone does not count).
 */
export function citStanding(records: readonly TrainingFacts[], role: TrainedRole, today: CalendarDate): CitStanding {
  const own = records.filter((r) => r.personRole === role);
  if (!own.some((r) => CIT_BASE[role].includes(r.course))) return { status: 'never_trained', expiresOn: null, daysLeft: null };
  const expiries = own.filter((r) => CIT_COURSES[role].includes(r.course)).map(expiryOf).sort();
  const expiresOn = expiries[expiries.length - 1]!;
  const daysLeft = dayNumber(expiresOn) - dayNumber(today);
  const status: RefresherStatus = daysLeft < 0 ? 'overdue' : daysLeft < REFRESHER_WARNING_DAYS ? 'due' : 'current';
  return { status, expiresOn, daysLeft };
}

/** Whether a person's CIT counts today (current or due, not yet expired). */
export const citCurrent = (records: readonly TrainingFacts[], role: TrainedRole, today: CalendarDate): boolean => {
  const s = citStanding(records, role, today).status;
  return s === 'current' || s === 'due';
};
