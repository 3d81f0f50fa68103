import { z } from 'zod';
import { ATTEMPT_OUTCOMES, CLOSURE_REASONS, EPISODE_STATUSES, FIELD_CLASSES, PROGRAMME_IDS, REFERRAL_STATUSES } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';
import { SafetyPlanView } from './people.ts';

/** Limits of the follow-up endpoints, shared with the console's forms. */
export const FOLLOWUP_LIMITS = {
  note: 2000,
  title: LIMITS.shortText,
  provider: LIMITS.shortText,
  personRef: 100,
  /** Open episodes a caseload returns at most. */
  caseload: 500,
} as const;

const Timestamp = z.iso.datetime({ offset: true });
const ExpectedVersion = z.number().int().min(0).optional();

export const EpisodeIdParam = z.object({ id: z.uuid() }).strict();
export const EpisodeTaskParam = z.object({ id: z.uuid(), taskId: z.uuid() }).strict();
export const EpisodeReferralParam = z.object({ id: z.uuid(), referralId: z.uuid() }).strict();

/** POST /api/followup/episodes: open an episode by hand from an ended incident. */
export const OpenEpisodeRequest = z
  .object({
    incidentId: z.uuid(),
    programme: z.enum(PROGRAMME_IDS),
    /** A reference to the person in the programme's own record (e.g. its client number). */
    personRef: Text.trim().max(FOLLOWUP_LIMITS.personRef).optional(),
  })
  .strict();
export type OpenEpisodeRequest = z.infer<typeof OpenEpisodeRequest>;

export const AttemptRequest = z
  .object({
    outcome: z.enum(ATTEMPT_OUTCOMES),
    /** When the attempt was made; now when absent. */
    at: Timestamp.optional(),
    note: Text.max(FOLLOWUP_LIMITS.note).optional(),
    expectedVersion: ExpectedVersion,
  })
  .strict();
export type AttemptRequest = z.infer<typeof AttemptRequest>;

export const TaskRequest = z.object({ title: Text.max(FOLLOWUP_LIMITS.title), dueAt: Timestamp, expectedVersion: ExpectedVersion }).strict();
export type TaskRequest = z.infer<typeof TaskRequest>;

export const ReferralRequest = z
  .object({
    providerName: Text.max(FOLLOWUP_LIMITS.provider),
    providerAgencyId: Text.max(LIMITS.shortText).optional(),
    service: Text.max(LIMITS.shortText),
    appointmentAt: Timestamp.optional(),
    expectedVersion: ExpectedVersion,
  })
  .strict();
export type ReferralRequest = z.infer<typeof ReferralRequest>;

export const ReferralStatusRequest = z
  .object({ status: z.enum(REFERRAL_STATUSES), appointmentAt: Timestamp.optional(), reason: Text.max(LIMITS.reason).optional(), expectedVersion: ExpectedVersion })
  .strict();
export type ReferralStatusRequest = z.infer<typeof ReferralStatusRequest>;

/**
 * POST …/close. The reason is required, but optional here: the domain's closeEpisode is the one
 * rule, so a missing reason is refused as `reason`/`required` (zod would call it `enum`).
 */
export const CloseEpisodeRequest = z.object({ reason: z.enum(CLOSURE_REASONS).optional(), note: Text.max(FOLLOWUP_LIMITS.note).optional(), expectedVersion: ExpectedVersion }).strict();
export type CloseEpisodeRequest = z.infer<typeof CloseEpisodeRequest>;

/** POST /api/followup/episodes/{id}/assign: take the episode into your caseload (true) or hand it back (false). */
export const AssignEpisodeRequest = z.object({ take: z.boolean(), expectedVersion: ExpectedVersion }).strict();
export type AssignEpisodeRequest = z.infer<typeof AssignEpisodeRequest>;

export const EpisodeAlertView = z.object({
  code: z.enum(['first_contact_overdue', 'first_contact_due', 'task_overdue', 'task_due', 'attempts_exhausted', 'window_ending', 'window_passed']),
  /** When it fell or falls due. */
  at: z.string().nullable(),
  taskId: z.string().optional(),
});
export type EpisodeAlertView = z.infer<typeof EpisodeAlertView>;

/** An episode as the reader may see it: clinical parts (notes, tasks, referrals) only to the care team. */
export const EpisodeView = z.object({
  id: z.string(),
  incidentId: z.string(),
  agencyId: z.string(),
  programme: z.enum(PROGRAMME_IDS),
  programmeLabel: z.string(),
  status: z.enum(EPISODE_STATUSES),
  version: z.number().int(),
  assignedTo: z.string().nullable(),
  openedAt: z.string(),
  firstContactDueAt: z.string(),
  firstContactAt: z.string().nullable(),
  minimumUntil: z.string(),
  windowEndsAt: z.string(),
  attemptLimit: z.number().int(),
  unansweredAttempts: z.number().int(),
  nextDueAt: z.string(),
  alerts: z.array(EpisodeAlertView),
  personRef: z.string().nullable().optional(),
  attempts: z.array(z.object({ id: z.string(), outcome: z.enum(ATTEMPT_OUTCOMES), at: z.string(), note: z.string().nullable().optional() })),
  tasks: z.array(z.object({ id: z.string(), title: z.string(), dueAt: z.string(), completedAt: z.string().nullable() })).optional(),
  referrals: z
    .array(
      z.object({
        id: z.string(),
        providerName: z.string(),
        providerAgencyId: z.string().nullable(),
        service: z.string(),
        status: z.enum(REFERRAL_STATUSES),
        appointmentAt: z.string().nullable(),
        createdAt: z.string(),
        updatedAt: z.string(),
        /** The statuses it may move to next (the table): the console offers only these. */
        nextStatuses: z.array(z.enum(REFERRAL_STATUSES)),
      }),
    )
    .optional(),
  closure: z.object({ reason: z.enum(CLOSURE_REASONS), note: z.string().nullable().optional(), closedAt: z.string() }).nullable(),
  /** Whether this reader may log attempts, tasks, referrals and close. */
  canManage: z.boolean(),
  /**
   * Who to call and why (issue 15 §6), on GET of one episode: the call's number, names, callback
   * number and summary, each only when both the episode's and the call's reach hold its class.
   */
  call: z
    .object({ number: z.string().optional(), personName: z.string().optional(), callerName: z.string().optional(), callbackNumber: z.string().optional(), summary: z.string().optional() })
    .optional(),
  /** The person record linked to the call, within the reader's reach of people: name, phones, safety plan. */
  person: z
    .object({
      id: z.string(),
      name: z.object({ given: z.string(), family: z.string(), preferred: z.string().nullable() }).optional(),
      phones: z.array(z.string()).optional(),
      safetyPlan: SafetyPlanView.nullable().optional(),
    })
    .optional(),
  redacted: z.array(z.enum(FIELD_CLASSES)),
});
export type EpisodeView = z.infer<typeof EpisodeView>;

export const CaseloadView = z.object({ items: z.array(EpisodeView), closureReasons: z.array(z.enum(CLOSURE_REASONS)) });
export type CaseloadView = z.infer<typeof CaseloadView>;

/** A FHIR R4 Bundle (type collection): its resources are validated against the R4 schema in tests. */
export const FhirBundle = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.literal('collection'),
  entry: z.array(z.looseObject({ fullUrl: z.string(), resource: z.looseObject({ resourceType: z.string() }) })),
});
export type FhirBundle = z.infer<typeof FhirBundle>;
