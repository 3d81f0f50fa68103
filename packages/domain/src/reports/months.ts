/**
 * Reports cover whole calendar months of the region's local time (DOMAIN.md §8: the RAC's monthly
 * elements). A window of the reader's choosing lets two near-identical windows be subtracted to
 * find a single call; fixed months that have ended partition the calls, so no two answers overlap
 * and an answer does not change while calls are still arriving.
 */
export type ReportMonth = string;

/** Illinois regions run on Central time; every region of the deployment so far is in Illinois. */
export const REGION_TIME_ZONE = 'America/Chicago';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isReportMonth = (value: string): value is ReportMonth => MONTH.test(value);

/** Milliseconds the zone's wall clock is ahead of UTC at an instant (negative west of Greenwich). */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant local midnight begins the first day of a month (DST never changes at midnight in the US). */
function startOfMonth(year: number, monthIndex: number, timeZone: string): Date {
  const wall = Date.UTC(year, monthIndex, 1);
  const guess = wall - zoneOffset(wall, timeZone);
  return new Date(wall - zoneOffset(guess, timeZone));
}

/** The month's instants in the zone: calls received at or after `from` and before `to`. */
export function monthBounds(month: ReportMonth, timeZone = REGION_TIME_ZONE): { from: Date; to: Date } {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  return { from: startOfMonth(year, index, timeZone), to: startOfMonth(year, index + 1, timeZone) };
}

/** Whether the month is over in the zone: only then is it a whole period. */
export const monthHasEnded = (month: ReportMonth, now: Date, timeZone = REGION_TIME_ZONE): boolean =>
  now.getTime() >= monthBounds(month, timeZone).to.getTime();

/** The instant local midnight began the day `now` falls in, in the zone ("today" on a dashboard). */
export function localDayStart(now: Date, timeZone = REGION_TIME_ZONE): Date {
  const wall = now.getTime() + zoneOffset(now.getTime(), timeZone);
  const midnightWall = wall - (((wall % 86_400_000) + 86_400_000) % 86_400_000);
  return new Date(midnightWall - zoneOffset(midnightWall - zoneOffset(now.getTime(), timeZone), timeZone));
}
