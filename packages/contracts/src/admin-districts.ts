import { z } from 'zod';
import { DISTRICT_KINDS, DISTRICT_SETTINGS } from '@continuum/domain';
import { ADMIN_LIMITS, Slug } from './admin.ts';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';
import { ServiceAreaGeometry } from './unit-catalogue.ts';

/**
 * Police districts, municipalities and beats as data (issue 14 §1), imported from a GeoJSON
 * FeatureCollection. The shape is checked here; the rules (kinds, unique ids, closed rings in
 * range, size) are the domain's districtImportIssues, each named `features.<index>.…`.
 */
export const DISTRICT_LIMITS = {
  features: 500,
  /** Positions in one district's geometry. */
  positions: 20_000,
  /** An import's body: a county's districts drawn at street level run to a megabyte or two. */
  bodyBytes: 4 * 1024 * 1024,
} as const;

export const DistrictIdParam = z.object({ districtId: Slug }).strict();

export const DistrictFeature = z
  .object({
    type: z.literal('Feature'),
    /** A GIS's own feature id; ignored (the district's id is `properties.id`). */
    id: z.union([Text.max(ADMIN_LIMITS.id), z.number()]).optional(),
    geometry: ServiceAreaGeometry,
    properties: z
      .object({
        id: Slug,
        // The kind's rule is the domain's, so that an unknown kind is named with the feature's index.
        kind: Text.max(40),
        name: Text.trim().min(1).max(LIMITS.shortText),
        agencyId: Slug.nullable().default(null),
        /** Urban or rural, for the RAC report's equity table (ADR 0045); absent or null: not said. */
        setting: z.enum(DISTRICT_SETTINGS).nullable().optional(),
      })
      .strict(),
  })
  .strict();
export type DistrictFeature = z.infer<typeof DistrictFeature>;

/** POST /api/admin/districts/import */
export const DistrictImportRequest = z
  .object({
    regionId: Slug,
    /** true: check and say what would change, change nothing. */
    dryRun: z.boolean().default(false),
    collection: z.object({ type: z.literal('FeatureCollection'), features: z.array(DistrictFeature).min(1).max(DISTRICT_LIMITS.features) }).strict(),
  })
  .strict();
export type DistrictImportRequest = z.infer<typeof DistrictImportRequest>;

export const DistrictImportResult = z.object({
  dryRun: z.boolean(),
  regionId: z.string(),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  unchanged: z.array(z.string()),
  /** Incidents placed in another district (or none) by the import; 0 on a dry run. */
  incidentsPlaced: z.number().int(),
});
export type DistrictImportResult = z.infer<typeof DistrictImportResult>;

export const DistrictView = z.object({
  id: z.string(),
  regionId: z.string(),
  agencyId: z.string().nullable(),
  kind: z.enum(DISTRICT_KINDS),
  name: z.string(),
  setting: z.enum(DISTRICT_SETTINGS).nullable(),
  geometry: ServiceAreaGeometry,
  updatedAt: z.string(),
});
export type DistrictView = z.infer<typeof DistrictView>;
export const DistrictList = z.object({ items: z.array(DistrictView) });
export type DistrictList = z.infer<typeof DistrictList>;

/** GET /api/admin/districts */
export const DistrictListQuery = z.object({ regionId: Slug.optional() }).strict();

/** DELETE /api/admin/districts/{districtId}: what removing it did. */
export const DistrictRemoved = z.object({ id: z.string(), incidentsPlaced: z.number().int() });
export type DistrictRemoved = z.infer<typeof DistrictRemoved>;
