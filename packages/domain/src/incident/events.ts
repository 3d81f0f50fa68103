import type { ContactChannel } from './contact.ts';
import type { AssignmentJustification, AssignmentMode, ProgressStage, RecordedFix, ReleaseKind } from '../dispatch/assignment-types.ts';
import type { Disposition } from './disposition.ts';
import type { DispositionDetail } from './disposition-detail.ts';
import type { CrisisTeamUnavailability } from './grounds.ts';
import type { Caller, EntryPoint, IncidentLocation, PersonInCrisis, ResponseOverride, Triage } from './types.ts';

/** Events are named `resource.verb`; their data is what a projection needs to fold them. */
export type IncidentEvent =
  | {
      type: 'incident.received';
      data: {
        agencyId: string;
        regionId: string;
        entryPoint: EntryPoint;
        summary: string;
        location: IncidentLocation;
        caller: Caller;
        person: PersonInCrisis;
        safetyFlags: string[];
        /** A call the simulator made up (issue 13 §5): set only by its history writer, never by a request. */
        simulated?: true;
        channel?: ContactChannel;
        preferredLanguage?: string;
      };
    }
  | { type: 'incident.triage_answered'; data: { protocolVersion: string; questionId: string; answerKey: string; /** Where several were given (issue 12 §1). */ answerKeys?: string[] } }
  /** The last answer taken back before the determination: what it was, so the history reads in full. */
  | { type: 'incident.triage_answer_undone'; data: { protocolVersion: string; questionId: string; answerKey: string; answerKeys?: string[] } }
  | { type: 'incident.triaged'; data: Triage }
  | { type: 'incident.response_overridden'; data: ResponseOverride }
  | { type: 'incident.crisis_team_unavailability_reported'; data: CrisisTeamUnavailability }
  | { type: 'incident.safety_flag_marked'; data: { flag: string; as: 'threat' | 'medical_concern' } }
  /** The place corrected after intake (issue 11 §4): the whole location as it now stands, and the one it replaced. */
  | { type: 'incident.location_corrected'; data: { location: IncidentLocation; previous: IncidentLocation } }
  | { type: 'incident.transferred_to_988'; data: Record<string, never> }
  | { type: 'incident.escalated_to_911'; data: Record<string, never> }
  | { type: 'incident.routed_to_cares'; data: { basis: 'under_21_medicaid' | 'dcfs_ward'; /** The youth maximum the CARES provider is held to. */ maxResponseMinutes?: number } }
  | { type: 'incident.queued_for_dispatch'; data: Record<string, never> }
  | { type: 'incident.dispatched'; data: { units: string[] } }
  | { type: 'incident.en_route'; data: Record<string, never> }
  | { type: 'incident.on_scene'; data: Record<string, never> }
  | { type: 'incident.transport_started'; data: { destination: string | null } }
  | { type: 'incident.closed'; data: { disposition: Disposition; detail?: DispositionDetail } }
  | { type: 'incident.cancelled'; data: Record<string, never> }
  | { type: 'incident.reopened'; data: Record<string, never> }
  // Who responds (issue 5 §4-5): one event per unit and step, so the response clock and the
  // RAC's response-time report are read from the same history as everything else.
  | { type: 'incident.unit_assigned'; data: { unitId: string; unitName: string; agencyId: string; partnerAgencyIds?: string[]; model: string; mode: AssignmentMode; justification: AssignmentJustification | null } }
  | { type: 'incident.unit_progressed'; data: { unitId: string; stage: ProgressStage; destination: string | null; facilityId?: string | null; position: RecordedFix | null } }
  | { type: 'incident.unit_released'; data: { unitId: string; kind: ReleaseKind; reason: string } }
  | { type: 'incident.unit_checked_in'; data: { unitId: string; position: RecordedFix | null } }
  | { type: 'incident.panic_raised'; data: { unitId: string; position: RecordedFix | null } }
  | { type: 'incident.panic_resolved'; data: { unitId: string } }
  | { type: 'incident.hazard_noted'; data: { actorId: string; text: string } }
  | { type: 'incident.note_added'; data: { actorId: string; unitId: string | null; text: string } };

export type IncidentEventType = IncidentEvent['type'];

/** An event as decided, before the store gives it a sequence. */
export interface DecidedEvent<E extends { type: string; data: unknown } = IncidentEvent> {
  event: E;
  /** Why: required for cancel and reopen, optional elsewhere. */
  reason: string | null;
}

/** An event as stored: the truth from which every projection is rebuilt. */
export interface RecordedIncidentEvent {
  incidentId: string;
  sequence: number;
  type: IncidentEventType;
  occurredAt: Date;
  actorId: string;
  reason: string | null;
  data: IncidentEvent['data'];
}
