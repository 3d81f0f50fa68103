import { z } from 'zod';
import { RESPONSE_MODELS, ROLES } from '@continuum/domain';
import { ADMIN_LIMITS, Slug } from './admin.ts';
import { Latitude, Longitude } from './common.ts';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';
import { CapabilitiesRequest, ServiceAreaGeometry } from './unit-catalogue.ts';
import { UnitId } from './units.ts';

/**
 * Units as administrators create and change them (issue 16 §1). Crew, shifts, capabilities and
 * the service area as a bare geometry keep their catalogue routes (unit-catalogue.ts); these add
 * what the catalogue could not do: create a unit, change its identity, retire it, and take a
 * service area from a GeoJSON file.
 */
export const UNIT_ADMIN_LIMITS = { composition: 8, partners: 10 } as const;

const Home = z.object({ lat: Latitude, lon: Longitude, label: Text.trim().max(LIMITS.shortText).nullable().default(null) }).strict();

/** POST /api/admin/units: a new unit, off duty until its crew starts a shift. */
export const CreateUnitRequest = z
  .object({
    id: UnitId,
    agencyId: Slug,
    name: Text.trim().min(1).max(LIMITS.shortText),
    model: z.enum(RESPONSE_MODELS),
    /** The roles the unit is designed to carry (its crew on shift says who rides now). */
    composition: z.array(z.enum(ROLES)).min(1).max(UNIT_ADMIN_LIMITS.composition),
    /** Agencies that staff the team besides its owner (a sheriff on a co-response team). */
    partnerAgencyIds: z.array(Slug).max(UNIT_ADMIN_LIMITS.partners).default([]),
    /** Where the team starts from when it has no live position. */
    home: Home,
    capabilities: CapabilitiesRequest.optional(),
    /** A GeoJSON Polygon or MultiPolygon; absent or null: the owning agency's county. */
    serviceArea: ServiceAreaGeometry.nullable().optional(),
  })
  .strict();
export type CreateUnitRequest = z.infer<typeof CreateUnitRequest>;

/** PATCH /api/admin/units/{id}: the fields given are changed, the others kept. */
export const UpdateUnitRequest = z
  .object({
    name: Text.trim().min(1).max(LIMITS.shortText).optional(),
    model: z.enum(RESPONSE_MODELS).optional(),
    /** Moving a unit to another agency needs both agencies within reach. */
    agencyId: Slug.optional(),
    composition: z.array(z.enum(ROLES)).min(1).max(UNIT_ADMIN_LIMITS.composition).optional(),
    partnerAgencyIds: z.array(Slug).max(UNIT_ADMIN_LIMITS.partners).optional(),
    home: Home.optional(),
    capabilities: CapabilitiesRequest.optional(),
  })
  .strict()
  .refine((r) => Object.keys(r).length > 0, { message: 'name at least one field to change', path: [] });
export type UpdateUnitRequest = z.infer<typeof UpdateUnitRequest>;

/** POST /api/admin/units/{id}/retire: why the unit leaves service for good. */
export const RetireUnitRequest = z.object({ reason: Text.trim().min(1).max(LIMITS.reason) }).strict();
export type RetireUnitRequest = z.infer<typeof RetireUnitRequest>;

// GeoJSON as files hold it: a bare geometry, a Feature, or a FeatureCollection of one feature.
// Properties are not read; they are typed loosely only so that a file exported by a GIS passes.
const Properties = z.record(Text.max(LIMITS.shortText), z.unknown()).nullable().optional();
const AreaFeature = z.object({ type: z.literal('Feature'), geometry: ServiceAreaGeometry, properties: Properties, id: z.union([Text.max(ADMIN_LIMITS.id), z.number()]).optional() }).strict();

/** PUT /api/admin/units/{id}/service-area: a service area imported from a GeoJSON file. */
export const ServiceAreaImportRequest = z
  .object({
    // Discriminated by `type`, so a refusal names the deepest field (geojson.geometry.type), not the union.
    geojson: z.discriminatedUnion('type', [
      ...ServiceAreaGeometry.options,
      AreaFeature,
      z.object({ type: z.literal('FeatureCollection'), features: z.array(AreaFeature).length(1, 'a service area file holds exactly one feature') }).strict(),
    ]),
  })
  .strict();
export type ServiceAreaImportRequest = z.infer<typeof ServiceAreaImportRequest>;

export const UnitAdminView = z.object({
  id: z.string(),
  agencyId: z.string(),
  name: z.string(),
  model: z.string(),
  composition: z.array(z.string()),
  partnerAgencyIds: z.array(z.string()),
  home: z.object({ lat: z.number(), lon: z.number(), label: z.string().nullable() }),
  capabilities: z.object({ youth: z.boolean(), languages: z.array(z.string()), naloxone: z.boolean(), canTransport: z.boolean() }),
  serviceArea: z.object({ source: z.enum(['custom', 'county']), geometry: ServiceAreaGeometry.nullable() }),
  retiredAt: z.string().nullable(),
});
export type UnitAdminView = z.infer<typeof UnitAdminView>;
export const UnitAdminList = z.object({ items: z.array(UnitAdminView) });
export type UnitAdminList = z.infer<typeof UnitAdminList>;

/** GET /api/admin/units: the units of one agency (default: every agency within reach). */
export const UnitAdminListQuery = z
  .object({
    agencyId: Slug.optional(),
    /** `true`: retired units too. */
    retired: z.enum(['true', 'false']).default('false'),
  })
  .strict();
