import { DomainError } from '../errors.ts';
import type { FieldClass } from '../access/field-classes.ts';
import type { IncidentState } from './types.ts';

/** A message received from the person (inbound) or typed by the counsellor (outbound). */
export const CONTACT_MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
export type ContactMessageDirection = (typeof CONTACT_MESSAGE_DIRECTIONS)[number];

/** One message of a text or chat contact's transcript (issue 11 §2). */
export interface ContactMessage {
  id: string;
  incidentId: string;
  direction: ContactMessageDirection;
  body: string;
  /** When it was sent, as the texting platform says (the server's clock when it says nothing). */
  sentAt: Date;
  recordedAt: Date;
  /** The user or API token's user that posted it. */
  recordedBy: string;
  /** The platform's own id of the message, when it gives one. */
  externalId: string | null;
}

/**
 * What the person and the counsellor wrote is where a diagnosis, a plan or a medication is
 * named: the whole transcript is clinical. Police, EMS and administrators never read it.
 */
export const CONTACT_MESSAGE_CLASS: FieldClass = 'clinical';

/**
 * A transcript belongs to a text or chat contact: a voice call has none, so a message for one
 * is refused naming the rule (a platform attached to the wrong contact finds out at once).
 */
export function checkMessageFor(state: Pick<IncidentState, 'channel'>): void {
  const channel = state.channel ?? 'call';
  if (channel === 'call') {
    throw new DomainError('validation_failed', 'This contact is a voice call: it has no text transcript', {}, [
      { field: 'incidentId', rule: 'not_a_text_contact', message: 'messages are recorded for text and chat contacts only; this contact came by call' },
    ]);
  }
}
