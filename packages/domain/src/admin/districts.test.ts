import { describe, expect, it } from 'vitest';
import { boundingBoxOf, districtImportIssues, districtOf, type DistrictArea } from './districts.ts';

const square = (lon: number, lat: number, d: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]],
});

describe('districtOf', () => {
  const city: DistrictArea = { id: 'city', kind: 'municipality', geometry: square(0, 0, 1) };
  const pd: DistrictArea = { id: 'pd', kind: 'police_district', geometry: square(0, 0, 0.5) };
  const bigPd: DistrictArea = { id: 'big-pd', kind: 'police_district', geometry: square(0, 0, 0.8) };
  const beat: DistrictArea = { id: 'beat', kind: 'beat', geometry: square(0, 0, 0.1) };

  it('places a point in a police district before a municipality before a beat, the smaller first', () => {
    expect(districtOf({ lat: 0, lon: 0 }, [city, beat, bigPd, pd])).toBe('pd');
    expect(districtOf({ lat: 0.7, lon: 0 }, [city, beat, bigPd, pd])).toBe('big-pd');
    expect(districtOf({ lat: 0.9, lon: 0 }, [beat, city])).toBe('city');
    expect(districtOf({ lat: 0, lon: 0 }, [beat])).toBe('beat');
  });

  it('answers null outside every area, and never depends on the order of the areas', () => {
    expect(districtOf({ lat: 5, lon: 5 }, [city, pd])).toBeNull();
    const twin: DistrictArea = { ...pd, id: 'a-twin' };
    expect(districtOf({ lat: 0, lon: 0 }, [pd, twin])).toBe('a-twin');
    expect(districtOf({ lat: 0, lon: 0 }, [twin, pd])).toBe('a-twin');
  });

  it('respects holes: a point in a hole is not in the area', () => {
    const county: DistrictArea = { id: 'county', kind: 'police_district', geometry: { type: 'Polygon', coordinates: [square(0, 0, 1).coordinates[0]!, [...square(0, 0, 0.2).coordinates[0]!].reverse()] } };
    expect(districtOf({ lat: 0, lon: 0 }, [county])).toBeNull();
    expect(districtOf({ lat: 0.5, lon: 0 }, [county])).toBe('county');
  });
});

describe('districtImportIssues', () => {
  const ok = { id: 'a', kind: 'beat', name: 'A', agencyId: null, geometry: square(0, 0, 1) };

  it('names each problem by feature index and rule', () => {
    const open = { ...square(0, 0, 1), coordinates: [square(0, 0, 1).coordinates[0]!.slice(0, 4)] };
    const issues = districtImportIssues([ok, { ...ok, id: 'b', kind: 'ward' }, { ...ok, geometry: open }], 1000);
    expect(issues.map((i) => `${i.field}:${i.rule}`)).toEqual(['features.1.properties.kind:district_kind', 'features.2.properties.id:unique', 'features.2.geometry.coordinates.0:closed_ring']);
  });

  it('refuses a geometry over the size limit without walking it', () => {
    expect(districtImportIssues([ok], 4).map((i) => i.rule)).toEqual(['max_positions']);
    expect(districtImportIssues([ok], 5)).toEqual([]);
  });

  it('boxes a geometry', () => {
    expect(boundingBoxOf(square(10, 20, 1))).toEqual({ minLon: 9, minLat: 19, maxLon: 11, maxLat: 21 });
  });
});
