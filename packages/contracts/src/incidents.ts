import { z } from 'zod';
import { CALL_HANDLING_VENDORS, CONTACT_CHANNELS, DEFLECTION_PATHWAYS, DISABILITY_ANSWERS, DESTINATION_KINDS, DIVERSION_KINDS, PETITIONERS, TRANSPORTERS, DISPOSITIONS, ENTRY_POINTS, FIELD_CLASSES, INCIDENT_ACTIONS, INCIDENT_STATUSES, OVERRIDE_REASONS, POLICE_JUSTIFICATIONS, RESPONSE_TYPES, SAFETY_FLAG_KINDS } from '@continuum/domain';
import { Latitude, Longitude } from './common.ts';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

const text = (max: number) => Text.trim().max(max);

export const CreateIncidentRequest = z
  .object({
    entryPoint: z.enum(ENTRY_POINTS),
    summary: text(LIMITS.summary).min(1),
    /** Optional for a 988 contact only (the caller's location unknown); every other entry point needs one. */
    location: z
      .object({
        address: text(LIMITS.address).min(1),
        lat: Latitude.optional(),
        lon: Longitude.optional(),
        /** `approximate`: the point is a town's centre or a pin near the place; ETAs from it are estimates. */
        accuracy: z.enum(['exact', 'approximate']).optional(),
      })
      .strict()
      .refine((l) => (l.lat === undefined) === (l.lon === undefined), {
        message: 'lat and lon must be given together',
        path: ['lat'],
      })
      .optional(),
    /** How the person reached the centre: 988 takes calls, texts and chats; 911 calls and texts. */
    channel: z.enum(CONTACT_CHANNELS).default('call'),
    /** The person's preferred language as a BCP 47 tag (`es`, `pl`, `zh-Hant`). */
    preferredLanguage: Text.trim().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, 'a BCP 47 language tag such as es, pl or zh-Hant').optional(),
    caller: z
      .object({
        name: text(LIMITS.shortText).optional(),
        callbackNumber: Text.trim().regex(/^\+?[0-9 ()-]{3,32}$/, 'a phone number of digits, spaces, ()+-').optional(),
      })
      .strict()
      .default({}),
    person: z
      .object({
        name: text(LIMITS.shortText).optional(),
        age: z.number().int().min(0).max(130).optional(),
        medicaid: z.boolean().optional(),
        dcfsWard: z.boolean().optional(),
        /** Whether the person has a disability, as said at intake; `unknown` when asked and not known (RAC equity, issue 14 §2). */
        disability: z.enum(DISABILITY_ANSWERS).optional(),
      })
      .strict()
      .default({}),
    safetyFlags: z.array(text(LIMITS.shortText).min(1)).max(20).default([]),
  })
  .strict();
export type CreateIncidentRequest = z.infer<typeof CreateIncidentRequest>;

const reason = text(LIMITS.reason).min(1);

/** How the call ended beyond its code (issue 6 §4); the domain's checkDisposition says what each outcome needs. */
export const DispositionDetails = z
  .object({
    transport: z
      .object({ by: z.enum(TRANSPORTERS), destination: z.enum(DESTINATION_KINDS), facilityId: text(LIMITS.shortText).min(1).optional(), place: text(LIMITS.shortText).optional() })
      .strict()
      .nullable()
      .optional(),
    referredTo: z.array(text(LIMITS.shortText).min(1)).max(10).optional(),
    involuntaryPetition: z.object({ by: z.enum(PETITIONERS) }).strict().nullable().optional(),
    arrest: z.boolean().optional(),
    useOfForce: z.boolean().optional(),
    injuries: z.object({ person: z.boolean().optional(), responder: z.boolean().optional(), other: z.boolean().optional() }).strict().optional(),
    deflectionPathway: z.enum(DEFLECTION_PATHWAYS).nullable().optional(),
    diversion: z.enum(DIVERSION_KINDS).nullable().optional(),
    note: text(LIMITS.reason).optional(),
  })
  .strict();
export type DispositionDetails = z.infer<typeof DispositionDetails>;

