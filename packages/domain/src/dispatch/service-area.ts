import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { FieldIssue } from '../errors.ts';

/** At most this many problems are reported: a broken upload of thousands of points says enough by then. */
const MAX_ISSUES = 20;

/**
 * The problems of a service area, each naming the position or ring and the rule: positions are
 * [longitude, latitude] in range, every ring has at least four positions and ends where it
 * starts (GeoJSON, RFC 7946 §3.1.6). A ring that is not closed would silently change which
 * incidents a unit may be sent to, so it is refused rather than closed for the caller.
 */
export function serviceAreaIssues(area: Polygon | MultiPolygon, field = 'serviceArea'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const polygons: { rings: Position[][]; at: string }[] =
    area.type === 'Polygon'
      ? [{ rings: area.coordinates, at: `${field}.coordinates` }]
      : area.coordinates.map((rings, p) => ({ rings, at: `${field}.coordinates.${p}` }));
  if (polygons.length === 0) issues.push({ field: `${field}.coordinates`, rule: 'min_polygons', message: 'must hold at least one polygon' });
  for (const { rings, at } of polygons) {
    if (rings.length === 0) issues.push({ field: at, rule: 'min_rings', message: 'a polygon needs an outer ring' });
    rings.forEach((ring, r) => issues.push(...ringIssues(ring, `${at}.${r}`)));
    if (issues.length >= MAX_ISSUES) break;
  }
  return issues.slice(0, MAX_ISSUES);
}

function ringIssues(ring: Position[], at: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  ring.forEach((p, i) => {
    const [lon, lat] = p;
    if (p.length < 2 || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      issues.push({ field: `${at}.${i}`, rule: 'position', message: 'must be [longitude, latitude] numbers' });
      return;
    }
    if (lon! < -180 || lon! > 180) issues.push({ field: `${at}.${i}.0`, rule: 'lon_range', message: 'longitude must be between -180 and 180' });
    if (lat! < -90 || lat! > 90) issues.push({ field: `${at}.${i}.1`, rule: 'lat_range', message: 'latitude must be between -90 and 90' });
  });
  if (ring.length < 4) {
    issues.push({ field: at, rule: 'min_positions', message: 'a ring needs at least four positions (three corners and the closing one)' });
  } else {
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) issues.push({ field: at, rule: 'closed_ring', message: 'a ring must end at the position it starts from' });
  }
  return issues;
}
