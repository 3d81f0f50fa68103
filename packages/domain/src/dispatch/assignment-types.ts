import type { GroundOverride } from '../incident/grounds.ts';
import type { PoliceJustification } from '../triage/types.ts';
import type { ExclusionCode } from './recommend-types.ts';

/**
 * How the units of one incident arrive (DOMAIN.md §4): one team alone, several that travel
 * together (an embedded clinician with a deputy), or several that meet on site (police and a
 * crisis team from different bases).
 */
export const ASSIGNMENT_MODES = ['single', 'arrive_together', 'meet_on_site'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

/** Where one unit stands on one incident, in the order a response passes them. */
export const ASSIGNMENT_STAGES = ['assigned', 'acknowledged', 'en_route', 'on_scene', 'transporting', 'at_destination', 'cleared', 'released'] as const;
export type AssignmentStage = (typeof ASSIGNMENT_STAGES)[number];

/** The stages a crew or dispatcher moves a unit to; `released` is reached only by reassign or cancel. */
export const PROGRESS_STAGES = ['acknowledged', 'en_route', 'on_scene', 'transporting', 'at_destination', 'cleared'] as const;
export type ProgressStage = (typeof PROGRESS_STAGES)[number];

/** Why a unit was taken off an incident before it cleared. */
export const RELEASE_KINDS = ['reassigned', 'cancelled', 'out_of_service'] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

/**
 * Why a dispatcher sent a unit that does not fit the response plan. Coded, because the RAC
 * counts deviations from the plan the same way it counts triage overrides.
 */
export const DEVIATION_CODES = [
  'no_fitting_unit_available',
  'closest_unit_can_stabilise',
  'supervisor_direction',
  'person_known_to_team',
  'other',
] as const;
export type DeviationCode = (typeof DEVIATION_CODES)[number];

/** The recorded reason for sending a unit outside the plan; police also need a CESSA §30 ground. */
export interface AssignmentJustification {
  code: DeviationCode;
  /** The plan rule the unit broke, as the eligibility check named it. */
  breaks: ExclusionCode | 'police_not_in_plan';
  cessa30: PoliceJustification | null;
  note: string | null;
  /** A supervisor's written reason for a §30 ground the call's facts do not support. */
  groundOverride?: GroundOverride | null;
}

/** A position as recorded on an event: ISO time, since projections are stored as JSON. */
export interface RecordedFix {
  lat: number;
  lon: number;
  at: string;
}

/** One unit on one incident: every stage with its time (ISO strings, as stored). */
export interface Assignment {
  unitId: string;
  unitName: string;
  agencyId: string;
  /** Agencies whose crews ride the unit (a co-response unit's sheriff and provider). */
  partnerAgencyIds: string[];
  model: string;
  mode: AssignmentMode;
  stage: AssignmentStage;
  assignedAt: string;
  acknowledgedAt: string | null;
  enRouteAt: string | null;
  onSceneAt: string | null;
  transportingAt: string | null;
  atDestinationAt: string | null;
  clearedAt: string | null;
  releasedAt: string | null;
  release: { kind: ReleaseKind; reason: string } | null;
  justification: AssignmentJustification | null;
  destination: string | null;
  /** The facility the unit is taking the person to, when it is one of the directory's. */
  destinationFacilityId?: string | null;
  /** The last on-scene check-in (or arrival): the safety timer runs from it. */
  lastCheckInAt: string | null;
  panic: { at: string; position: RecordedFix | null; resolvedAt: string | null } | null;
}

/** The response clock: when each milestone of the response was first reached (ISO strings). */
export interface ResponseClock {
  receivedAt: string;
  triagedAt: string | null;
  dispatchedAt: string | null;
  acknowledgedAt: string | null;
  enRouteAt: string | null;
  onSceneAt: string | null;
  clearedAt: string | null;
}

/** A hazard at the scene, told to every responder: location and safety class, police and EMS see it. */
export interface Hazard {
  at: string;
  actorId: string;
  text: string;
}

/** A field note: clinical, so police and EMS never read it. */
export interface FieldNote {
  at: string;
  actorId: string;
  unitId: string | null;
  text: string;
}

/** Everything about who responds to an incident, folded from its events. */
export interface IncidentResponse {
  assignments: Assignment[];
  clock: ResponseClock;
  hazards: Hazard[];
  notes: FieldNote[];
}

/** Stages in which a unit still holds the incident. */
export const ACTIVE_STAGES: readonly AssignmentStage[] = ['assigned', 'acknowledged', 'en_route', 'on_scene', 'transporting', 'at_destination'];

export const isActive = (a: Pick<Assignment, 'stage'>): boolean => ACTIVE_STAGES.includes(a.stage);

/** The crew's words for each step (the API's `action`), and back: one table for server and console. */
export const ACTION_OF_STAGE = {
  acknowledged: 'acknowledge',
  en_route: 'en_route',
  on_scene: 'on_scene',
  transporting: 'transporting',
  at_destination: 'at_destination',
  cleared: 'clear',
} as const satisfies Record<ProgressStage, string>;
export type ProgressAction = (typeof ACTION_OF_STAGE)[ProgressStage];
export const STAGE_OF_ACTION = Object.fromEntries(Object.entries(ACTION_OF_STAGE).map(([stage, action]) => [action, stage])) as Record<ProgressAction, ProgressStage>;

/** The stage an action moves a unit to; null for actions that are not steps (check in, panic, release). */
export const stageOfAction = (action: string): ProgressStage | null => (STAGE_OF_ACTION as Record<string, ProgressStage>)[action] ?? null;
