import { z } from 'zod';
import { FIELD_CLASSES, LINK_BASES, SAFETY_PLAN_SECTIONS } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

const text = (max: number) => Text.trim().max(max);

/** Limits of a person record and its safety plan, shared with the console's forms. */
export const PEOPLE_LIMITS = { phones: 5, planItems: 20, planItemLength: 300, searchLength: 100, candidates: 10 } as const;

const calendarDay = Text.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD');

export const CreatePersonRequest = z
  .object({
    name: z
      .object({ given: text(LIMITS.shortText).min(1), family: text(LIMITS.shortText).min(1), preferred: text(LIMITS.shortText).min(1).nullable().default(null) })
      .strict(),
    dateOfBirth: calendarDay.nullable().default(null),
    phones: z.array(Text.trim().regex(/^\+?[0-9 ().-]{3,32}$/, 'a phone number of digits, spaces, ()+.-')).max(PEOPLE_LIMITS.phones).default([]),
    demographics: z
      .object({ gender: text(LIMITS.shortText).nullable().default(null), race: text(LIMITS.shortText).nullable().default(null), ethnicity: text(LIMITS.shortText).nullable().default(null) })
      .strict()
      .default({ gender: null, race: null, ethnicity: null }),
  })
  .strict();
export type CreatePersonRequest = z.infer<typeof CreatePersonRequest>;

const planList = z.array(text(PEOPLE_LIMITS.planItemLength).min(1)).max(PEOPLE_LIMITS.planItems).default([]);
const sections = Object.fromEntries(SAFETY_PLAN_SECTIONS.map((s) => [s, planList])) as Record<(typeof SAFETY_PLAN_SECTIONS)[number], typeof planList>;

/** The whole plan, replaced at once: the person and their clinician rewrite it together. */
export const SafetyPlanRequest = z
  .object({
    ...sections,
    whatHelps: planList,
    whatDoesNotHelp: planList,
    preferredLanguage: text(LIMITS.shortText).min(1).nullable().default(null),
    preferredDestination: text(LIMITS.shortText).min(1).nullable().default(null),
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict();
export type SafetyPlanRequest = z.infer<typeof SafetyPlanRequest>;

const viewList = z.array(z.string());
const viewSections = Object.fromEntries(SAFETY_PLAN_SECTIONS.map((s) => [s, viewList])) as Record<(typeof SAFETY_PLAN_SECTIONS)[number], typeof viewList>;
export const SafetyPlanView = z.object({
  ...viewSections,
  whatHelps: z.array(z.string()),
  whatDoesNotHelp: z.array(z.string()),
  preferredLanguage: z.string().nullable(),
  preferredDestination: z.string().nullable(),
});

export const PersonConsentView = z.object({
  id: z.string(),
  programmeAgencyId: z.string(),
  recipientAgencyIds: z.array(z.string()),
  purposes: z.array(z.string()),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  note: z.string().nullable(),
  recordedAt: z.string(),
  active: z.boolean(),
});

/** A person record as one reader may see it: fields of classes outside the reader's reach are absent. */
export const PersonView = z.object({
  id: z.string(),
  agencyId: z.string(),
  version: z.number(),
  name: z.object({ given: z.string(), family: z.string(), preferred: z.string().nullable() }).optional(),
  dateOfBirth: z.string().nullable().optional(),
  phones: z.array(z.string()).optional(),
  demographics: z.object({ gender: z.string().nullable(), race: z.string().nullable(), ethnicity: z.string().nullable() }).optional(),
  safetyPlan: SafetyPlanView.nullable().optional(),
  contacts: z.array(z.object({ incidentId: z.string(), linkedAt: z.string() })).optional(),
  consents: z.array(PersonConsentView).optional(),
  redacted: z.array(z.enum(FIELD_CLASSES)),
  allowedActions: z.array(z.enum(['edit_safety_plan', 'record_consent'])),
});
export type PersonView = z.infer<typeof PersonView>;

export const PersonSearchQuery = z.object({ q: text(PEOPLE_LIMITS.searchLength).min(2) }).strict();

const MatchReasonView = z.object({ field: z.string(), outcome: z.string(), similarity: z.number(), contribution: z.number() });

/** One ranked candidate: the score, its band and a reason per field, with only names and date of birth. */
export const PersonCandidate = z.object({
  personId: z.string(),
  agencyId: z.string(),
  name: z.object({ given: z.string(), family: z.string(), preferred: z.string().nullable() }),
  dateOfBirth: z.string().nullable(),
  score: z.number(),
  band: z.enum(['likely', 'possible', 'unlikely']),
  reasons: z.array(MatchReasonView),
});
export type PersonCandidate = z.infer<typeof PersonCandidate>;

export const PersonSearchResult = z.object({ items: z.array(PersonCandidate) });
export type PersonSearchResult = z.infer<typeof PersonSearchResult>;

/** The incident's current link, if any, and the candidates to confirm: matching never links by itself. */
export const PersonCandidates = z.object({
  incidentId: z.string(),
  /** Names are absent when the linked record is outside the reader's reach. */
  linked: z
    .object({ personId: z.string(), agencyId: z.string(), linkedAt: z.string(), name: PersonCandidate.shape.name.optional(), dateOfBirth: z.string().nullable().optional() })
    .nullable(),
  candidates: z.array(PersonCandidate),
});
export type PersonCandidates = z.infer<typeof PersonCandidates>;

/** Link to an existing record (from a candidate or a search), or make a new record from the call. */
export const PersonLinkRequest = z.union([
  z.object({ personId: z.string().uuid(), basis: z.enum(LINK_BASES).exclude(['created_from_incident']).default('candidate') }).strict(),
  z.object({ newPerson: CreatePersonRequest }).strict(),
]);
export type PersonLinkRequest = z.infer<typeof PersonLinkRequest>;

export const PersonUnlinkRequest = z.object({ reason: text(LIMITS.reason).min(1) }).strict();

export const PersonConsentParams = z.object({ id: z.string().uuid(), consentId: z.string().uuid() }).strict();
