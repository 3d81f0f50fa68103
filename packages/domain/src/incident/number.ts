import { calendarDateIn } from '../dispatch/credentials.ts';
import { REGION_TIME_ZONE } from '../reports/months.ts';

/**
 * Incident numbers (issue 15 §1, ADR 0033): people name a call by a short number, not its id.
 * A number counts the calls of one region in one calendar year of the region's time zone:
 * `26-000123` is the 123rd call of 2026. The store assigns it when the call is created, in the
 * creating transaction, from a counter row it locks (so numbers never repeat and rarely gap).
 */

/** The calendar year a call received at `at` is numbered in: the region's, not the server's. */
export function numberingYear(at: Date, timeZone = REGION_TIME_ZONE): number {
  return Number(calendarDateIn(at, timeZone).slice(0, 4));
}

/** `26-000123`: two digits of the year, a dash, the sequence padded to six (longer when it outgrows them). */
export function formatIncidentNumber(year: number, sequence: number): string {
  return `${String(year % 100).padStart(2, '0')}-${String(sequence).padStart(6, '0')}`;
}

const NUMBER = /^\s*(\d{2})\s*-\s*(\d{1,9})\s*$/;

/**
 * Reads what someone typed as an incident number (`26-123`, `26-000123`) into its canonical
 * form, or null when it is not one. Leading zeros may be left out, as people say numbers.
 */
export function parseIncidentNumber(typed: string): string | null {
  const m = NUMBER.exec(typed);
  if (!m) return null;
  const sequence = Number(m[2]);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return null;
  return `${m[1]}-${String(sequence).padStart(6, '0')}`;
}
