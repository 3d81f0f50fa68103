import { z } from 'zod';
import { AGENCY_KINDS, CREW_ROLES, PEER_CREDENTIALS, RESPONSE_MODELS, ROLES } from '@continuum/domain';
import { AgencyContact } from './admin.ts';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';
import { UNIT_CATALOGUE_LIMITS } from './unit-catalogue.ts';

/*
 * Onboarding a county from files (issue 16 §2, ADR 0026). Each kind of file is a list of rows;
 * a CSV file's header names the same fields as a JSON file's keys. In CSV, a list is written with
 * `;` between its items (`en;es`), a yes/no as `true`/`false`, and an empty cell is "none". Every
 * row is keyed by a stable identifier, so importing the same file twice changes nothing.
 */

export const ONBOARDING_KINDS = ['agencies', 'units', 'crews', 'shifts', 'facilities', 'users'] as const;
export type OnboardingKind = (typeof ONBOARDING_KINDS)[number];

/** The separator of a list in one CSV cell. */
export const LIST_SEPARATOR = ';';

/** The most rows one file may hold: a county's staff, units and a month of shifts fit. */
export const ONBOARDING_MAX_ROWS = 5000;

/** An identifier an administrator chooses: an agency code, a unit call sign. */
const Code = Text.trim().min(1).max(100).regex(/^[\w.:-]+$/, 'letters, digits and . _ : - only');
const Name = Text.trim().min(1).max(LIMITS.shortText);
const CalendarDate = Text.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a calendar date, YYYY-MM-DD');
const Latitude = z.number().min(-90).max(90);
const Longitude = z.number().min(-180).max(180);
const LanguageTag = Text.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en or es-MX');


/** agencies.csv: one agency of the importer's region per row, keyed by `id` (the agency code). */
export const AgencyRow = z
  .object({
    id: Code,
    name: Name,
    kind: z.enum(AGENCY_KINDS),
    /** The county's 5-digit FIPS code: units without a drawn service area serve this county. */
    countyFips: Text.regex(/^\d{5}$/, 'must be a 5-digit county FIPS code').nullable().default(null),
    lat: Latitude.nullable().default(null),
    lon: Longitude.nullable().default(null),
    /** How to reach it: the contact of the administration's agency form, one column each. */
    contactName: AgencyContact.shape.name.unwrap().nullable().default(null),
    contactPhone: AgencyContact.shape.phone.unwrap().nullable().default(null),
    contactEmail: AgencyContact.shape.email.unwrap().nullable().default(null),
    contactAddress: AgencyContact.shape.address.unwrap().nullable().default(null),
  })
  .strict();
export type AgencyRow = z.infer<typeof AgencyRow>;

/** units.csv: one response unit per row, keyed by `id` (its call sign). */
export const UnitRow = z
  .object({
    id: Code,
    agency: Code,
    name: Name,
    model: z.enum(RESPONSE_MODELS),
    /** The roles the unit is designed to carry, e.g. `mcrt_clinician;engagement_specialist`. */
    composition: z.array(z.enum(CREW_ROLES)).min(1).max(UNIT_CATALOGUE_LIMITS.crewSize),
    /** Agencies that staff it with the owner (co-response). */
    partners: z.array(Code).max(10).default([]),
    homeLat: Latitude,
    homeLon: Longitude,
    homeLabel: Text.trim().max(LIMITS.shortText).nullable().default(null),
    youth: z.boolean().default(false),
    naloxone: z.boolean().default(false),
    canTransport: z.boolean().default(false),
    languages: z.array(LanguageTag).max(UNIT_CATALOGUE_LIMITS.languages).default([]),
  })
  .strict();
export type UnitRow = z.infer<typeof UnitRow>;

/** crews.csv: one crew member per row; a unit's rows, in file order, are its whole roster. */
export const CrewRow = z
  .object({
    unit: Code,
    name: Name,
    role: z.enum(CREW_ROLES),
    /** The member's account, by user name, so their field view shows the unit. */
    username: Text.trim().min(1).max(LIMITS.username).nullable().default(null),
    hiredOn: CalendarDate.nullable().default(null),
    credential: z.enum(PEER_CREDENTIALS).nullable().default(null),
    credentialEarnedOn: CalendarDate.nullable().default(null),
  })
  .strict();
