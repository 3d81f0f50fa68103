import { z } from 'zod';
import {
  ALERT_CODES,
  ASSIGNMENT_MODES,
  ASSIGNMENT_STAGES,
  DEVIATION_CODES,
  EXCLUSION_CODES,
  MAXIMUM_BASES,
  POLICE_JUSTIFICATIONS,
  RELEASE_KINDS,
  SHORTFALL_CODES,
} from '@continuum/domain';
import { IncidentView } from './incidents.ts';
import { LIMITS } from './limits.ts';
import { UnitId, UnitView } from './units.ts';
import { Text } from './text.ts';
import { SafetyPlanView } from './people.ts';

const text = (max: number) => Text.trim().max(max);
const Timestamp = z.iso.datetime({ offset: true });
const Fix = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), at: Timestamp }).strict();
const expectedVersion = z.number().int().positive().optional();

/** POST /api/incidents/{id}/assignments: send one or more units. */
export const AssignRequest = z
  .object({
    units: z.array(UnitId).min(1).max(6),
    /** Required for several units: together, or meeting on site. */
    mode: z.enum(ASSIGNMENT_MODES).optional(),
    /** Required when a unit breaks the plan; police on a plan without police also need `cessa30`. */
    justification: z
      .object({
        code: z.enum(DEVIATION_CODES),
        cessa30: z.enum(POLICE_JUSTIFICATIONS).optional(),
        note: text(LIMITS.reason).optional(),
        /** A supervisor's written reason for a §30 ground the call's facts do not support (issue 12 §4). */
        groundOverride: text(LIMITS.reason).min(1).optional(),
      })
      .strict()
      .optional(),
    expectedVersion,
  })
  .strict();
export type AssignRequest = z.infer<typeof AssignRequest>;

const step = <A extends string>(action: A) => z.object({ action: z.literal(action), position: Fix.optional(), expectedVersion }).strict();

/** POST /api/incidents/{id}/assignments/{unitId}: one unit's next step on the call. */
export const AssignmentActionRequest = z.discriminatedUnion('action', [
  step('acknowledge'),
  step('en_route'),
  step('on_scene'),
  // A facility by id announces the arrival there, so it counts against the figure until confirmed.
  step('transporting').extend({ destination: text(LIMITS.shortText).optional(), facilityId: text(LIMITS.shortText).min(1).optional() }).strict(),
  step('at_destination'),
  step('clear'),
  step('check_in'),
  step('panic'),
  step('release').extend({ kind: z.enum(RELEASE_KINDS), reason: text(LIMITS.reason).min(1) }).strict(),
  step('resolve_panic').extend({ reason: text(LIMITS.reason).min(1) }).strict(),
]);
export type AssignmentActionRequest = z.infer<typeof AssignmentActionRequest>;
export const ASSIGNMENT_ACTIONS = ['acknowledge', 'en_route', 'on_scene', 'transporting', 'at_destination', 'clear', 'check_in', 'panic', 'release', 'resolve_panic'] as const;
export type AssignmentAction = (typeof ASSIGNMENT_ACTIONS)[number];

export const AssignmentParams = z.object({ id: z.string().uuid(), unitId: UnitId }).strict();

/** POST /api/incidents/{id}/notes: a hazard (told to every responder) or a field note (clinical). */
export const NoteRequest = z
  .object({ kind: z.enum(['hazard', 'note']), text: text(LIMITS.summary).min(1), unitId: UnitId.optional(), expectedVersion })
  .strict();
export type NoteRequest = z.infer<typeof NoteRequest>;

/** POST /api/units/{id}/panic: the crew's panic, whether or not it holds a call. */
export const PanicRequest = z.object({ position: Fix.optional() }).strict();
export type PanicRequest = z.infer<typeof PanicRequest>;

/** POST /api/units/{id}/panic/resolve: a dispatcher closes a crew's panic, saying how. */
export const ResolvePanicRequest = z.object({ reason: text(LIMITS.reason).min(1) }).strict();

const Iso = z.string().nullable();

