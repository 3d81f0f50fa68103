import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { FieldIssue } from '../errors.ts';
import { serviceAreaIssues } from '../dispatch/service-area.ts';

/**
 * Police districts, municipalities and beats (issue 14 §1): the areas the RAC's monthly report
 * counts by. An incident is placed in one of them from its location.
 */
export const DISTRICT_KINDS = ['police_district', 'municipality', 'beat'] as const;
export type DistrictKind = (typeof DISTRICT_KINDS)[number];

/**
 * Whether a district is urban or rural (issue 14 §2: the RAC report's equity by rural or urban;
 * ADR 0045). The administrator's import says so per district (`properties.setting`); nothing is
 * derived from a census layer here. Absent: not said, and the district's calls count as unknown.
 */
export const DISTRICT_SETTINGS = ['urban', 'rural'] as const;
export type DistrictSetting = (typeof DISTRICT_SETTINGS)[number];

/**
 * Which kind an incident is placed in when areas of several kinds hold it: CESSA asks for reports
 * "by police district where practical", so a police district first; a municipality where no
 * district is drawn; a beat last (beats subdivide districts and are too small to publish).
 */
const PLACEMENT_ORDER: readonly DistrictKind[] = ['police_district', 'municipality', 'beat'];

export interface DistrictArea {
  id: string;
  kind: DistrictKind;
  geometry: Polygon | MultiPolygon;
}

export interface BoundingBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** The box around a geometry, stored beside it so a point's candidates are found by index. */
export function boundingBoxOf(geometry: Polygon | MultiPolygon): BoundingBox {
  const positions: Position[] = geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
  const lons = positions.map((p) => p[0]!);
  const lats = positions.map((p) => p[1]!);
  return { minLon: Math.min(...lons), minLat: Math.min(...lats), maxLon: Math.max(...lons), maxLat: Math.max(...lats) };
}

const boxArea = (b: BoundingBox) => (b.maxLon - b.minLon) * (b.maxLat - b.minLat);

/**
 * The one district a point lies in: of the areas holding it, the first kind in PLACEMENT_ORDER,
 * and among overlapping areas of that kind the smallest (the more specific drawing), then the
 * lowest id so the answer never depends on the order the rows were read in. Null: in none.
 */
export function districtOf(point: { lat: number; lon: number }, areas: readonly DistrictArea[]): string | null {
  const holding = areas.filter((a) => booleanPointInPolygon([point.lon, point.lat], a.geometry));
  if (holding.length === 0) return null;
  const rank = (a: DistrictArea) => PLACEMENT_ORDER.indexOf(a.kind);
  holding.sort((a, b) => rank(a) - rank(b) || boxArea(boundingBoxOf(a.geometry)) - boxArea(boundingBoxOf(b.geometry)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return holding[0]!.id;
}

/** One district as an import file gives it, after the contract's shape check. */
export interface DistrictFeature {
  id: string;
  kind: string;
  name: string;
  agencyId: string | null;
  geometry: Polygon | MultiPolygon;
}

/**
 * The problems of a district import, each named `features.<index>.<field>` with the rule: kinds
 * from the list, ids unique within the file, rings closed and in range (the service area's
 * rules), and at most `maxPositions` positions in one geometry.
 */
export function districtImportIssues(features: readonly DistrictFeature[], maxPositions: number): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  features.forEach((f, i) => {
    const at = `features.${i}`;
    if (!(DISTRICT_KINDS as readonly string[]).includes(f.kind)) {
      issues.push({ field: `${at}.properties.kind`, rule: 'district_kind', message: `must be one of ${DISTRICT_KINDS.join(', ')}` });
    }
    const first = seen.get(f.id);
    if (first !== undefined) issues.push({ field: `${at}.properties.id`, rule: 'unique', message: `the id "${f.id}" is also feature ${first}'s` });
    else seen.set(f.id, i);
    const positions = (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat()).reduce((n, ring) => n + ring.length, 0);
    if (positions > maxPositions) issues.push({ field: `${at}.geometry.coordinates`, rule: 'max_positions', message: `at most ${maxPositions} positions` });
    else issues.push(...serviceAreaIssues(f.geometry, `${at}.geometry`));
  });
  return issues;
}
