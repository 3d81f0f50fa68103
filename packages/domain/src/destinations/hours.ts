import type { FieldIssue } from '../errors.ts';

/** Days as iCalendar writes them (RFC 5545 BYDAY), which is also what HSDS schedules use. */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening on one day; `closes` at or before `opens` runs past midnight into the next day. */
export interface OpeningPeriod {
  day: Weekday;
  /** Local time, HH:MM (24-hour). */
  opens: string;
  closes: string;
}

/** Open around the clock, or on a weekly pattern in the facility's local time. */
export type OpeningHours = { kind: 'always' } | { kind: 'weekly'; periods: OpeningPeriod[] };

export const ALWAYS_OPEN: OpeningHours = { kind: 'always' };

/** The same hours every day of the week. */
export const dailyHours = (opens: string, closes: string): OpeningHours => ({ kind: 'weekly', periods: WEEKDAYS.map((day) => ({ day, opens, closes })) });

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The weekday and minute of the day of an instant in a time zone. */
function localTime(at: Date, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday'));
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** Whether a facility with these hours is open at an instant, judged in its local time. */
export function isOpenAt(hours: OpeningHours, at: Date, timeZone = 'America/Chicago'): boolean {
  if (hours.kind === 'always') return true;
  const { day, minute } = localTime(at, timeZone);
  return hours.periods.some((p) => {
    const start = minutesOf(p.opens);
    const end = minutesOf(p.closes);
    const d = WEEKDAYS.indexOf(p.day);
    // Past midnight: the tail of yesterday's opening counts today.
    if (end <= start) return (d === day && minute >= start) || ((d + 1) % 7 === day && minute < end);
    return d === day && minute >= start && minute < end;
  });
}

/** What is wrong with a weekly pattern, by field (HH:MM times, known days). */
export function hoursIssues(hours: OpeningHours, field = 'hours'): FieldIssue[] {
  if (hours.kind === 'always') return [];
  const issues: FieldIssue[] = [];
  if (hours.periods.length === 0) issues.push({ field: `${field}.periods`, rule: 'min_items', message: 'a weekly pattern needs at least one opening; use 24/7 for always open' });
  hours.periods.forEach((p, i) => {
    if (!(WEEKDAYS as readonly string[]).includes(p.day)) issues.push({ field: `${field}.periods.${i}.day`, rule: 'enum', message: `must be one of ${WEEKDAYS.join(', ')}` });
    for (const key of ['opens', 'closes'] as const) {
      if (!HHMM.test(p[key])) issues.push({ field: `${field}.periods.${i}.${key}`, rule: 'time', message: 'must be a time of day, HH:MM (24-hour)' });
    }
  });
  return issues;
}

/** The hours in words for the directory: "24/7", or "10:00-22:00 daily", or per day. */
export function describeHours(hours: OpeningHours): string {
  if (hours.kind === 'always') return '24/7';
  const first = hours.periods[0];
  if (first && hours.periods.length === 7 && WEEKDAYS.every((d) => hours.periods.some((p) => p.day === d && p.opens === first.opens && p.closes === first.closes))) {
    return `${first.opens}-${first.closes} daily`;
  }
  return hours.periods.map((p) => `${p.day} ${p.opens}-${p.closes}`).join(', ');
}