/** One unit on one incident, as shown. */
export const AssignmentView = z.object({
  unitId: z.string(),
  unitName: z.string(),
  agencyId: z.string(),
  model: z.string(),
  mode: z.enum(ASSIGNMENT_MODES),
  stage: z.enum(ASSIGNMENT_STAGES),
  assignedAt: z.string(),
  acknowledgedAt: Iso,
  enRouteAt: Iso,
  onSceneAt: Iso,
  transportingAt: Iso,
  atDestinationAt: Iso,
  clearedAt: Iso,
  releasedAt: Iso,
  /** The reason is free text (clinical): absent for readers without that class. */
  release: z.object({ kind: z.enum(RELEASE_KINDS), reason: z.string().optional() }).nullable(),
  /** The note is free text (clinical): absent for readers without that class. */
  justification: z
    .object({ code: z.enum(DEVIATION_CODES), breaks: z.string(), cessa30: z.enum(POLICE_JUSTIFICATIONS).nullable(), note: z.string().nullable().optional() })
    .nullable(),
  /** The crew's free-text destination is a place (location and safety): absent for readers without that class. */
  destination: z.string().nullable().optional(),
  destinationFacilityId: z.string().nullable(),
  lastCheckInAt: Iso,
  panic: z.object({ at: z.string(), resolvedAt: Iso, position: z.object({ lat: z.number(), lon: z.number(), at: z.string() }).nullable().optional() }).nullable(),
  /** The steps this reader may take for this unit now: the field view shows only these buttons. */
  allowedActions: z.array(z.enum(ASSIGNMENT_ACTIONS)),
});
export type AssignmentView = z.infer<typeof AssignmentView>;

export const ResponseClockView = z.object({
  receivedAt: z.string(),
  triagedAt: Iso,
  dispatchedAt: Iso,
  acknowledgedAt: Iso,
  enRouteAt: Iso,
  onSceneAt: Iso,
  clearedAt: Iso,
});

const Seconds = z.number().int().nullable();
export const ResponseIntervalsView = z.object({
  toTriage: Seconds, toDispatch: Seconds, toAcknowledge: Seconds, toEnRoute: Seconds, travel: Seconds, response: Seconds, onScene: Seconds, total: Seconds,
});

export const DispatchAlertView = z.object({ code: z.enum(ALERT_CODES), unitId: z.string().nullable(), since: z.string(), message: z.string() });
export type DispatchAlertView = z.infer<typeof DispatchAlertView>;

/** Who responds to one incident, as one reader may see it: hazards need location and safety, notes need clinical. */
export const ResponseView = z.object({
  incidentId: z.string(),
  version: z.number().int(),
  assignments: z.array(AssignmentView),
  clock: ResponseClockView,
  intervals: ResponseIntervalsView,
  alerts: z.array(DispatchAlertView),
  /** Null for a response with no crisis-team maximum (level 4, a normal 911 response): no countdown. */
  maxResponseMinutes: z.number().nullable(),
  /** Where the maximum comes from: the plan, its youth figure (a person under 21), the CARES line, the region, or none (level 4). */
  maximumBasis: z.enum(MAXIMUM_BASES),
  /** Null once someone is on scene. */
  minutesLeft: z.number().nullable(),
  hazards: z.array(z.object({ at: z.string(), text: z.string() })).optional(),
  notes: z.array(z.object({ at: z.string(), unitId: z.string().nullable(), text: z.string() })).optional(),
});
export type ResponseView = z.infer<typeof ResponseView>;

/** The dispatcher's timers, so the board counts down the same way the server judges. */
export const DispatchTimersView = z.object({
  acknowledgeWithinSeconds: z.number(),
  checkInEveryMinutes: z.number(),
  nearingMaximumShare: z.number(),
  regionalMaxMinutes: z.number(),
});
export type DispatchTimersView = z.infer<typeof DispatchTimersView>;

/** GET /api/dispatch/queue: open incidents waiting for or holding units, most urgent first. */
export const DispatchQueue = z.object({
  items: z.array(z.object({ incident: IncidentView, response: ResponseView })),
  timers: DispatchTimersView,
  now: z.string(),
});
export type DispatchQueue = z.infer<typeof DispatchQueue>;

