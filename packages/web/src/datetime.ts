import { REGION_TIME_ZONE } from '@continuum/domain';

/**
 * The console's one way of writing dates and times (issue 15 §7): 24-hour clock, day before
 * month, always in the region's time zone, whatever the browser's. A dispatcher in another state
 * helping out, or a laptop left on UTC, reads the same "14:05" as the crew on the road.
 */
const zone = { timeZone: REGION_TIME_ZONE } as const;
const clock = new Intl.DateTimeFormat('en-GB', { ...zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const clockSeconds = new Intl.DateTimeFormat('en-GB', { ...zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const day = new Intl.DateTimeFormat('en-GB', { ...zone, day: 'numeric', month: 'short', year: 'numeric' });
const monthOfYear = new Intl.DateTimeFormat('en-GB', { ...zone, month: 'long', year: 'numeric' });
const dayKey = new Intl.DateTimeFormat('en-CA', { ...zone, year: 'numeric', month: '2-digit', day: '2-digit' });

const calendarDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });

type Instant = string | Date;
const at = (i: Instant) => (typeof i === 'string' ? new Date(i) : i);

/**
 * A calendar date with no time of day ("1985-06-12", a date of birth) as "12 Jun 1985": the same
 * words as formatDate, but read as the day written, never moved by a time zone.
 */
export const formatCalendarDate = (ymd: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(ymd) ? calendarDay.format(new Date(`${ymd}T00:00:00Z`)) : ymd);

/** "14:05" */
export const formatTime = (i: Instant): string => clock.format(at(i));
/** "14:05:09" */
export const formatTimeSeconds = (i: Instant): string => clockSeconds.format(at(i));
/** "5 Dec 2026" */
export const formatDate = (i: Instant): string => day.format(at(i));
/** "5 Dec 2026 14:05" */
export const formatDateTime = (i: Instant): string => `${formatDate(i)} ${formatTime(i)}`;
/** "5 Dec 2026 14:05:09": audit stamps, where the second matters. */
export const formatStamp = (i: Instant): string => `${formatDate(i)} ${formatTimeSeconds(i)}`;
/** "December 2026": the region's month an instant falls in (a monthly report's heading). */
export const formatMonth = (i: Instant): string => monthOfYear.format(at(i));
/** "2026-12-05": the region's calendar day, for comparing days and for date inputs. */
export const regionDay = (i: Instant): string => dayKey.format(at(i));
/** "14:05" today, "5 Dec 2026 14:05" any other day (of the region's calendar). */
export const formatWhen = (i: Instant, now: Date): string => (regionDay(i) === regionDay(now) ? formatTime(i) : formatDateTime(i));
/** The zone's short name, for the one place that says it ("CST"). */
export const zoneName = (i: Instant = new Date()): string =>
  new Intl.DateTimeFormat('en-US', { ...zone, timeZoneName: 'short' }).formatToParts(at(i)).find((p) => p.type === 'timeZoneName')?.value ?? REGION_TIME_ZONE;

/**
 * The instant a region-local date (`2026-12-05`) starts: what the date-range filters send. Found by
 * correcting a UTC guess with the zone's offset at that moment (twice, across a DST change).
 */
export function startOfRegionDay(date: string): Date {
  return fromRegionWall(`${date}T00:00`);
}

/** The zone's offset from UTC at an instant, in ms (the wall clock minus UTC). */
function offsetAt(t: number): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { ...zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(new Date(t)).map((x) => [x.type, x.value]),
  );
  return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!) - t;
}

/**
 * The instant a region wall-clock time (`2026-12-05T14:05`, as a datetime-local input gives it)
 * names: found by correcting a UTC guess with the zone's offset at that moment (twice, across a
 * DST change). What a case manager types is the region's time, whatever the laptop's zone.
 */
export function fromRegionWall(value: string): Date {
  const [date, time = '00:00'] = value.split('T');
  const [y, m, d] = date!.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, h, min);
  const guess = wall - offsetAt(wall);
  return new Date(wall - offsetAt(guess));
}

/** An instant as a datetime-local input's value (`2026-12-05T14:05`) in the region's zone. */
export function toRegionWall(i: Instant): string {
  return `${regionDay(i)}T${formatTime(i)}`;
}
