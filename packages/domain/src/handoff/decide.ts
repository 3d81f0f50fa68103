import { DomainError, invalid } from '../errors.ts';
import { AGENCY_KIND_LABELS, HANDOFF_KIND_LABELS, HANDOFF_RECEIVERS, takesHandoff } from './receivers.ts';
import { HANDOFF_TRANSITIONS, type HandoffAction } from './transitions.ts';
import type { Handoff, HandoffEvent, HandoffKind } from './types.ts';

/** The agency a hand-off is offered to, as the directory knows it. */
export interface ReceivingAgency {
  id: string;
  kind: string;
  name: string;
  regionId: string;
}

export interface OfferInput {
  incidentId: string;
  regionId: string;
  fromAgencyId: string;
  kind: HandoffKind;
  toAgencyId: string;
  note: string | null;
}

/** A receiver the offer cannot go to: 422 (unknown_reference), naming the field and the rule. */
const refuseReceiver = (field: string, rule: string, message: string) => new DomainError('unknown_reference', `${field}: ${message}`, {}, [{ field, rule, message }]);

/**
 * Decides an offer, or refuses it naming the field and the rule: an unknown agency, one outside
 * the incident's region, the sender itself, one that does not take this kind (with what it does
 * take), or an incident that already waits on an open hand-off.
 */
export function decideOffer(input: OfferInput, receiver: ReceivingAgency | null, open: readonly Pick<Handoff, 'id' | 'toAgencyId'>[]): HandoffEvent {
  if (!receiver) throw refuseReceiver('toAgencyId', 'unknown_agency', `there is no agency "${input.toAgencyId}"`);
  if (receiver.id === input.fromAgencyId) throw refuseReceiver('toAgencyId', 'same_agency', 'a hand-off goes to another agency, not to your own');
  if (receiver.regionId !== input.regionId) throw refuseReceiver('toAgencyId', 'other_region', `${receiver.name} is not in this call's region`);
  if (!takesHandoff(receiver.kind, input.kind)) {
    const takes = HANDOFF_RECEIVERS[receiver.kind] ?? [];
    const what = AGENCY_KIND_LABELS[receiver.kind] ?? `an agency of kind "${receiver.kind.replaceAll('_', ' ')}"`;
    const message = takes.length
      ? `${receiver.name} (${what}) takes ${takes.map((k) => HANDOFF_KIND_LABELS[k]).join(' and ')}, not ${HANDOFF_KIND_LABELS[input.kind]}`
      : `${receiver.name} (${what}) takes no hand-offs`;
    throw refuseReceiver('kind', 'kind_not_taken', message);
  }
  if (open.length > 0) {
    throw new DomainError('conflict', 'This call is already offered to another agency; wait for its answer', { handoffId: open[0]!.id, toAgencyId: open[0]!.toAgencyId });
  }
  return {
    type: 'handoff.offered',
    data: { ...input, toAgencyKind: receiver.kind, rolledFromId: null },
  };
}

export type HandoffCommand =
  | { action: 'accept' }
  | { action: 'decline'; reason: string }
  | { action: 'expire' }
  | { action: 'roll_over'; toHandoffId: string; toAgencyId: string }
  | { action: 'alert_supervisor' };

/**
 * Decides a step of a hand-off, or refuses it naming where the hand-off stands. Accepting one
 * already taken is a conflict that names who took it (`acceptedBy`), for the second receiver.
 */
export function decideHandoff(h: Handoff, command: HandoffCommand): HandoffEvent {
  const rule = HANDOFF_TRANSITIONS[command.action];
  if (!rule.from.includes(h.state)) {
    throw new DomainError('conflict', refusal(h, command.action), {
      currentState: h.state,
      action: command.action,
      version: h.version,
      ...(h.state === 'accepted' ? { acceptedBy: h.decidedBy, acceptedAt: h.decidedAt?.toISOString() } : {}),
    });
  }
  switch (command.action) {
    case 'accept':
      return { type: 'handoff.accepted', data: {} };
    case 'decline': {
      const reason = command.reason.trim();
      if (!reason) throw invalid([{ field: 'reason', rule: 'required', message: 'say why the hand-off is declined, so the sender can act on it' }]);
      return { type: 'handoff.declined', data: { reason } };
    }
    case 'expire':
      return { type: 'handoff.expired', data: {} };
    case 'roll_over':
      return { type: 'handoff.rolled_over', data: { toHandoffId: command.toHandoffId, toAgencyId: command.toAgencyId } };
    case 'alert_supervisor':
      if (h.supervisorAlertedAt) throw new DomainError('conflict', 'The supervisor was already alerted', { currentState: h.state });
      return { type: 'handoff.supervisor_alerted', data: {} };
  }
}

function refusal(h: Handoff, action: HandoffAction): string {
  if (action === 'accept' && h.state === 'accepted') return 'This hand-off was already accepted';
  return `Cannot ${action.replaceAll('_', ' ')} a hand-off that is ${h.state.replaceAll('_', ' ')}`;
}

/** The offer that rolls an expired 988 contact over to the backup centre, keeping what was said. */
export function rolloverOffer(expired: Handoff, backup: ReceivingAgency): HandoffEvent {
  return {
    type: 'handoff.offered',
    data: {
      incidentId: expired.incidentId,
      regionId: expired.regionId,
      kind: expired.kind,
      fromAgencyId: expired.fromAgencyId,
      toAgencyId: backup.id,
      toAgencyKind: backup.kind,
      note: expired.note,
      rolledFromId: expired.id,
    },
  };
}