export const RecommendationQuery = z.object({ limit: z.coerce.number().int().min(1).max(20).default(5) }).strict();

/** GET /api/incidents/{id}/recommendation: the ranked units with reasons and figures, shortfalls with codes. */
export const RecommendationView = z.object({
  incidentId: z.string(),
  responseType: z.string(),
  ranked: z.array(
    z.object({
      unitId: z.string(),
      name: z.string(),
      etaMinutes: z.number(),
      distanceKm: z.number(),
      positionAgeSeconds: z.number().nullable(),
      stale: z.boolean(),
      reasons: z.array(z.string()),
      figures: z.object({
        straightLineKm: z.number(),
        travelSource: z.string(),
        origin: z.enum(['live_position', 'home_base']),
        maxResponseMinutes: z.number(),
        minutesToSpare: z.number(),
      }),
    }),
  ),
  excluded: z.array(z.object({ unitId: z.string(), code: z.enum(EXCLUSION_CODES), reason: z.string() })),
  shortfalls: z.array(z.object({ code: z.enum(SHORTFALL_CODES), detail: z.string(), roles: z.array(z.string()).optional() })),
  /** Two units that together bring the team no single unit does, meeting on site, best first (issue 12 §5). */
  combinations: z.array(
    z.object({
      units: z.array(
        z.object({
          unitId: z.string(),
          name: z.string(),
          roles: z.array(z.string()),
          etaMinutes: z.number(),
          distanceKm: z.number(),
          positionAgeSeconds: z.number().nullable(),
          stale: z.boolean(),
          origin: z.enum(['live_position', 'home_base']),
        }),
      ),
      arrivalMinutes: z.number(),
      mode: z.literal('meet_on_site'),
      minutesToSpare: z.number(),
      reasons: z.array(z.string()),
    }),
  ),
  policeFallback: z.object({ justification: z.literal('crisis_team_unavailable_within_regional_maximum'), reason: z.string() }).nullable(),
  maxResponseMinutes: z.object({ minutes: z.number(), source: z.enum(['plan', 'region']) }),
  /** Timed to an approximate location (a town's centre): every ETA is an estimate and the board says so. */
  approximate: z.boolean(),
});
export type RecommendationView = z.infer<typeof RecommendationView>;

/** GET /api/field/assignment: the signed-in crew's unit, its call and its partners. */
export const FieldAssignment = z.object({
  unit: UnitView.nullable(),
  incident: IncidentView.nullable(),
  response: ResponseView.nullable(),
  /** The other units on the same call (a partner's panic shows here). */
  partners: z.array(UnitView),
  /** A maps link to where the crew is going (the scene, or the facility while transporting), when its coordinates may be read. */
  directionsUrl: z.string().nullable(),
  /** While transporting to (or at) a facility of the directory: where it is. Null otherwise or without the location class. */
  destination: z.object({ name: z.string(), address: z.string(), lat: z.number(), lon: z.number(), arrived: z.boolean() }).nullable().default(null),
  /** The crew's units when they ride more than one (the view picks with `?unit=`). */
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The check-in and acknowledgement timers, so the field view counts down as the board judges. */
  timers: DispatchTimersView,
  /**
   * The safety plan of the person linked to the call (issue 15 §6), for a crew whose role may read
   * people and whose reach over the record holds its class; absent otherwise.
   */
  safetyPlan: SafetyPlanView.nullable().optional(),
});
export type FieldAssignment = z.infer<typeof FieldAssignment>;
export const FieldAssignmentQuery = z.object({ unit: UnitId.optional() }).strict();

/** GET /api/incidents/{id}/trail: where each unit on the call went, from dispatch until it cleared. */
export const IncidentTrail = z.object({
  units: z.array(z.object({ unitId: z.string(), unitName: z.string(), points: z.array(z.object({ lat: z.number(), lon: z.number(), at: z.string() })) })),
});
export type IncidentTrail = z.infer<typeof IncidentTrail>;
