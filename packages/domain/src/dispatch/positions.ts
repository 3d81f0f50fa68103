import type { GeoPoint } from '../incident/types.ts';
import { greatCircleKm } from './travel.ts';
import type { UnitFix } from './unit-status.ts';

/** A position as a field device reports it (GeoJSON-free: lat/lon are named, never packed). */
export interface IncomingPosition {
  lat: number;
  lon: number;
  at: Date;
  /** Radius of 68% confidence, metres. */
  accuracy?: number | null;
  /** Degrees clockwise from true north, [0, 360). */
  heading?: number | null;
  /** Metres per second over ground. */
  speed?: number | null;
}

/** How a position may be refused; stable codes that devices and the board branch on. */
export const POSITION_REJECTIONS = ['duplicate', 'out_of_order', 'impossible_coordinates', 'in_the_future', 'implausible_speed'] as const;
export type PositionRejection = (typeof POSITION_REJECTIONS)[number];

/**
 * Refusals that are not the device's fault and need no action: a retried or late fix. The
 * server answers them 202 (accepted, ignored) so that a device on a bad network never retries
 * them; the others are bad data and answer 400.
 */
export const IGNORED_REJECTIONS: readonly PositionRejection[] = ['duplicate', 'out_of_order'];

export type PositionVerdict =
  | { accept: true }
  | { accept: false; reason: PositionRejection; field?: string; rule?: string; message: string };

/** The thresholds of plausibility; configurable because rural helicopters and clock drift exist. */
export interface PositionLimits {
  /** Faster than this between consecutive fixes is a GPS jump, not a drive. */
  maxSpeedKmh: number;
  /** Device clocks drift: a fix this far ahead of the server's clock is still believed. */
  maxFutureSeconds: number;
}

export const DEFAULT_POSITION_LIMITS: PositionLimits = { maxSpeedKmh: 300, maxFutureSeconds: 30 };


/** Metres between two fixes, on the same great circle the travel estimate uses. */
export const distanceMetres = (a: GeoPoint, b: GeoPoint): number => greatCircleKm(a, b) * 1000;

/** The first rule a fix's own fields break, or null: checked before it is compared with anything. */
function impossible(p: IncomingPosition): { field: string; rule: string; message: string } | null {
  if (!Number.isFinite(p.lat) || p.lat < -90 || p.lat > 90) return { field: 'lat', rule: 'latitude_range', message: 'latitude must be between -90 and 90' };
  if (!Number.isFinite(p.lon) || p.lon < -180 || p.lon > 180) return { field: 'lon', rule: 'longitude_range', message: 'longitude must be between -180 and 180' };
  // 0,0 ("null island") is what a receiver without a fix sends: no unit responds from the Gulf of Guinea.
  if (p.lat === 0 && p.lon === 0) return { field: 'lat', rule: 'null_island', message: '0,0 is a receiver without a fix, not a position' };
  if (Number.isNaN(p.at.getTime())) return { field: 'at', rule: 'timestamp', message: 'the time is not a valid timestamp' };
  if (p.accuracy != null && !(Number.isFinite(p.accuracy) && p.accuracy >= 0)) return { field: 'accuracy', rule: 'non_negative', message: 'accuracy is a radius in metres, 0 or more' };
  if (p.heading != null && !(Number.isFinite(p.heading) && p.heading >= 0 && p.heading < 360)) return { field: 'heading', rule: 'heading_range', message: 'heading is degrees from north, 0 to under 360' };
  if (p.speed != null && !(Number.isFinite(p.speed) && p.speed >= 0)) return { field: 'speed', rule: 'non_negative', message: 'speed is metres per second, 0 or more' };
  return null;
}

/**
 * Whether to keep a reported fix, given the unit's last accepted one. Pure: the caller passes
 * its clock. Order matters: a fix that is impossible on its own is bad data whatever came before;
 * one at or before the last is a retry or a late delivery and is quietly ignored; only then is
 * the jump from the last fix judged, allowing for the receiver's stated accuracy so that jitter
 * between two close fixes is not taken for speed.
 */
export function acceptPosition(last: UnitFix | null, incoming: IncomingPosition, now: Date, limits: PositionLimits = DEFAULT_POSITION_LIMITS): PositionVerdict {
  const bad = impossible(incoming);
  if (bad) return { accept: false, reason: 'impossible_coordinates', ...bad };
  if (incoming.at.getTime() - now.getTime() > limits.maxFutureSeconds * 1000) {
    return { accept: false, reason: 'in_the_future', field: 'at', rule: 'not_in_future', message: `the fix is more than ${limits.maxFutureSeconds} s ahead of the server's clock` };
  }
  if (!last) return { accept: true };
  const dt = (incoming.at.getTime() - last.at.getTime()) / 1000;
  if (dt === 0) return { accept: false, reason: 'duplicate', message: 'a fix at this time is already recorded' };
  if (dt < 0) return { accept: false, reason: 'out_of_order', message: 'a later fix is already recorded' };
  const moved = Math.max(0, distanceMetres(last, incoming) - (incoming.accuracy ?? 0));
  const kmh = (moved / dt) * 3.6;
  if (kmh > limits.maxSpeedKmh) {
    return { accept: false, reason: 'implausible_speed', field: 'lat', rule: 'max_speed', message: `${Math.round(kmh)} km/h since the last fix is more than ${limits.maxSpeedKmh} km/h` };
  }
  return { accept: true };
}

/** Whether a fix is too old to show as where the unit is now. */
export function isStale(position: { at: Date } | null, now: Date, staleAfterSeconds: number): boolean {
  return position === null || now.getTime() - position.at.getTime() > staleAfterSeconds * 1000;
}

/** Seconds since the fix, never negative (a device clock slightly ahead reads as 0). */
export const positionAgeSeconds = (position: { at: Date }, now: Date): number =>
  Math.max(0, Math.round((now.getTime() - position.at.getTime()) / 1000));
