import type { ProgrammeId } from './programmes.ts';
import type { AttemptOutcome, ClosureReason, ReferralStatus } from './types.ts';

/** Follow-up events, named `resource.verb`; dates travel as ISO strings, as they are stored. */
export type FollowupEvent =
  | {
      type: 'followup.opened';
      data: {
        incidentId: string;
        agencyId: string;
        regionId: string;
        programme: ProgrammeId;
        personRef: string | null;
        assignedTo: string | null;
        firstContactDueAt: string;
        minimumUntil: string;
        windowEndsAt: string;
      };
    }
  | { type: 'followup.attempt_logged'; data: { attemptId: string; outcome: AttemptOutcome; at: string; note: string | null; actorId: string } }
  | { type: 'followup.task_added'; data: { taskId: string; title: string; dueAt: string } }
  | { type: 'followup.task_completed'; data: { taskId: string } }
  | { type: 'followup.referral_made'; data: { referralId: string; providerName: string; providerAgencyId: string | null; service: string; appointmentAt: string | null } }
  | { type: 'followup.referral_status_changed'; data: { referralId: string; from: ReferralStatus; to: ReferralStatus; appointmentAt: string | null } }
  | { type: 'followup.assigned'; data: { assignedTo: string | null } }
  | { type: 'followup.closed'; data: { reason: ClosureReason; note: string | null } };

export type FollowupEventType = FollowupEvent['type'];

/** A follow-up event as stored: the truth from which the episode projection is rebuilt. */
export interface RecordedFollowupEvent {
  episodeId: string;
  sequence: number;
  type: FollowupEventType;
  occurredAt: Date;
  actorId: string;
  reason: string | null;
  data: FollowupEvent['data'];
}
