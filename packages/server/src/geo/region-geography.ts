import type { CountyFeature, CountyGeometry, GeoAgency, GeoPosition, GeoTown, RegionGeography } from '@continuum/contracts';
import type { Position } from 'geojson';
import { countyOutline, townsInCounty } from './county.ts';

/** The fields of an agency that a map needs. */
export interface LocatedAgency {
  id: string;
  name: string;
  kind: string;
  countyFips: string | null;
  lat: number | null;
  lon: number | null;
}

// Five decimals is about a metre: finer than the 1:10m source and a third of the bytes.
const round5 = (n: number): number => Math.round(n * 1e5) / 1e5;

/** Rounds a ring's positions and drops the repeats rounding makes; a ring stays closed. */
function simplifyRing(ring: Position[]): GeoPosition[] {
  const out: GeoPosition[] = [];
  for (const p of ring) {
    const q: GeoPosition = [round5(p[0]!), round5(p[1]!)];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out;
}

// A ring needs four positions (three corners and the closing one) to enclose anything.
const simplifyRings = (rings: Position[][]): GeoPosition[][] => rings.map(simplifyRing).filter((r) => r.length >= 4);

/** The county outline with coordinates rounded to about a metre. */
export function simplifiedCounty(fips: string): CountyFeature {
  const outline = countyOutline(fips);
  const g = outline.geometry;
  const geometry: CountyGeometry =
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: simplifyRings(g.coordinates) }
      : { type: 'MultiPolygon', coordinates: g.coordinates.map(simplifyRings).filter((p) => p.length > 0) };
  return { type: 'Feature', id: fips, properties: { fips, name: outline.properties.name }, geometry };
}

/** [west, south, east, north] over every position of the features, or null when there are none. */
export function bboxOf(features: readonly CountyFeature[]): [number, number, number, number] | null {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) {
    const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
    for (const [lon, lat] of rings.flat()) {
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  return Number.isFinite(west) ? [west, south, east, north] : null;
}

/**
 * A region's geography from its agencies: the counties they sit in, those counties' towns, and
 * the agencies that have a position. A county the reference data cannot resolve is reported
 * through `skip` and left out, so one bad record does not take the map away from everyone.
 */
export function buildRegionGeography(
  regionId: string,
  agencies: readonly LocatedAgency[],
  skip: (fips: string, error: Error) => void = () => {},
): RegionGeography {
  const fipsCodes = [...new Set(agencies.map((a) => a.countyFips).filter((f): f is string => f !== null))].sort();
  const features: CountyFeature[] = [];
  const towns: GeoTown[] = [];
  for (const fips of fipsCodes) {
    try {
      const feature = simplifiedCounty(fips);
      const inCounty = townsInCounty(fips).map((t) => ({ name: t.name, lat: t.lat, lon: t.lon, population: t.population, countyFips: fips }));
      features.push(feature);
      towns.push(...inCounty);
    } catch (error) {
      skip(fips, error as Error);
    }
  }
  towns.sort((a, b) => b.population - a.population || a.name.localeCompare(b.name));
  const located: GeoAgency[] = agencies
    .filter((a): a is LocatedAgency & { lat: number; lon: number } => a.lat !== null && a.lon !== null)
    .map((a) => ({ id: a.id, name: a.name, kind: a.kind, lat: a.lat, lon: a.lon }));
  return { regionId, counties: { type: 'FeatureCollection', features }, bbox: bboxOf(features), towns, agencies: located };
}