/** One body per action: the discriminator is `action`. */
export const IncidentTransitionRequest = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('triage'),
    level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    protocolVersion: text(LIMITS.shortText).min(1),
    factors: z.array(text(LIMITS.shortText).min(1)).max(50),
    reason: reason.optional(),
    expectedVersion: z.number().int().positive().optional(),
  }).strict(),
  ...(['transfer_to_988', 'queue_for_dispatch', 'mark_en_route', 'mark_on_scene'] as const).map((a) =>
    z.object({ action: z.literal(a), reason: reason.optional(), expectedVersion: z.number().int().positive().optional() }).strict(),
  ),
  z.object({
    action: z.literal('dispatch'),
    units: z.array(text(LIMITS.shortText).min(1)).min(1).max(10),
    reason: reason.optional(),
    expectedVersion: z.number().int().positive().optional(),
  }).strict(),
  z.object({
    action: z.literal('start_transport'),
    destination: text(LIMITS.shortText).optional(),
    reason: reason.optional(),
    expectedVersion: z.number().int().positive().optional(),
  }).strict(),
  z.object({
    action: z.literal('close'),
    disposition: z.enum(DISPOSITIONS),
    details: DispositionDetails.optional(),
    /** Open the programme's follow-up episode (the default when a crisis team responded); false when the person declines it. */
    followUp: z.boolean().optional(),
    reason: reason.optional(),
    expectedVersion: z.number().int().positive().optional(),
  }).strict(),
  z.object({
    action: z.literal('override_response'),
    to: z.enum(RESPONSE_TYPES),
    reasonCode: z.enum(OVERRIDE_REASONS),
    justification: z.enum(POLICE_JUSTIFICATIONS).optional(),
    note: text(LIMITS.reason).optional(),
    /** A supervisor's written reason for a §30 ground the call's facts do not support (issue 12 §4). */
    groundOverride: text(LIMITS.reason).min(1).optional(),
    reason: reason.optional(),
    expectedVersion: z.number().int().positive().optional(),
  }).strict(),
  z.object({
    /** A safety flag the call-taker marks as a threat or a medical concern: it counts as a factor (issue 12 §2). */
    action: z.literal('mark_safety_flag'),
    flag: text(LIMITS.shortText).min(1),
    as: z.enum(SAFETY_FLAG_KINDS),
    reason: reason.optional(),
    expectedVersion: z.number().int().positive().optional(),
  }).strict(),
  z.object({
    /** 988 reports that no crisis team can meet the regional maximum: the fact behind the third §30 ground. */
    action: z.literal('report_crisis_team_unavailable'),
    reportedBy: text(LIMITS.shortText).min(1),
    reportRef: text(LIMITS.shortText).min(1).optional(),
    reason: reason.optional(),
    expectedVersion: z.number().int().positive().optional(),
  }).strict(),
  z.object({
    action: z.literal('triage_by_vendor_code'),
    vendor: z.enum(CALL_HANDLING_VENDORS),
    code: text(LIMITS.shortText).min(1),
    reason: reason.optional(),
    expectedVersion: z.number().int().positive().optional(),
  }).strict(),
  z.object({
    action: z.literal('record_substance_use'),
    note: text(LIMITS.summary).min(1),
    reason: reason.optional(),
    expectedVersion: z.number().int().positive().optional(),
  }).strict(),
  z.object({
    /** The place learned after intake (issue 11 §4): the whole location as it now stands; dispatch re-ranks from it. */
    action: z.literal('correct_location'),
    location: z
      .object({ address: text(LIMITS.address).min(1), lat: Latitude.optional(), lon: Longitude.optional(), accuracy: z.enum(['exact', 'approximate']).optional() })
      .strict()
      .refine((l) => (l.lat === undefined) === (l.lon === undefined), { message: 'lat and lon must be given together', path: ['lat'] }),
    reason: reason.optional(),
    expectedVersion: z.number().int().positive().optional(),
  }).strict(),
  z.object({ action: z.literal('route_to_cares'), reason: reason.optional(), expectedVersion: z.number().int().positive().optional() }).strict(),
  ...(['cancel', 'reopen', 'escalate_to_911'] as const).map((a) =>
    z.object({ action: z.literal(a), reason, expectedVersion: z.number().int().positive().optional() }).strict(),
  ),
]);
export type IncidentTransitionRequest = z.infer<typeof IncidentTransitionRequest>;

/**
 * An incident as a given reader may see it: fields of classes the reader may not read are
 * absent, and `redacted` names those classes so a console can say what is hidden.
 */
