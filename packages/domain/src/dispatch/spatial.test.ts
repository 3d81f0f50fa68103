import { describe, expect, it } from 'vitest';
import type { MultiPolygon } from 'geojson';
import { indexUnits, nearestUnits, unitsCovering } from './spatial.ts';
import { box, buildUnit, CHAMPAIGN, VERMILION } from './recommend-builders.ts';

const TWO_ISLANDS: MultiPolygon = { type: 'MultiPolygon', coordinates: [box(0, 0, 1, 1).coordinates, box(5, 5, 6, 6).coordinates] };

describe('unitsCovering', () => {
  const units = [
    buildUnit({ id: 'c1', serviceArea: CHAMPAIGN }),
    buildUnit({ id: 'v1', serviceArea: VERMILION }),
    buildUnit({ id: 'c2', serviceArea: CHAMPAIGN }),
    buildUnit({ id: 'islands', serviceArea: TWO_ISLANDS }),
  ];
  const index = indexUnits(units);

  it('groups units that share an area object', () => {
    expect(index.areas).toHaveLength(3);
  });

  it.each([
    ['inside Champaign', { lat: 40.1, lon: -88.2 }, ['c1', 'c2']],
    ['inside Vermilion', { lat: 40.1, lon: -87.7 }, ['v1']],
    ['on the shared boundary (both)', { lat: 40.1, lon: -87.93 }, ['c1', 'v1', 'c2']],
    ['in the second island of a multipolygon', { lat: 5.5, lon: 5.5 }, ['islands']],
    ['between the islands', { lat: 3, lon: 3 }, []],
    ['nowhere', { lat: 41.9, lon: -87.6 }, []],
  ])('%s', (_name, point, ids) => {
    expect(unitsCovering(index, point).map((u) => units[u]!.id)).toEqual(ids);
  });
});

describe('nearestUnits', () => {
  const units = [
    buildUnit({ id: 'far', position: { lat: 40.4, lon: -88.2, at: new Date() } }),
    buildUnit({ id: 'near', position: { lat: 40.12, lon: -88.2, at: new Date() } }),
    buildUnit({ id: 'home-only', position: null, home: { lat: 40.2, lon: -88.2 } }),
    buildUnit({ id: 'nowhere', position: null, home: null }),
  ];
  const index = indexUnits(units);
  const at = { lat: 40.1, lon: -88.2 };

  it('orders located units nearest first, home bases standing in for fixes', () => {
    expect(nearestUnits(index, at, 10).map((u) => units[u]!.id)).toEqual(['near', 'home-only', 'far']);
    expect([...index.live]).toEqual([1, 1, 0, 0]);
  });

  it('applies the filter and the count', () => {
    expect(nearestUnits(index, at, 1, (u) => units[u]!.id !== 'near').map((u) => units[u]!.id)).toEqual(['home-only']);
  });

  it('answers nothing from an empty index', () => {
    expect(nearestUnits(indexUnits([]), at, 5)).toEqual([]);
  });
});
