import { HANDOFF_TRANSITIONS } from './transitions.ts';
import type { Handoff, HandoffEvent, HandoffState } from './types.ts';

const ACTION_OF: Record<Exclude<HandoffEvent['type'], 'handoff.offered'>, keyof typeof HANDOFF_TRANSITIONS> = {
  'handoff.accepted': 'accept',
  'handoff.declined': 'decline',
  'handoff.expired': 'expire',
  'handoff.rolled_over': 'roll_over',
  'handoff.supervisor_alerted': 'alert_supervisor',
};

/**
 * Folds one event into the projection. The fold checks the table again: a stored history that
 * skips a state (a corrupt or hand-edited row) fails loudly instead of projecting nonsense.
 */
export function applyHandoffEvent(s: Handoff | null, e: HandoffEvent, meta: { handoffId: string; sequence: number; occurredAt: Date; actorId: string }): Handoff {
  const at = meta.occurredAt;
  if (e.type === 'handoff.offered') {
    if (s) throw new Error(`hand-off ${meta.handoffId} is offered twice`);
    return {
      id: meta.handoffId,
      incidentId: e.data.incidentId,
      regionId: e.data.regionId,
      kind: e.data.kind,
      fromAgencyId: e.data.fromAgencyId,
      toAgencyId: e.data.toAgencyId,
      toAgencyKind: e.data.toAgencyKind,
      state: 'offered',
      version: meta.sequence,
      note: e.data.note,
      offeredAt: at,
      offeredBy: meta.actorId,
      decidedAt: null,
      decidedBy: null,
      declineReason: null,
      rolledFromId: e.data.rolledFromId,
      rolledToId: null,
      supervisorAlertedAt: null,
      steps: [{ state: 'offered', at, actorId: meta.actorId }],
      updatedAt: at,
    };
  }
  if (!s) throw new Error(`hand-off ${meta.handoffId} has ${e.type} before its offer`);
  const rule = HANDOFF_TRANSITIONS[ACTION_OF[e.type]];
  if (!rule.from.includes(s.state)) throw new Error(`hand-off ${meta.handoffId}: ${e.type} from ${s.state}`);
  const state: HandoffState = rule.to === 'keep' ? s.state : rule.to;
  const next: Handoff = { ...s, state, version: meta.sequence, updatedAt: at, steps: [...s.steps, { state: rule.to === 'keep' ? 'supervisor_alerted' : rule.to, at, actorId: meta.actorId }] };
  switch (e.type) {
    case 'handoff.accepted':
    case 'handoff.expired':
      return { ...next, decidedAt: at, decidedBy: meta.actorId };
    case 'handoff.declined':
      return { ...next, decidedAt: at, decidedBy: meta.actorId, declineReason: e.data.reason };
    case 'handoff.rolled_over':
      return { ...next, rolledToId: e.data.toHandoffId };
    case 'handoff.supervisor_alerted':
      return { ...next, supervisorAlertedAt: at };
  }
}