export const IncidentView = z.object({
  id: z.string(),
  agencyId: z.string(),
  regionId: z.string(),
  entryPoint: z.enum(ENTRY_POINTS),
  status: z.enum(INCIDENT_STATUSES),
  version: z.number().int(),
  riskLevel: z.number().int().nullable(),
  protocolVersion: z.string().nullable(),
  disposition: z.enum(DISPOSITIONS).nullable(),
  /** What the RAC counts of the ending: transport, petition, arrest, force, injuries, deflection, diversion. */
  dispositionDetail: z
    .object({
      transport: z.object({ by: z.enum(TRANSPORTERS), destination: z.enum(DESTINATION_KINDS), facilityId: z.string().nullable() }).nullable(),
      involuntaryPetition: z.object({ by: z.enum(PETITIONERS) }).nullable(),
      arrest: z.boolean(),
      useOfForce: z.boolean(),
      injuries: z.object({ person: z.boolean(), responder: z.boolean(), other: z.boolean() }),
      deflectionPathway: z.enum(DEFLECTION_PATHWAYS).nullable(),
      diversion: z.enum(DIVERSION_KINDS).nullable(),
    })
    .nullable()
    .optional(),
  /** The clinical part of the ending: the place the person chose, referrals, the closing note. */
  dispositionNotes: z.object({ place: z.string().nullable(), referredTo: z.array(z.string()), note: z.string().nullable() }).nullable().optional(),
  /** The call's number in its region and year (`26-000123`). */
  number: z.string().optional(),
  /** A call the simulator wrote (issue 13 §5, ADR 0037): never a real person; the console marks it. */
  simulated: z.boolean().optional(),
  receivedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  allowedActions: z.array(z.enum(INCIDENT_ACTIONS)),
  location: z.object({ address: z.string(), lat: z.number().optional(), lon: z.number().optional(), accuracy: z.enum(['approximate', 'unknown']).optional() }).optional(),
  /** Set when routed to the CARES line: the statewide youth maximum it is held to (120 minutes). */
  caresMaxResponseMinutes: z.number().int().optional(),
  /** call, text or chat (absent on calls recorded before channels: a call). */
  channel: z.enum(CONTACT_CHANNELS).optional(),
  preferredLanguage: z.string().optional(),
  safetyFlags: z.array(z.string()).optional(),
  /** Safety flags the call-taker marked as a threat or a medical concern: each counts as a factor (issue 12 §2). */
  markedFlags: z.array(z.object({ flag: z.string(), as: z.enum(SAFETY_FLAG_KINDS) })).optional(),
  callbackNumber: z.string().optional(),
  callerName: z.string().optional(),
  personName: z.string().optional(),
  personAge: z.number().optional(),
  medicaid: z.boolean().optional(),
  dcfsWard: z.boolean().optional(),
  personDisability: z.enum(DISABILITY_ANSWERS).optional(),
  recommendedResponse: z.string().nullable().optional(),
  overriddenTo: z.string().nullable().optional(),
  /** 988's report that no crisis team can meet the regional maximum, with who reported and who recorded it (issue 12 §4). */
  crisisTeamUnavailability: z.object({ reportedBy: z.string(), reportRef: z.string().nullable(), recordedBy: z.string() }).nullable().optional(),
  /** How many §30 grounds a supervisor let stand without their fact on this call. */
  groundOverrides: z.number().int().optional(),
  summary: z.string().optional(),
  triageFactors: z.array(z.string()).optional(),
  decidingFactors: z.array(z.string()).optional(),
  /** 42 CFR Part 2 information, present only inside its programme or under the person's consent. */
  substanceUse: z.string().optional(),
  /** The re-disclosure notice that travels with Part 2 information (42 CFR §2.32). */
  part2Notice: z.string().optional(),
  redacted: z.array(z.enum(FIELD_CLASSES)),
});
export type IncidentView = z.infer<typeof IncidentView>;

export const IncidentList = z.object({ items: z.array(IncidentView), nextBefore: z.string().nullable() });
export type IncidentList = z.infer<typeof IncidentList>;

/**
 * The incident list and its search (issue 15 §2, ADR 0033). `q` is read as a number
 * (`26-000123`, `26-123`), a phone (7+ digits: the callback number's last ten), or words in the
 * address or in the caller's or the person's name; a row is found only through a field the reader
 * may read. `from`/`to` bound the time received (to exclusive); lists are comma-separated.
 */
export const IncidentListQuery = z
  .object({
    status: Text.regex(/^[a-z_,0-9]+$/).optional(),
    limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
    before: z.string().datetime().optional(),
    q: Text.trim().min(2).max(LIMITS.shortText).optional(),
    from: z.string().datetime({ offset: true }).optional(),
    to: z.string().datetime({ offset: true }).optional(),
    level: Text.regex(/^[1-5](,[1-5])*$/, 'risk levels 1-5, comma-separated').optional(),
    disposition: Text.regex(/^[a-z_,0-9]+$/).optional(),
    unit: Text.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a unit id such as champaign-mcrt-1').optional(),
  })
  .strict();
export type IncidentListQuery = z.infer<typeof IncidentListQuery>;

/**
 * One event of an incident's history as the reader may see it (domain INCIDENT_EVENT_CLASSES):
 * `sequence` counts the events this reader is shown, so an event withheld whole (Part 2) leaves
 * no gap; envelope parts and data fields of a class the reader may not read are absent.
 */
export const IncidentEventView = z.object({
  sequence: z.number().int(),
  /** `part2`: an event of the incident's Part 2 stream (ADR 0016), shown only to readers who may read Part 2. */
  stream: z.enum(['incident', 'part2']).default('incident'),
  type: z.string(),
  occurredAt: z.string().optional(),
  actorId: z.string().optional(),
  reason: z.string().nullable().optional(),
  data: z.record(z.string(), z.unknown()),
});
/** `redacted` names every class outside the reader's reach, whether or not the history holds one. */
export const IncidentEventList = z.object({ items: z.array(IncidentEventView), redacted: z.array(z.enum(FIELD_CLASSES)) });
export type IncidentEventList = z.infer<typeof IncidentEventList>;
