import type { MultiPolygon, Polygon } from 'geojson';

/** An agency's kind in words (DOMAIN.md §2); an unknown code from a newer server as it is. */
const AGENCY_KIND_LABELS: Record<string, string> = {
  state_agency: 'State agency',
  regional_advisory_committee: 'Regional Advisory Committee',
  psap: '911 centre (PSAP)',
  '988_centre': '988 centre',
  mcrt_provider: 'Mobile crisis (MCRT) provider',
  cares_line: 'CARES line',
  medicaid_mobile_crisis_provider: 'Medicaid mobile crisis provider',
  co_response_programme: 'Co-response programme',
  law_enforcement: 'Law enforcement',
  ems: 'EMS',
  fire: 'Fire',
  crisis_stabilisation_centre: 'Crisis stabilisation centre',
  living_room: 'Living Room',
  ccbhc: 'CCBHC',
  emergency_department: 'Emergency department',
  inpatient_unit: 'Inpatient unit',
  withdrawal_management: 'Withdrawal management',
  followup_provider: 'Follow-up provider',
  outpatient_provider: 'Outpatient provider',
};
export const agencyKindLabel = (kind: string): string => AGENCY_KIND_LABELS[kind] ?? kind;

const DISTRICT_KIND_LABELS: Record<string, string> = { police_district: 'Police district', municipality: 'Municipality', beat: 'Beat' };
export const districtKindLabel = (kind: string): string => DISTRICT_KIND_LABELS[kind] ?? kind;

/** "12 points in 1 polygon, 40.02–40.40°N, 88.46–87.93°W": what an area file holds, read before it is sent. */
export function describeArea(geometry: Polygon | MultiPolygon): string {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const positions = polygons.flat(2);
  if (positions.length === 0) return 'an empty area';
  const lats = positions.map((p) => p[1]!);
  const lons = positions.map((p) => p[0]!);
  const deg = (v: number, pos: string, neg: string) => `${Math.abs(v).toFixed(2)}°${v >= 0 ? pos : neg}`;
  return `${positions.length} points in ${polygons.length} polygon${polygons.length === 1 ? '' : 's'}, ` +
    `${deg(Math.min(...lats), 'N', 'S')} to ${deg(Math.max(...lats), 'N', 'S')}, ${deg(Math.min(...lons), 'E', 'W')} to ${deg(Math.max(...lons), 'E', 'W')}`;
}
