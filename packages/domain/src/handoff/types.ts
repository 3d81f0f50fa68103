import type { FieldClass } from '../access/field-classes.ts';

/**
 * How a call goes from one agency to another (issue 11 §1). A cold referral is the IRLM level-1
 * 911 → 988 transfer: the sender does not stay on the line. A warm transfer keeps the sender on
 * until the receiver takes it. An emergency escalation is imminent danger sent to 911.
 */
export const HANDOFF_KINDS = ['cold_referral', 'warm_transfer', 'emergency_escalation'] as const;
export type HandoffKind = (typeof HANDOFF_KINDS)[number];

export const HANDOFF_STATES = ['offered', 'accepted', 'declined', 'expired', 'rolled_over'] as const;
export type HandoffState = (typeof HANDOFF_STATES)[number];

/** Events are named `handoff.verb`; each carries what the fold needs. */
export type HandoffEvent =
  | {
      type: 'handoff.offered';
      data: {
        incidentId: string;
        regionId: string;
        kind: HandoffKind;
        fromAgencyId: string;
        toAgencyId: string;
        /** The receiving agency's kind when offered: it decides the timers (a 988 contact rolls over). */
        toAgencyKind: string;
        /** What the sender says the receiver must know (the danger, for an escalation). */
        note: string | null;
        /** Set on a hand-off made by a rollover: the one that expired. */
        rolledFromId: string | null;
      };
    }
  | { type: 'handoff.accepted'; data: Record<string, never> }
  | { type: 'handoff.declined'; data: { reason: string } }
  | { type: 'handoff.expired'; data: Record<string, never> }
  | { type: 'handoff.rolled_over'; data: { toHandoffId: string; toAgencyId: string } }
  | { type: 'handoff.supervisor_alerted'; data: Record<string, never> };
export type HandoffEventType = HandoffEvent['type'];

/** One event as stored, with its time and actor (a person, or `system` for a timer). */
export interface RecordedHandoffEvent {
  handoffId: string;
  sequence: number;
  type: HandoffEventType;
  occurredAt: Date;
  actorId: string;
  data: HandoffEvent['data'];
}

/** A state change as the history shows it: every change has its time and actor. */
export interface HandoffStep {
  state: HandoffState | 'supervisor_alerted';
  at: Date;
  actorId: string;
}

/** The current-state projection of a hand-off, folded from its events. */
export interface Handoff {
  id: string;
  incidentId: string;
  regionId: string;
  kind: HandoffKind;
  fromAgencyId: string;
  toAgencyId: string;
  toAgencyKind: string;
  state: HandoffState;
  version: number;
  note: string | null;
  offeredAt: Date;
  offeredBy: string;
  /** When and by whom it left `offered` (accepted, declined, expired). */
  decidedAt: Date | null;
  decidedBy: string | null;
  declineReason: string | null;
  rolledFromId: string | null;
  rolledToId: string | null;
  supervisorAlertedAt: Date | null;
  steps: HandoffStep[];
  updatedAt: Date;
}

/**
 * What a hand-off lets the receiving agency read of the incident while it is offered or
 * accepted: the classes its kind needs (minimum necessary), never Part 2, which stays behind
 * consent (withPart2).
 */
export interface HandoffGrant {
  handoffId: string;
  incidentId: string;
  agencyId: string;
  fieldClasses: FieldClass[];
}
