import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { countyOutline, isInCounty, townInCounty, townsInCounty } from './county.ts';

const CHAMPAIGN = '17019';

function bbox(positions: Position[]): [number, number, number, number] {
  const lons = positions.map((p) => p[0]!);
  const lats = positions.map((p) => p[1]!);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

describe('countyOutline', () => {
  it('returns Champaign County with its FIPS code and name', () => {
    const outline = countyOutline(CHAMPAIGN);
    expect(outline.type).toBe('Feature');
    expect(outline.properties).toEqual({ fips: CHAMPAIGN, name: 'Champaign' });
    expect(['Polygon', 'MultiPolygon']).toContain(outline.geometry.type);
  });

  it('covers roughly lon -88.47..-87.93, lat 39.87..40.40', () => {
    const g = countyOutline(CHAMPAIGN).geometry;
    const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
    const [west, south, east, north] = bbox(rings.flat());
    expect(west).toBeCloseTo(-88.47, 1);
    expect(east).toBeCloseTo(-87.93, 1);
    expect(south).toBeCloseTo(39.87, 1);
    expect(north).toBeCloseTo(40.4, 1);
  });

  it('rejects an unknown FIPS code', () => {
    expect(() => countyOutline('99999')).toThrow(/99999/);
  });
});

describe('townsInCounty', () => {
  const names = () => townsInCounty(CHAMPAIGN).map((t) => t.name);

  it('contains the towns of Champaign County', () => {
    expect(names()).toEqual(expect.arrayContaining(['Champaign', 'Urbana', 'Rantoul', 'Mahomet', 'Savoy']));
  });

  it('leaves out towns of neighbouring counties', () => {
    expect(names()).not.toContain('Danville');
    expect(names()).not.toContain('Decatur');
  });

  it('sorts by population, largest first', () => {
    const populations = townsInCounty(CHAMPAIGN).map((t) => t.population);
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
    expect(names()[0]).toBe('Champaign');
  });

  it('gives each town a position inside the outline', () => {
    for (const t of townsInCounty(CHAMPAIGN)) expect(isInCounty(CHAMPAIGN, t.lat, t.lon)).toBe(true);
    const urbana = townInCounty(CHAMPAIGN, 'Urbana');
    expect(urbana.lat).toBeCloseTo(40.11, 1);
    expect(urbana.lon).toBeCloseTo(-88.21, 1);
  });

  it('throws for a town that is not in the county', () => {
    expect(() => townInCounty(CHAMPAIGN, 'Danville')).toThrow(/Danville/);
  });
});
