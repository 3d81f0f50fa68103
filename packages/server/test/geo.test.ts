import type { RegionGeography } from '@continuum/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const regionOf = async (username: string): Promise<RegionGeography> => {
  const res = await (await signIn(t.url, username)).get('/api/geo/region');
  expect(res.status).toBe(200);
  return (await res.json()) as RegionGeography;
};

describe('GET /api/geo/region', () => {
  it('refuses an anonymous caller', async () => {
    const res = await fetch(`${t.url}/api/geo/region`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });

  it("serves the demo region as Champaign County, with its towns and located agencies", async () => {
    const geo = await regionOf('telecom');
    expect(geo.regionId).toBe('il-ems-6');
    expect(geo.counties.type).toBe('FeatureCollection');
    expect(geo.counties.features.map((f) => [f.id, f.properties.name])).toEqual([['17019', 'Champaign']]);
    expect(['Polygon', 'MultiPolygon']).toContain(geo.counties.features[0]!.geometry.type);

    const names = geo.towns.map((town) => town.name);
    expect(names).toEqual(expect.arrayContaining(['Champaign', 'Urbana', 'Rantoul', 'Mahomet', 'Savoy']));
    expect(names[0]).toBe('Champaign');
    expect(geo.towns.every((town) => town.countyFips === '17019')).toBe(true);

    const ids = geo.agencies.map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(['champaign-911', 'champaign-mcrt', 'rantoul-living-room']));
    // A committee has members, not a station: nothing to place on a map.
    expect(ids).not.toContain('il-ems-6-rac');
  });

  it('gives a bounding box around the county, west-south-east-north, that holds every town', async () => {
    const { bbox, towns } = await regionOf('dispatcher');
    const [west, south, east, north] = bbox!;
    expect(west).toBeCloseTo(-88.47, 1);
    expect(east).toBeCloseTo(-87.93, 1);
    expect(south).toBeCloseTo(39.88, 1);
    expect(north).toBeCloseTo(40.4, 1);
    expect(towns.length).toBeGreaterThan(0);
    for (const town of towns) {
      expect(town.lon).toBeGreaterThanOrEqual(west);
      expect(town.lon).toBeLessThanOrEqual(east);
      expect(town.lat).toBeGreaterThanOrEqual(south);
      expect(town.lat).toBeLessThanOrEqual(north);
    }
  });

  it('rounds the outline to five decimals and keeps its rings closed', async () => {
    const { counties } = await regionOf('clinician');
    const g = counties.features[0]!.geometry;
    const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
    expect(rings.length).toBeGreaterThan(0);
    for (const ring of rings) {
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      for (const [lon, lat] of ring) {
        expect(Math.abs(lon * 1e5 - Math.round(lon * 1e5))).toBeLessThan(1e-6);
        expect(Math.abs(lat * 1e5 - Math.round(lat * 1e5))).toBeLessThan(1e-6);
      }
    }
  });

  it('carries no incident data, even with incidents on record', async () => {
    const telecom = await signIn(t.url, 'telecom');
    const input = buildIncidentInput({ summary: 'Marker summary for the geography test' });
    expect((await telecom.post('/api/incidents', input)).status).toBe(201);
    const text = await (await telecom.get('/api/geo/region')).text();
    expect(text).not.toContain('Marker summary');
    expect(text).not.toContain(input.caller.name);
    expect(text).not.toContain(input.location.address);
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(['agencies', 'bbox', 'counties', 'regionId', 'towns']);
  });

  it('gives a state-level user the counties of the regions below theirs', async () => {
    // The auditor belongs to the state agency; the state's map is its EMS regions' counties.
    const geo = await regionOf('auditor');
    expect(geo.regionId).toBe('il');
    expect(geo.counties.features.map((f) => f.id)).toEqual(['17019']);
  });
});
