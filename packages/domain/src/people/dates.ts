import type { CalendarDay } from './types.ts';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The year, month and day of a `YYYY-MM-DD` that names a real calendar day, or null. */
export function parseCalendarDay(day: string): [number, number, number] | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return [y, mo, d];
}

/** Whole years between a date of birth and a day (the age on that day). */
export function ageOn(dateOfBirth: CalendarDay, today: CalendarDay): number | null {
  const b = parseCalendarDay(dateOfBirth);
  const t = parseCalendarDay(today);
  if (!b || !t) return null;
  const beforeBirthday = t[1] < b[1] || (t[1] === b[1] && t[2] < b[2]);
  return t[0] - b[0] - (beforeBirthday ? 1 : 0);
}