export type CrewRow = z.infer<typeof CrewRow>;

const Timestamp = Text.pipe(z.iso.datetime({ offset: true }));

/** shifts.csv: one scheduled shift per row, keyed by unit and start. */
export const ShiftRow = z.object({ unit: Code, startsAt: Timestamp, endsAt: Timestamp }).strict();
export type ShiftRow = z.infer<typeof ShiftRow>;

/** A membership in one cell: `agency:role`. */
const MembershipCell = Text.regex(/^[\w.-]+:[a-z_0-9]+$/, 'must be agency:role, e.g. vermilion-mcrt:mcrt_clinician').refine(
  (v) => (ROLES as readonly string[]).includes(v.split(':')[1] ?? ''),
  { message: `the role must be one of ${ROLES.join(', ')}` },
);

/** users.csv: one account per row, keyed by `username`; passwords are never in a file. */
export const UserRow = z
  .object({
    username: Text.trim().min(3).max(LIMITS.username).regex(/^[a-z0-9._-]+$/, 'lower-case letters, digits, . _ -'),
    displayName: Name,
    /** Every role the account holds in the importer's region, e.g. `vermilion-911:telecommunicator;vermilion-911:supervisor`. */
    memberships: z.array(MembershipCell).min(1).max(20),
    disabled: z.boolean().default(false),
  })
  .strict();
export type UserRow = z.infer<typeof UserRow>;

/** The row schema of each kind read as rows (facilities are an HSDS document instead). */
export const ROW_SCHEMAS = { agencies: AgencyRow, units: UnitRow, crews: CrewRow, shifts: ShiftRow, users: UserRow } as const;
export type RowKind = keyof typeof ROW_SCHEMAS;

/** The columns of each row kind, in the order export writes them. */
export const ROW_COLUMNS: Record<RowKind, readonly string[]> = {
  agencies: Object.keys(AgencyRow.shape),
  units: Object.keys(UnitRow.shape),
  crews: Object.keys(CrewRow.shape),
  shifts: Object.keys(ShiftRow.shape),
  users: Object.keys(UserRow.shape),
};

/** Columns whose cell is a `;`-separated list, booleans and numbers: how a CSV cell is read. */
export const LIST_COLUMNS = new Set(['composition', 'partners', 'languages', 'memberships']);
export const BOOLEAN_COLUMNS = new Set(['youth', 'naloxone', 'canTransport', 'disabled']);
export const NUMBER_COLUMNS = new Set(['lat', 'lon', 'homeLat', 'homeLon']);

export const OnboardingKindParam = z.object({ kind: z.enum(ONBOARDING_KINDS) }).strict();
export const OnboardingImportQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') }).strict();
export const OnboardingExportQuery = z.object({ format: z.enum(['csv', 'json']).default('json') }).strict();

/** The body of an import: CSV text (text/csv), a JSON array of rows, or for facilities an HSDS document. */
export const OnboardingBody = z.union([Text, z.array(z.record(Text, z.unknown())), z.record(Text, z.unknown())]);

/** One field that would change: its value before and after, as the file writes them. */
export const FieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });

/** What an import does, or would do, with one key. */
export const PlanEntry = z.object({
  key: z.string(),
  /** The file's line (CSV, the header is line 1) or item number (JSON, from 1) of its first row. */
  line: z.number().int().nullable(),
  action: z.enum(['create', 'change', 'unchanged']),
  changes: z.array(FieldChange),
});
export type PlanEntry = z.infer<typeof PlanEntry>;

/** The plan of an import: applied, or only listed on a dry run. */
export const OnboardingPlan = z.object({
  kind: z.enum(ONBOARDING_KINDS),
  dryRun: z.boolean(),
  counts: z.object({ create: z.number().int(), change: z.number().int(), unchanged: z.number().int() }),
  entries: z.array(PlanEntry),
});
export type OnboardingPlan = z.infer<typeof OnboardingPlan>;
