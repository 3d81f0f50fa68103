import { describe, expect, it } from 'vitest';
import { GreatCircleEstimator, greatCircleKm, urbanNearTowns } from './travel.ts';

const CHICAGO = { lat: 41.8781, lon: -87.6298 };
const SPRINGFIELD = { lat: 39.7817, lon: -89.6501 };
const CHAMPAIGN = { lat: 40.1164, lon: -88.2434 };
const URBANA = { lat: 40.1106, lon: -88.2073 };
const PAXTON = { lat: 40.4603, lon: -88.0953 };

describe('greatCircleKm', () => {
  it.each([
    ['Chicago to Springfield (geokdbush agrees: 288.48)', CHICAGO, SPRINGFIELD, 288.48],
    ['Champaign to Urbana', CHAMPAIGN, URBANA, 3.1],
    ['the same point', CHAMPAIGN, CHAMPAIGN, 0],
  ])('%s', (_name, a, b, km) => {
    expect(greatCircleKm(a, b)).toBeCloseTo(km, 0);
    expect(greatCircleKm(b, a)).toBeCloseTo(greatCircleKm(a, b), 9);
  });
});

describe('urbanNearTowns', () => {
  const towns = [
    { name: 'Champaign', ...CHAMPAIGN, population: 88_000 },
    { name: 'Paxton', ...PAXTON, population: 4_400 },
  ];
  it.each([
    ['in a large town', URBANA, {}, true],
    ['near a small town only', PAXTON, {}, false],
    ['near a small town under a lower threshold', PAXTON, { minPopulation: 4_000 }, true],
    ['beyond the radius of a large town', PAXTON, { radiusKm: 30 }, false],
    ['within a wider radius', PAXTON, { radiusKm: 50 }, true],
  ])('%s', (_name, point, options, urban) => {
    expect(urbanNearTowns(towns, options)(point)).toBe(urban);
  });

  it('finds nothing urban without towns over the threshold', () => {
    expect(urbanNearTowns([], {})(CHAMPAIGN)).toBe(false);
  });
});

describe('GreatCircleEstimator', () => {
  const isUrban = (p: { lat: number }) => p.lat < 40.3;
  const estimator = new GreatCircleEstimator({ detourFactor: 1.3, urbanKmh: 40, ruralKmh: 80, isUrban });
  const km = greatCircleKm(PAXTON, URBANA) * 1.3;

  it.each([
    ['both ends urban', CHAMPAIGN, URBANA, (greatCircleKm(CHAMPAIGN, URBANA) * 1.3 * 60) / 40],
    ['rural to urban: half the way at each speed', PAXTON, URBANA, (km / 2 / 80 + km / 2 / 40) * 60],
    ['urban to rural is the same trip reversed', URBANA, PAXTON, (km / 2 / 80 + km / 2 / 40) * 60],
  ])('%s', async (_name, from, to, minutes) => {
    const [estimate] = await estimator.estimateMany([from], to);
    expect(estimate!.minutes).toBeCloseTo(minutes, 6);
    expect(estimate!.distanceKm).toBeCloseTo(greatCircleKm(from, to) * 1.3, 6);
    expect(estimate!.source).toBe('great_circle');
  });

  it('answers one estimate per origin, in order', async () => {
    const estimates = await estimator.estimateMany([URBANA, PAXTON, CHAMPAIGN], CHAMPAIGN);
    expect(estimates.map((e) => e.distanceKm > 0)).toEqual([true, true, false]);
  });

  it('never estimates below its own floor', () => {
    for (const [from, to] of [[PAXTON, URBANA], [CHICAGO, SPRINGFIELD], [CHAMPAIGN, URBANA]] as const) {
      expect(estimator.estimateNow(from, to).minutes).toBeGreaterThanOrEqual(estimator.minMinutes(greatCircleKm(from, to)) - 1e-9);
    }
  });

  it('defaults to a detour of 1.3 at rural speed everywhere', () => {
    const plain = new GreatCircleEstimator();
    expect(plain.estimateNow(CHICAGO, SPRINGFIELD).minutes).toBeCloseTo((greatCircleKm(CHICAGO, SPRINGFIELD) * 1.3 * 60) / 80, 6);
  });

  it.each([[{ detourFactor: 0.9 }], [{ urbanKmh: 0 }], [{ ruralKmh: -5 }]])('rejects %o', (options) => {
    expect(() => new GreatCircleEstimator(options)).toThrow(RangeError);
  });
});
