import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { CountyFeature, GeoTown, RegionGeography } from '@continuum/contracts';

/*
 * The geometry behind the call-taker's county map: a flat projection, SVG paths, keyboard steps
 * in metres, and where a point falls. A county is small enough that an equirectangular
 * projection with the longitude scaled by cos(latitude) keeps its shape to within a percent,
 * so there is no need for a map library on the intake screen.
 */

/** A point on the map, in degrees. */
export interface LatLon {
  lat: number;
  lon: number;
}

/** Converts between degrees and the SVG's user units. */
export interface Projection {
  width: number;
  height: number;
  toXY(p: LatLon): { x: number; y: number };
  toLatLon(x: number, y: number): LatLon;
}

const METRES_PER_DEGREE = 111_320;

/** Fits the bounding box ([west, south, east, north]) into `width` units wide, with a margin all round. */
export function projectionFor(bbox: readonly [number, number, number, number], width: number, margin: number): Projection {
  const [west, south, east, north] = bbox;
  const kx = Math.cos((((south + north) / 2) * Math.PI) / 180);
  // Units per degree of latitude; a degree of longitude is kx of that.
  const scale = (width - 2 * margin) / Math.max((east - west) * kx, 1e-9);
  const height = Math.round((north - south) * scale + 2 * margin);
  return {
    width,
    height,
    toXY: (p) => ({ x: margin + (p.lon - west) * kx * scale, y: margin + (north - p.lat) * scale }),
    toLatLon: (x, y) => ({ lat: north - (y - margin) / scale, lon: west + (x - margin) / (kx * scale) }),
  };
}

/** An SVG path for a county's outline: one closed subpath per ring, so holes stay holes (evenodd). */
export function outlinePath(feature: CountyFeature, proj: Projection): string {
  const g = feature.geometry;
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  return rings
    .map((ring) => ring.map(([lon, lat], i) => {
      const { x, y } = proj.toXY({ lat, lon });
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
    }).join('') + 'Z')
    .join('');
}

/** The point moved `east` and `north` metres (negative for west and south). */
export function nudge(p: LatLon, east: number, north: number): LatLon {
  const lat = p.lat + north / METRES_PER_DEGREE;
  const lon = p.lon + east / (METRES_PER_DEGREE * Math.cos((p.lat * Math.PI) / 180));
  return { lat: round5(lat), lon: round5(lon) };
}

/** Five decimals: about a metre, finer than anyone can point on a county map. */
export const round5 = (n: number): number => Math.round(n * 1e5) / 1e5;

/** The centre of the bounding box: where the keyboard marker starts before anything is chosen. */
export function centreOf(bbox: readonly [number, number, number, number]): LatLon {
  return { lat: round5((bbox[1] + bbox[3]) / 2), lon: round5((bbox[0] + bbox[2]) / 2) };
}

/** The county the point lies in (boundary included), or null when it is outside every one. */
export function countyAt(geo: RegionGeography, p: LatLon): CountyFeature | null {
  return geo.counties.features.find((f) => booleanPointInPolygon([p.lon, p.lat], f)) ?? null;
}

/** Both coordinates of the form as numbers, or null while either is empty or not a coordinate. */
export function parsePoint(lat: string, lon: string): LatLon | null {
  if (lat.trim() === '' || lon.trim() === '') return null;
  const p = { lat: Number(lat), lon: Number(lon) };
  const valid = Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180;
  return valid ? p : null;
}

const COMPASS = ['north', 'north-east', 'east', 'south-east', 'south', 'south-west', 'west', 'north-west'] as const;

/** Where the point is in words a caller would use: "2.4 km south-west of Rantoul", or "in Urbana". */
export function describePoint(p: LatLon, towns: readonly GeoTown[]): string {
  let best: { town: GeoTown; east: number; north: number; d: number } | null = null;
  for (const town of towns) {
    const north = (p.lat - town.lat) * METRES_PER_DEGREE;
    const east = (p.lon - town.lon) * METRES_PER_DEGREE * Math.cos((town.lat * Math.PI) / 180);
    const d = Math.hypot(east, north);
    if (!best || d < best.d) best = { town, east, north, d };
  }
  if (!best) return '';
  // Within a kilometre of a town's centre is, for a dispatcher, in the town.
  if (best.d < 1000) return `in ${best.town.name}`;
  const bearing = (Math.atan2(best.east, best.north) * 180) / Math.PI;
  const direction = COMPASS[Math.round(((bearing + 360) % 360) / 45) % 8];
  return `${(best.d / 1000).toFixed(1)} km ${direction} of ${best.town.name}`;
}
