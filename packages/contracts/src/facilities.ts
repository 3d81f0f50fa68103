import { z } from 'zod';
import { ARRIVAL_STATUSES, CAPACITY_UNITS, FACILITY_KINDS, FACILITY_SERVICES, WEEKDAYS } from '@continuum/domain';
import { UnitId } from './units.ts';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

/** Limits of the facility endpoints, shared with the console's capacity page. */
export const FACILITY_LIMITS = {
  /** Facilities in one HSDS import: a state's directory, not a nation's. */
  importFacilities: 2000,
  /** Figures of a facility's history shown on its page. */
  history: 20,
} as const;

const Timestamp = z.iso.datetime({ offset: true });
export const FacilityId = Text.min(1).max(100).regex(/^[\w.:-]+$/);
export const FacilityIdParam = z.object({ id: FacilityId }).strict();
export const ArrivalIdParam = z.object({ id: FacilityId, arrivalId: z.uuid() }).strict();

/** GET /api/facilities?kind=living_room,ccbhc */
export const FacilityListQuery = z
  .object({
    kind: Text.max(LIMITS.shortText)
      .optional()
      .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
      .pipe(z.array(z.enum(FACILITY_KINDS))),
  })
  .strict();

/**
 * PUT /api/facilities/{id}/capacity: the free beds or chairs now, and the total when it changed.
 * Only typed here: whole numbers, ≥ 0 and available ≤ total are the domain's rules
 * (capacityUpdateIssues), so the API and the console refuse the same figures the same way.
 */
export const CapacityRequest = z.object({ available: z.number(), total: z.number().nullable().optional() }).strict();
export type CapacityRequest = z.infer<typeof CapacityRequest>;

/** POST /api/facilities/{id}/arrivals: a responding team is bringing someone. */
export const ArrivalRequest = z
  .object({ incidentId: z.uuid().optional(), unitId: UnitId.optional(), expectedAt: Timestamp.optional() })
  .strict();
export type ArrivalRequest = z.infer<typeof ArrivalRequest>;

export const OpeningHoursView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('always') }),
  z.object({ kind: z.literal('weekly'), periods: z.array(z.object({ day: z.enum(WEEKDAYS), opens: z.string(), closes: z.string() })) }),
]);

export const AdmissionCriteriaView = z.object({
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
  voluntaryOnly: z.boolean(),
  acceptsPoliceDropOff: z.boolean(),
  medicalClearanceRequired: z.boolean(),
  intoxicationAccepted: z.boolean(),
  insuranceRequired: z.boolean(),
});

export const ArrivalView = z.object({
  id: z.string(),
  incidentId: z.string().nullable(),
  unitId: z.string().nullable(),
  announcedAt: z.string(),
  expectedAt: z.string().nullable(),
  status: z.enum(ARRIVAL_STATUSES),
  /** Announced longer ago than the hold: it no longer counts against the figure; confirm or cancel it. */
  overdue: z.boolean(),
});
export type ArrivalView = z.infer<typeof ArrivalView>;

/** The live figure as a team plans with it: what was said, how old it is, and who is on the way. */
export const CapacityView = z.object({
  unit: z.enum(CAPACITY_UNITS),
  total: z.number().int().nullable(),
  /** As the facility last reported it. */
  available: z.number().int(),
  reportedAt: z.string().nullable(),
  /** Seconds since the report; null when never reported. */
  ageSeconds: z.number().int().nullable(),
  /** Older than the configured age (or never reported): phone before transport. */
  stale: z.boolean(),
  staleAfterMinutes: z.number().int(),
  pendingArrivals: z.number().int(),
  /** Reported available minus pending arrivals, never below zero (ADR 0012). */
  availableNow: z.number().int(),
  overCommitted: z.boolean(),
});
export type CapacityView = z.infer<typeof CapacityView>;

export const FacilityView = z.object({
  id: z.string(),
  agencyId: z.string(),
  kind: z.enum(FACILITY_KINDS),
  kindLabel: z.string(),
  name: z.string(),
  location: z.object({ lat: z.number(), lon: z.number(), address: z.string() }),
  phone: z.string().nullable(),
  hours: OpeningHoursView,
  /** "24/7" or "10:00-22:00 daily": for the directory's column. */
  hoursText: z.string(),
  openNow: z.boolean(),
  services: z.array(z.enum(FACILITY_SERVICES)),
  criteria: AdmissionCriteriaView,
  capacity: CapacityView,
  /** The arrivals still announced, earliest first. */
  arrivals: z.array(ArrivalView),
  version: z.number().int(),
  /** This reader is of the facility's staff and may report its figure and settle arrivals. */
  mayUpdate: z.boolean(),
});
export type FacilityView = z.infer<typeof FacilityView>;

export const FacilityList = z.object({ items: z.array(FacilityView), staleAfterMinutes: z.number().int() });
export type FacilityList = z.infer<typeof FacilityList>;

/** POST /api/facilities/import.hsds?dryRun=true */
export const HsdsImportQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') }).strict();

/** What an import did, or would do on a dry run, by facility id. */
export const HsdsImportResult = z.object({
  dryRun: z.boolean(),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  unchanged: z.array(z.string()),
});
export type HsdsImportResult = z.infer<typeof HsdsImportResult>;

// The part of an HSDS 3.0 document the import reads. Records are loose: HSDS has many optional
// fields this product ignores, and refusing them would refuse valid directories.
const Id = Text.min(1).max(200);
const Short = Text.max(LIMITS.shortText);
const HsdsAttribute = z.looseObject({ id: Id, value: Short.optional(), taxonomy_term: z.looseObject({ code: Short.optional() }).optional() });
const HsdsPhone = z.looseObject({ id: Id, number: Text.min(1).max(40) });
const HsdsSchedule = z.looseObject({
  id: Id,
  freq: z.enum(['WEEKLY', 'MONTHLY']).optional(),
  byday: Short.optional(),
  opens_at: Short.optional(),
  closes_at: Short.optional(),
});
// The document itself is strict: a top-level field this import does not know is refused with its
// name rather than silently dropped (a directory's contacts or programs would otherwise vanish).
export const HsdsDocument = z.strictObject({
  organizations: z.array(
    z.looseObject({
      id: Id,
      name: Text.min(1).max(200),
      organization_identifiers: z.array(z.looseObject({ id: Id, identifier_type: Short, identifier: Short })).optional(),
    }),
  ),
  services: z.array(
    z.looseObject({
      id: Id,
      organization_id: Id,
      name: Text.min(1).max(200),
      minimum_age: z.number().nullable().optional(),
      maximum_age: z.number().nullable().optional(),
      phones: z.array(HsdsPhone).optional(),
      schedules: z.array(HsdsSchedule).optional(),
      attributes: z.array(HsdsAttribute).optional(),
    }),
  ).max(FACILITY_LIMITS.importFacilities),
  locations: z.array(
    z.looseObject({
      id: Id,
      name: Text.max(200).optional(),
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      external_identifier: Short.optional(),
      external_identifier_type: Short.optional(),
      addresses: z.array(z.looseObject({ address_1: Text.max(LIMITS.address), city: Short, state_province: Short, postal_code: Short })).optional(),
    }),
  ),
  service_at_locations: z.array(z.looseObject({ id: Id, service_id: Id, location_id: Id })),
});
export type HsdsDocument = z.infer<typeof HsdsDocument>;
