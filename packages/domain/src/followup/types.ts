import type { ProgrammeId } from './programmes.ts';

/** Where an episode stands; the table in transitions.ts says how it moves. */
export const EPISODE_STATUSES = ['open', 'engaged', 'referred', 'closed'] as const;
export type EpisodeStatus = (typeof EPISODE_STATUSES)[number];

/** How a contact attempt went. `reached` and `visit` are contact made; the others count towards the limit. */
export const ATTEMPT_OUTCOMES = ['reached', 'no_answer', 'left_message', 'visit'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** How an episode ended: a controlled list, because "linked to ongoing care" is counted (DOMAIN.md §8). */
export const CLOSURE_REASONS = ['connected_to_care', 'no_longer_needs_support', 'declined', 'lost_contact'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** A warm hand-off's progress: requested → accepted → first appointment kept → completed, or declined/cancelled. */
export const REFERRAL_STATUSES = ['requested', 'accepted', 'first_appointment_kept', 'completed', 'declined', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export interface ContactAttempt {
  id: string;
  outcome: AttemptOutcome;
  /** When the attempt was made (may be earlier than when it was logged). */
  at: Date;
  note: string | null;
  actorId: string;
}

/** A task with a due date: a reminder is a task coming due. */
export interface EpisodeTask {
  id: string;
  title: string;
  dueAt: Date;
  completedAt: Date | null;
}

/** A warm hand-off to a provider or facility. */
export interface Referral {
  id: string;
  /** The provider's name as the case manager knows it; the agency when it is one in Continuum. */
  providerName: string;
  providerAgencyId: string | null;
  service: string;
  status: ReferralStatus;
  /** The appointment, when one is booked. */
  appointmentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The current-state projection of a follow-up episode, folded from its events. */
export interface EpisodeState {
  id: string;
  incidentId: string;
  agencyId: string;
  regionId: string;
  programme: ProgrammeId;
  /** A reference to the person (identity class), never more than the record that opened it held. */
  personRef: string | null;
  /** The case manager; null while the agency's team has not picked the episode up. */
  assignedTo: string | null;
  status: EpisodeStatus;
  version: number;
  openedAt: Date;
  firstContactDueAt: Date;
  firstContactAt: Date | null;
  /** Before this, closing as done needs a note (the programme's floor). */
  minimumUntil: Date;
  windowEndsAt: Date;
  attempts: ContactAttempt[];
  tasks: EpisodeTask[];
  referrals: Referral[];
  closure: { reason: ClosureReason; note: string | null; closedAt: Date } | null;
  updatedAt: Date;
}
