import type { Polygon } from 'geojson';
import type { TravelEstimate, TravelTimeEstimator } from './travel.ts';
import type { DispatchUnit, IncidentForDispatch, RecommendContext } from './recommend-types.ts';

/** Builders for the recommendation's tests; not exported from the package. */

/** An axis-aligned box as a GeoJSON polygon: [west, south, east, north]. */
export function box(w: number, s: number, e: number, n: number): Polygon {
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
}

/** Roughly Champaign County. */
export const CHAMPAIGN = box(-88.47, 39.88, -87.93, 40.4);
/** Roughly Vermilion County, east of Champaign. */
export const VERMILION = box(-87.93, 39.88, -87.5, 40.4);

export const NOW = new Date('2026-03-01T12:00:00Z');

/** An MCRT team in Champaign County, available, with a fresh fix in Urbana. */
export function buildUnit(overrides: Partial<DispatchUnit> = {}): DispatchUnit {
  return {
    id: 'mcrt-1',
    name: 'Mobile Crisis 1',
    agencyId: 'champaign-mcrt',
    model: 'program_590_mcrt',
    composition: ['mcrt_clinician', 'engagement_specialist'],
    capabilities: { youth: false, languages: ['en'], naloxone: true, canTransport: false },
    serviceArea: CHAMPAIGN,
    status: 'available',
    position: { lat: 40.11, lon: -88.21, at: new Date(NOW.getTime() - 30_000) },
    home: { lat: 40.116, lon: -88.243, label: 'Champaign' },
    ...overrides,
  };
}

/** A level-3 call in Champaign answered by an MCRT. */
export function buildIncident(overrides: Partial<IncidentForDispatch> = {}): IncidentForDispatch {
  return {
    location: { lat: 40.1164, lon: -88.2434 },
    responsePlan: { responseType: 'mcrt', responders: ['mcrt_clinician', 'engagement_specialist'], maxResponseMinutes: { default: 30 } },
    ...overrides,
  };
}

/** Straight line at 60 km/h, detour 1: minutes equal kilometres, which keeps the tests readable. */
export const kmAsMinutes: TravelTimeEstimator = {
  estimateMany: (from, to) =>
    Promise.resolve(
      from.map((f): TravelEstimate => {
        const km = Math.hypot((f.lat - to.lat) * 111.2, (f.lon - to.lon) * 111.2 * Math.cos((to.lat * Math.PI) / 180));
        return { minutes: km, distanceKm: km, source: 'great_circle' };
      }),
    ),
};

export function buildContext(overrides: Partial<RecommendContext> = {}): RecommendContext {
  return { now: NOW, travel: kmAsMinutes, staleAfterSeconds: 120, regionalMaxMinutes: 60, limit: 5, ...overrides };
}
