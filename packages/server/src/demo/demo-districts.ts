import type { DistrictFeature } from '@continuum/contracts';
import type { Polygon, Position } from 'geojson';
import { countyOutline } from '../geo/county.ts';
import { importDistricts } from '../services/admin/districts.ts';
import type { Services } from '../services/context.ts';
import { DEMO_AGENCY_IDS, DEMO_COUNTY_FIPS, DEMO_REGION_ID } from './demo-region.ts';

/**
 * The demo's police districts (issue 14 §1): the Champaign, Urbana and Rantoul police areas and
 * the sheriff's unincorporated county. The city areas are APPROXIMATE rectangles around each
 * city's built-up area, drawn by hand from a map, not the cities' legal boundaries; the sheriff's
 * area is the real county outline (us-atlas) with the three city rectangles cut out as holes.
 * The Champaign and Rantoul police are not demo agencies, so their districts name none.
 * Settings (ADR 0045, our reconstruction): the three city areas urban (Champaign–Urbana and Rantoul
 * are Census 2020 urban areas), the sheriff's unincorporated county rural.
 */
const rectangle = (west: number, south: number, east: number, north: number): Position[] => [
  [west, south], [east, south], [east, north], [west, north], [west, south],
];

const CITY_AREAS = {
  // West of Wright Street (the Champaign-Urbana line), from Mattis Avenue's west side to the interstate ring.
  champaign: rectangle(-88.333, 40.066, -88.2287, 40.162),
  urbana: rectangle(-88.2287, 40.076, -88.155, 40.142),
  rantoul: rectangle(-88.185, 40.287, -88.125, 40.335),
};

/** A hole of a polygon runs clockwise (RFC 7946 §3.1.6); the rectangles above run anticlockwise. */
const reversed = (ring: Position[]): Position[] => [...ring].reverse();

export function buildDemoDistricts(): DistrictFeature[] {
  const outline = countyOutline(DEMO_COUNTY_FIPS).geometry;
  // The county is one polygon; its outer ring is the sheriff area's outer ring.
  const outer = outline.type === 'Polygon' ? outline.coordinates[0]! : outline.coordinates[0]![0]!;
  const county: Polygon = { type: 'Polygon', coordinates: [outer, ...Object.values(CITY_AREAS).map(reversed)] };
  const feature = (id: string, name: string, agencyId: string | null, coordinates: Position[][], setting: 'urban' | 'rural' = 'urban'): DistrictFeature => ({
    type: 'Feature', geometry: { type: 'Polygon', coordinates }, properties: { id, kind: 'police_district', name, agencyId, setting },
  });
  return [
    feature('champaign-pd', 'Champaign Police (approximate city area)', null, [CITY_AREAS.champaign]),
    feature('urbana-pd', 'Urbana Police (approximate city area)', DEMO_AGENCY_IDS.cityPolice, [CITY_AREAS.urbana]),
    feature('rantoul-pd', 'Rantoul Police (approximate village area)', null, [CITY_AREAS.rantoul]),
    { ...feature('champaign-county-sheriff', "Sheriff's Office: unincorporated Champaign County", DEMO_AGENCY_IDS.sheriff, county.coordinates, 'rural') },
  ];
}

/** Imports the demo districts as an administrator would, through the district import (audited as the system). */
export async function seedDemoDistricts(services: Services): Promise<void> {
  await importDistricts(services, 'system', { regionId: DEMO_REGION_ID, dryRun: false, collection: { type: 'FeatureCollection', features: buildDemoDistricts() } });
}
