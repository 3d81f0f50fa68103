import type { FieldIssue } from '../errors.ts';
import type { Role } from '../access/roles.ts';
import { isCalendarDate, type CalendarDate, type CredentialFacts } from './credentials.ts';

/**
 * Who rides a unit, and when the unit is on shift. The roster is the crew a dispatcher or
 * supervisor set for the unit; it counts as "on shift" only while one of the unit's scheduled
 * shifts is running, so a roster left from yesterday never tells the recommendation who is on
 * board tonight.
 */

/** The roles that ride a unit: the responders a response plan asks for (DOMAIN.md §4). */
export const CREW_ROLES = ['mcrt_clinician', 'engagement_specialist', 'police_officer', 'ems_crew'] as const satisfies readonly Role[];
export type CrewRole = (typeof CREW_ROLES)[number];

/** One member of a unit's crew: a person by name, tied to a user account when they sign in. */
export interface CrewMember extends CredentialFacts {
  name: string;
  userId: string | null;
  role: CrewRole;
}

/** A scheduled shift: the unit is staffed from `startsAt` until (not including) `endsAt`. */
export interface Shift {
  id: string;
  startsAt: Date;
  endsAt: Date;
}

/** The longest shift accepted: a 24-hour MCRT shift is the longest Illinois programmes run. */
export const MAX_SHIFT_HOURS = 24;

/** The problems of a roster, each naming the field (`crew.0.hiredOn`) and the rule it breaks. */
export function crewIssues(members: readonly CrewMember[], today: CalendarDate, field = 'crew'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const users = new Map<string, number>();
  members.forEach((m, i) => {
    const at = `${field}.${i}`;
    if (m.userId !== null) {
      const first = users.get(m.userId);
      if (first !== undefined) issues.push({ field: `${at}.userId`, rule: 'unique', message: `is the same account as ${field}.${first}` });
      else users.set(m.userId, i);
    }
    if (m.role === 'engagement_specialist' && m.hiredOn === null) {
      issues.push({ field: `${at}.hiredOn`, rule: 'required', message: 'is required for an engagement specialist (the one-year CRSS/CPRS rule runs from it)' });
    }
    if (m.hiredOn !== null) issues.push(...dateIssues(m.hiredOn, `${at}.hiredOn`, today));
    if (m.credential) issues.push(...dateIssues(m.credential.earnedOn, `${at}.credential.earnedOn`, today));
  });
  return issues;
}

function dateIssues(date: string, field: string, today: CalendarDate): FieldIssue[] {
  if (!isCalendarDate(date)) return [{ field, rule: 'format', message: 'must be a calendar date, YYYY-MM-DD' }];
  if (date > today) return [{ field, rule: 'not_in_future', message: `must not be after today (${today})` }];
  return [];
}

/** The problems of a new shift against the unit's shifts that it could overlap. */
export function shiftIssues(candidate: { startsAt: Date; endsAt: Date }, others: readonly Shift[]): FieldIssue[] {
  const { startsAt, endsAt } = candidate;
  if (endsAt.getTime() <= startsAt.getTime()) return [{ field: 'endsAt', rule: 'after_start', message: 'must be after startsAt' }];
  if (endsAt.getTime() - startsAt.getTime() > MAX_SHIFT_HOURS * 3_600_000) {
    return [{ field: 'endsAt', rule: 'max_duration', message: `a shift lasts at most ${MAX_SHIFT_HOURS} hours` }];
  }
  // Half-open intervals: a shift may start the instant the previous one ends (a hand-over).
  const clash = others.find((s) => s.startsAt < endsAt && startsAt < s.endsAt);
  if (clash) {
    return [{ field: 'startsAt', rule: 'no_overlap', message: `overlaps shift ${clash.id} (${clash.startsAt.toISOString()} to ${clash.endsAt.toISOString()})` }];
  }
  return [];
}

/** The shift running at `now`, if any. */
export function shiftAt(shifts: readonly Shift[], now: Date): Shift | null {
  return shifts.find((s) => s.startsAt <= now && now < s.endsAt) ?? null;
}

/** The members on shift now: the roster while a shift runs, nobody otherwise. */
export function membersOnShift<M extends Pick<CrewMember, 'role'>>(crew: readonly M[], shifts: readonly Shift[], now: Date): readonly M[] {
  return shiftAt(shifts, now) ? crew : [];
}

/**
 * The roles on board now: those of the members on shift, or the unit's designed composition
 * when nobody is rostered, so that a unit without a roster is still judged by what it is.
 */
export function compositionNow(crew: readonly Pick<CrewMember, 'role'>[], shifts: readonly Shift[], designed: readonly string[], now: Date): string[] {
  const onShift = membersOnShift(crew, shifts, now);
  if (onShift.length === 0) return [...designed];
  return [...new Set(onShift.map((m) => m.role))];
}
