import { describe, expect, it } from 'vitest';
import { acceptPosition, distanceMetres, isStale, positionAgeSeconds, type IncomingPosition } from './positions.ts';

const now = new Date('2026-11-22T10:00:00Z');
const sec = (s: number) => new Date(now.getTime() + s * 1000);
const last = { lat: 40.1164, lon: -88.2434, at: sec(-5) };
/** A fix 5 s after `last`, ~44 m north (~32 km/h), with overrides. */
const fix = (o: Partial<IncomingPosition> = {}): IncomingPosition => ({ lat: 40.1168, lon: -88.2434, at: now, accuracy: 8, ...o });

describe('acceptPosition', () => {
  it.each([
    ['the first fix of a unit', null, fix(), { accept: true }],
    ['the next fix, at a driving speed', last, fix(), { accept: true }],
    ['a retry of the last fix', last, fix({ at: last.at }), { accept: false, reason: 'duplicate' }],
    ['a fix older than the last', last, fix({ at: sec(-10) }), { accept: false, reason: 'out_of_order' }],
    ['latitude beyond the pole', last, fix({ lat: 91 }), { accept: false, reason: 'impossible_coordinates', field: 'lat', rule: 'latitude_range' }],
    ['longitude beyond the antimeridian', last, fix({ lon: -181 }), { accept: false, reason: 'impossible_coordinates', field: 'lon', rule: 'longitude_range' }],
    ['not a number', last, fix({ lat: Number.NaN }), { accept: false, reason: 'impossible_coordinates', field: 'lat' }],
    ['0,0 from a receiver without a fix', null, fix({ lat: 0, lon: 0 }), { accept: false, reason: 'impossible_coordinates', rule: 'null_island' }],
    ['a negative accuracy', null, fix({ accuracy: -1 }), { accept: false, reason: 'impossible_coordinates', field: 'accuracy' }],
    ['a heading of 360', null, fix({ heading: 360 }), { accept: false, reason: 'impossible_coordinates', field: 'heading' }],
    ['a negative speed', null, fix({ speed: -3 }), { accept: false, reason: 'impossible_coordinates', field: 'speed' }],
    ['a fix a minute ahead of the clock', null, fix({ at: sec(60) }), { accept: false, reason: 'in_the_future', field: 'at' }],
    ['a fix 10 s ahead (clock drift)', null, fix({ at: sec(10) }), { accept: true }],
    ['a 5 km jump in 5 s (3,600 km/h)', last, fix({ lat: 40.1614 }), { accept: false, reason: 'implausible_speed', rule: 'max_speed' }],
    ['200 m of jitter within a 200 m accuracy, 1 s apart', { ...last, at: sec(-1) }, fix({ lat: 40.1182, accuracy: 200 }), { accept: true }],
    ['an impossible fix is bad even when it is also late', last, fix({ lat: 95, at: sec(-60) }), { accept: false, reason: 'impossible_coordinates' }],
  ] as const)('%s', (_name, previous, incoming, expected) => {
    expect(acceptPosition(previous, incoming, now)).toMatchObject(expected);
  });

  it('uses the limits it is given', () => {
    // ~44 m in 5 s less the 8 m accuracy is ~26 km/h: over a 20 km/h limit.
    expect(acceptPosition(last, fix(), now, { maxSpeedKmh: 20, maxFutureSeconds: 30 })).toMatchObject({ reason: 'implausible_speed' });
  });
});

describe('staleness and age', () => {
  it('is stale past the configured age, and when there is no fix at all', () => {
    expect(isStale({ at: sec(-30) }, now, 60)).toBe(false);
    expect(isStale({ at: sec(-61) }, now, 60)).toBe(true);
    expect(isStale(null, now, 60)).toBe(true);
  });
  it('never reports a negative age', () => {
    expect(positionAgeSeconds({ at: sec(5) }, now)).toBe(0);
    expect(positionAgeSeconds({ at: sec(-42) }, now)).toBe(42);
  });
  it('measures a degree of latitude as ~111 km', () => {
    expect(distanceMetres({ lat: 40, lon: -88 }, { lat: 41, lon: -88 })).toBeCloseTo(111_195, -2);
  });
});
