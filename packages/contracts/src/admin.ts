import { z } from 'zod';
import { AGENCY_KINDS, MAXIMUM_LEVELS, MAXIMUM_MINUTES } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { Latitude, Longitude } from './common.ts';
import { Text } from './text.ts';

/**
 * Administration of a region's organisation (issue 16 §1): regions and agencies. Units are in
 * admin-units.ts, police districts in admin-districts.ts. Ids are readable slugs (`il-ems-6`,
 * `champaign-911`) as the demo's are: administrators type them on the command line.
 */
export const ADMIN_LIMITS = {
  id: 100,
  emergencyTypes: 50,
  email: 254,
} as const;

export const Slug = Text.min(1).max(ADMIN_LIMITS.id).regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, . _ - (a slug such as champaign-911)');
export const RegionIdParam = z.object({ regionId: Slug }).strict();
export const AgencyIdParam = z.object({ agencyId: Slug }).strict();

const Minutes = z.number().int().min(MAXIMUM_MINUTES.min).max(MAXIMUM_MINUTES.max);

/** The RAC's maxima: a default, rows by risk level (1-4) and by emergency type (the protocol's names). */
export const RegionMaxima = z
  .object({
    default: Minutes.nullable(),
    byLevel: z.partialRecord(z.enum(MAXIMUM_LEVELS), Minutes),
    byEmergencyType: z.record(Text.regex(/^[a-z][a-z0-9_]*$/, 'an emergency type is lower-case letters, digits and _').max(LIMITS.shortText), Minutes),
  })
  .strict()
  .refine((m) => Object.keys(m.byEmergencyType).length <= ADMIN_LIMITS.emergencyTypes, { message: `at most ${ADMIN_LIMITS.emergencyTypes} emergency types`, path: ['byEmergencyType'] });
export type RegionMaxima = z.infer<typeof RegionMaxima>;

/** A region as its administrators see it, with what the reader may change. */
export const RegionAdminView = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  timeZone: z.string(),
  maxResponseMinutes: z.object({ default: z.number().nullable(), byLevel: z.record(z.string(), z.number()), byEmergencyType: z.record(z.string(), z.number()) }),
  followupProviderId: z.string().nullable(),
  backup988CentreId: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  /** Whether the reader may change it: a regional administration grant for it (ADR 0025). */
  mayChange: z.boolean(),
});
export type RegionAdminView = z.infer<typeof RegionAdminView>;
export const RegionAdminList = z.object({ items: z.array(RegionAdminView) });
export type RegionAdminList = z.infer<typeof RegionAdminList>;

/** PATCH /api/admin/regions/{regionId}: the fields given are changed, the others kept. */
export const UpdateRegionRequest = z
  .object({
    name: Text.trim().min(1).max(LIMITS.shortText).optional(),
    /** An IANA time zone (America/Chicago): reporting months and the day's boundaries follow it. */
    timeZone: Text.min(1).max(64).optional(),
    maxResponseMinutes: RegionMaxima.optional(),
    /** The agency that follows people up after a crisis in this region; null: none named. */
    followupProviderId: Slug.nullable().optional(),
    /** The 988 centre that takes this region's overflow (it may be in another region); null: none. */
    backup988CentreId: Slug.nullable().optional(),
    /** The version the change was made against: a stale one answers 409. */
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((r) => Object.keys(r).some((k) => k !== 'expectedVersion'), { message: 'name at least one field to change', path: [] });
export type UpdateRegionRequest = z.infer<typeof UpdateRegionRequest>;

/** How to reach an agency; every part optional. */
export const AgencyContact = z
  .object({
    name: Text.trim().min(1).max(LIMITS.shortText).optional(),
    phone: Text.trim().min(3).max(LIMITS.phone).regex(/^[+()0-9 .-]+$/, 'must be a phone number: digits, spaces, + ( ) . -').optional(),
    email: Text.trim().max(ADMIN_LIMITS.email).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address').optional(),
    address: Text.trim().min(1).max(LIMITS.address).optional(),
  })
  .strict();
export type AgencyContact = z.infer<typeof AgencyContact>;

const AgencyLocation = z.object({ lat: Latitude, lon: Longitude }).strict();
const CountyFips = Text.regex(/^\d{5}$/, 'must be a five-digit county FIPS code such as 17019');

/** POST /api/admin/agencies: a new agency in a region. */
export const CreateAgencyRequest = z
  .object({
    id: Slug,
    regionId: Slug,
    kind: z.enum(AGENCY_KINDS),
    name: Text.trim().min(1).max(LIMITS.shortText),
    countyFips: CountyFips.nullable().default(null),
    location: AgencyLocation.nullable().default(null),
    contact: AgencyContact.default({}),
  })
  .strict();
export type CreateAgencyRequest = z.infer<typeof CreateAgencyRequest>;

/** PATCH /api/admin/agencies/{agencyId}: the fields given are changed, the others kept. */
export const UpdateAgencyRequest = z
  .object({
    regionId: Slug.optional(),
    kind: z.enum(AGENCY_KINDS).optional(),
    name: Text.trim().min(1).max(LIMITS.shortText).optional(),
    countyFips: CountyFips.nullable().optional(),
    location: AgencyLocation.nullable().optional(),
    /** Replaces the contact whole. */
    contact: AgencyContact.optional(),
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((r) => Object.keys(r).some((k) => k !== 'expectedVersion'), { message: 'name at least one field to change', path: [] });
export type UpdateAgencyRequest = z.infer<typeof UpdateAgencyRequest>;

export const AgencyAdminView = z.object({
  id: z.string(),
  regionId: z.string(),
  kind: z.enum(AGENCY_KINDS),
  name: z.string(),
  countyFips: z.string().nullable(),
  location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  contact: z.object({ name: z.string().optional(), phone: z.string().optional(), email: z.string().optional(), address: z.string().optional() }),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  /** Whether the reader may change it: their own agency, or one a regional grant covers. */
  mayChange: z.boolean(),
});
export type AgencyAdminView = z.infer<typeof AgencyAdminView>;
export const AgencyAdminList = z.object({ items: z.array(AgencyAdminView) });
export type AgencyAdminList = z.infer<typeof AgencyAdminList>;

/** GET /api/admin/agencies: the agencies of one region (default: every region within reach). */
export const AgencyListQuery = z.object({ regionId: Slug.optional() }).strict();
