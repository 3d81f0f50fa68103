import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { serviceAreaIssues } from './service-area.ts';

const square: Polygon = { type: 'Polygon', coordinates: [[[-88.5, 40.0], [-88.0, 40.0], [-88.0, 40.4], [-88.5, 40.4], [-88.5, 40.0]]] };

describe('serviceAreaIssues', () => {
  it('accepts a closed polygon, a polygon with a hole and a multipolygon', () => {
    const hole = [[-88.3, 40.1], [-88.2, 40.1], [-88.2, 40.2], [-88.3, 40.1]];
    expect(serviceAreaIssues(square)).toEqual([]);
    expect(serviceAreaIssues({ type: 'Polygon', coordinates: [square.coordinates[0]!, hole] })).toEqual([]);
    expect(serviceAreaIssues({ type: 'MultiPolygon', coordinates: [square.coordinates, square.coordinates] })).toEqual([]);
  });

  it.each([
    ['an open ring', { type: 'Polygon', coordinates: [[[-88.5, 40.0], [-88.0, 40.0], [-88.0, 40.4], [-88.5, 40.4]]] }, 'serviceArea.coordinates.0', 'closed_ring'],
    ['a ring of three positions', { type: 'Polygon', coordinates: [[[-88.5, 40.0], [-88.0, 40.0], [-88.5, 40.0]]] }, 'serviceArea.coordinates.0', 'min_positions'],
    ['latitude out of range', { type: 'Polygon', coordinates: [[[-88.5, 40.0], [-88.0, 95.0], [-88.0, 40.4], [-88.5, 40.0]]] }, 'serviceArea.coordinates.0.1.1', 'lat_range'],
    ['longitude out of range', { type: 'Polygon', coordinates: [[[-188.5, 40.0], [-88.0, 40.0], [-88.0, 40.4], [-188.5, 40.0]]] }, 'serviceArea.coordinates.0.0.0', 'lon_range'],
    ['a polygon without rings', { type: 'Polygon', coordinates: [] }, 'serviceArea.coordinates', 'min_rings'],
    ['an empty multipolygon', { type: 'MultiPolygon', coordinates: [] }, 'serviceArea.coordinates', 'min_polygons'],
    ['an open ring in the second polygon', { type: 'MultiPolygon', coordinates: [square.coordinates, [[[0, 0], [1, 0], [1, 1], [0, 1]]]] }, 'serviceArea.coordinates.1.0', 'closed_ring'],
  ] as [string, Polygon | MultiPolygon, string, string][])('refuses %s, naming the field and rule', (_name, area, field, rule) => {
    expect(serviceAreaIssues(area)).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it('names every problem of a ring but stops at twenty', () => {
    const ring = Array.from({ length: 40 }, (_, i) => [200 + i, 0]);
    expect(serviceAreaIssues({ type: 'Polygon', coordinates: [ring] })).toHaveLength(20);
  });
});
