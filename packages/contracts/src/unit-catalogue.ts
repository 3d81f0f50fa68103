import { z } from 'zod';
import { CREDENTIAL_STATUSES, CREW_ROLES, PEER_CREDENTIALS } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { UnitId, UnitView } from './units.ts';
import { Text } from './text.ts';

/** Limits of the unit catalogue endpoints, shared with the console's forms. */
export const UNIT_CATALOGUE_LIMITS = {
  crewSize: 12,
  languages: 20,
  /** Positions over every ring of a service area; a county outline at 1:10m has a few hundred. */
  serviceAreaPositions: 5000,
  upcomingShifts: 50,
} as const;

const Timestamp = z.iso.datetime({ offset: true });
/** A calendar day; that it exists (no 30 February) and is not in the future is the domain's rule. */
const CalendarDate = Text.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a calendar date, YYYY-MM-DD');

export const ShiftIdParam = z.object({ id: UnitId, shiftId: Text.min(1).max(100) }).strict();

/** One member of a crew as a dispatcher enters it. */
export const CrewMemberInput = z
  .object({
    name: Text.trim().min(1).max(LIMITS.shortText),
    /** The member's user account, so that their field view shows the unit they ride. */
    userId: Text.min(1).max(100).nullable().default(null),
    role: z.enum(CREW_ROLES),
    hiredOn: CalendarDate.nullable().default(null),
    /** CRSS or CPRS and the day it was earned. */
    credential: z.object({ kind: z.enum(PEER_CREDENTIALS), earnedOn: CalendarDate }).strict().nullable().default(null),
  })
  .strict();

/** PUT /api/units/{id}/crew: the members on shift, replacing the roster whole. */
export const CrewRequest = z.object({ members: z.array(CrewMemberInput).max(UNIT_CATALOGUE_LIMITS.crewSize) }).strict();
export type CrewRequest = z.infer<typeof CrewRequest>;

/** A BCP 47 tag as people write them (`en`, `es-MX`, `zh-Hant`); not checked against the registry. */
const LanguageTag = Text.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en or es-MX');

/** PUT /api/units/{id}/capabilities: what the team carries or can do. */
export const CapabilitiesRequest = z
  .object({
    youth: z.boolean(),
    languages: z.array(LanguageTag).max(UNIT_CATALOGUE_LIMITS.languages),
    naloxone: z.boolean(),
    canTransport: z.boolean(),
  })
  .strict();
export type CapabilitiesRequest = z.infer<typeof CapabilitiesRequest>;

// Ranges and closed rings are the domain's rules (serviceAreaIssues), named there by field.
const Position = z.array(z.number()).min(2).max(3);
const Ring = z.array(Position);
export const ServiceAreaGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring) }).strict(),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring)) }).strict(),
]);
export type ServiceAreaGeometry = z.infer<typeof ServiceAreaGeometry>;

/** PUT /api/units/{id}/service-area: a GeoJSON polygon, or null for the owning agency's county. */
export const ServiceAreaRequest = z.object({ serviceArea: ServiceAreaGeometry.nullable() }).strict();
export type ServiceAreaRequest = z.infer<typeof ServiceAreaRequest>;

/** POST /api/units/{id}/shifts: one scheduled shift. */
export const ShiftRequest = z.object({ startsAt: Timestamp, endsAt: Timestamp }).strict();
export type ShiftRequest = z.infer<typeof ShiftRequest>;

export const ShiftView = z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string() });
export type ShiftView = z.infer<typeof ShiftView>;

export const CrewMemberView = z.object({
  name: z.string(),
  userId: z.string().nullable(),
  role: z.enum(CREW_ROLES),
  hiredOn: z.string().nullable(),
  credential: z.object({ kind: z.enum(PEER_CREDENTIALS), earnedOn: z.string() }).nullable(),
  /** An officer holding a current CIT course, from the training records (issue 12 §6); false for other roles. */
  citTrained: z.boolean(),
  /** The one-year CRSS/CPRS rule today: deadline, days left (negative: past) and a warning. */
  credentialStatus: z.object({
    status: z.enum(CREDENTIAL_STATUSES),
    deadline: z.string().nullable(),
    daysLeft: z.number().int().nullable(),
    warning: z.string().nullable(),
    /** For officers, whether a current CIT course is on record; null for other roles. */
    citTrained: z.boolean().nullable(),
  }),
});
export type CrewMemberView = z.infer<typeof CrewMemberView>;

export const UnitDetail = UnitView.pick({ id: true, agencyId: true, name: true, model: true, status: true, version: true }).extend({
  /** The roles on board now: the crew on shift, or the designed composition when none is. */
  composition: z.array(z.string()),
  designedComposition: z.array(z.string()),
  /** The roster; `onShift` says whether a shift is running, which puts it on board. */
  crew: z.array(CrewMemberView),
  onShift: z.boolean(),
  currentShift: ShiftView.nullable(),
  /** The credential warnings of the crew, in words, for the top of the unit's page. */
  warnings: z.array(z.string()),
  capabilities: z.object({ youth: z.boolean(), languages: z.array(z.string()), naloxone: z.boolean(), canTransport: z.boolean() }),
  serviceArea: z.object({ source: z.enum(['custom', 'county', 'none']), geometry: ServiceAreaGeometry.nullable() }),
  /** The running and upcoming shifts, earliest first. */
  shifts: z.array(ShiftView),
  /** What this reader may change here: the console shows only these forms. */
  mayEditCrew: z.boolean(),
  mayManage: z.boolean(),
});
export type UnitDetail = z.infer<typeof UnitDetail>;
