import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { GeoPoint } from '../incident/types.ts';
import type { DispatchUnit } from './recommend-types.ts';

type Area = Polygon | MultiPolygon;

/** One distinct service area and the units that share it. */
export interface AreaEntry {
  geometry: Area;
  /** [west, south, east, north]: most areas are rejected on this alone. */
  bbox: [number, number, number, number];
  members: number[];
}

/**
 * A snapshot of units indexed for one round of recommendations: built once (O(n log n)), then
 * queried per incident. Units are addressed by their position in `units`.
 */
export interface UnitIndex {
  readonly units: readonly DispatchUnit[];
  /** Where each unit would start from: its live fix, else its home base; NaN when neither. */
  readonly originLon: Float64Array;
  readonly originLat: Float64Array;
  /** Whether the origin is a live fix rather than the home base. */
  readonly live: Uint8Array;
  /** A kd-tree over the units that have an origin; `treeUnit[k]` is the unit of tree item k. */
  readonly tree: KDBush | null;
  readonly treeUnit: Uint32Array;
  readonly areas: readonly AreaEntry[];
}

function bboxOf(area: Area): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const rings: Position[][] = area.type === 'Polygon' ? area.coordinates : area.coordinates.flat();
  for (const ring of rings) {
    for (const [lon, lat] of ring) {
      if (lon! < box[0]) box[0] = lon!;
      if (lat! < box[1]) box[1] = lat!;
      if (lon! > box[2]) box[2] = lon!;
      if (lat! > box[3]) box[3] = lat!;
    }
  }
  return box;
}

/**
 * Indexes a snapshot of units. Service areas are grouped by object identity, so units that share
 * one polygon (the usual case: the county) cost one point-in-polygon test per incident.
 */
export function indexUnits(units: readonly DispatchUnit[]): UnitIndex {
  const n = units.length;
  const originLon = new Float64Array(n).fill(Number.NaN);
  const originLat = new Float64Array(n).fill(Number.NaN);
  const live = new Uint8Array(n);
  const areaIds = new Map<Area, number>();
  const areas: AreaEntry[] = [];
  let located = 0;
  for (let i = 0; i < n; i++) {
    const u = units[i]!;
    const origin = u.position ?? u.home;
    if (origin && Number.isFinite(origin.lat) && Number.isFinite(origin.lon)) {
      originLon[i] = origin.lon;
      originLat[i] = origin.lat;
      live[i] = u.position ? 1 : 0;
      located++;
    }
    let a = areaIds.get(u.serviceArea);
    if (a === undefined) {
      a = areas.push({ geometry: u.serviceArea, bbox: bboxOf(u.serviceArea), members: [] }) - 1;
      areaIds.set(u.serviceArea, a);
    }
    areas[a]!.members.push(i);
  }
  const treeUnit = new Uint32Array(located);
  let tree: KDBush | null = null;
  if (located > 0) {
    tree = new KDBush(located);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(originLon[i]!)) continue;
      treeUnit[tree.add(originLon[i]!, originLat[i]!)] = i;
    }
    tree.finish();
  }
  return { units, originLon, originLat, live, tree, treeUnit, areas };
}

/** Whether a value is an index rather than a plain list of units. */
export const isUnitIndex = (value: readonly DispatchUnit[] | UnitIndex): value is UnitIndex => !Array.isArray(value);

/** The units whose service area contains the point (boundary included), in index order. */
export function unitsCovering(index: UnitIndex, point: GeoPoint): number[] {
  return membersOf(areasCovering(index, point));
}

/** The service areas (shared by their units) that contain the point. */
export function areasCovering(index: UnitIndex, point: GeoPoint): AreaEntry[] {
  const found: AreaEntry[] = [];
  for (const area of index.areas) {
    const [w, s, e, n] = area.bbox;
    if (point.lon < w || point.lon > e || point.lat < s || point.lat > n) continue;
    if (booleanPointInPolygon([point.lon, point.lat], area.geometry)) found.push(area);
  }
  return found;
}

/** The units of the given areas, in index order. */
export function membersOf(areas: readonly AreaEntry[]): number[] {
  if (areas.length === 1) return [...areas[0]!.members];
  const found: number[] = [];
  for (const area of areas) found.push(...area.members);
  return found.sort((a, b) => a - b);
}

/** Up to `count` located units nearest the point by great circle, nearest first, that pass `accept`. */
export function nearestUnits(index: UnitIndex, point: GeoPoint, count: number, accept?: (unit: number) => boolean): number[] {
  if (!index.tree || count <= 0) return [];
  const { treeUnit } = index;
  const items = around(index.tree, point.lon, point.lat, count, Infinity, accept ? (k) => accept(treeUnit[k]!) : undefined);
  return items.map((k) => treeUnit[k]!);
}
