import { DomainError } from '../errors.ts';
import type { MatchBand } from './matching.ts';

/** How a link came to be proposed: a ranked candidate, a search, or a record made from the contact. */
export const LINK_BASES = ['candidate', 'search', 'created_from_incident'] as const;
export type LinkBasis = (typeof LINK_BASES)[number];

/**
 * A link between one contact (incident) and one person, as append-only events. Each is a
 * person's decision: nothing links on a score, and undoing keeps the wrong link in history.
 */
export type PersonLinkEvent =
  | { type: 'person.linked'; incidentId: string; personId: string; basis: LinkBasis; score: number | null; band: MatchBand | null }
  | { type: 'person.unlinked'; incidentId: string; personId: string; reason: string };

/** The person an incident is linked to now, folded from its link events; null when none. */
export interface CurrentLink {
  incidentId: string;
  personId: string;
}

/** Folds an incident's link events, oldest first, into its current link. */
export function foldLink(events: readonly PersonLinkEvent[]): CurrentLink | null {
  let current: CurrentLink | null = null;
  for (const e of events) {
    switch (e.type) {
      case 'person.linked':
        current = { incidentId: e.incidentId, personId: e.personId };
        break;
      case 'person.unlinked':
        current = null;
        break;
    }
  }
  return current;
}

/**
 * Decides a confirmed link. An incident already linked to someone else is refused rather than
 * moved: replacing a link silently is the merge this design forbids, so the wrong one is undone first.
 */
export function decideLink(
  current: CurrentLink | null,
  incidentId: string,
  personId: string,
  proposal: { basis: LinkBasis; score: number | null; band: MatchBand | null },
): PersonLinkEvent {
  if (current?.personId === personId) {
    throw new DomainError('conflict', 'This incident is already linked to this person', { personId }, [{ field: 'personId', rule: 'already_linked', message: 'the incident is already linked to this person' }]);
  }
  if (current) {
    throw new DomainError('conflict', 'This incident is linked to another person: undo that link, with a reason, first', { linkedPersonId: current.personId }, [
      { field: 'personId', rule: 'linked_elsewhere', message: 'the incident is linked to another person: undo that link first' },
    ]);
  }
  return { type: 'person.linked', incidentId, personId, ...proposal };
}

/** Decides undoing the current link, with the reason it was wrong. */
export function decideUnlink(current: CurrentLink | null, incidentId: string, reason: string): PersonLinkEvent {
  if (!current) throw new DomainError('conflict', 'This incident is not linked to anyone', {}, [{ field: '', rule: 'not_linked', message: 'the incident is not linked to anyone' }]);
  return { type: 'person.unlinked', incidentId, personId: current.personId, reason };
}
