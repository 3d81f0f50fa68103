import type { FollowupEvent } from './events.ts';
import { AFTER_CONTACT, nextStatus } from './transitions.ts';
import type { EpisodeState } from './types.ts';

const date = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

/** Folds one event into the episode projection (null before `followup.opened`). */
export function applyFollowupEvent(state: EpisodeState | null, event: FollowupEvent, meta: { episodeId: string; sequence: number; occurredAt: Date }): EpisodeState {
  if (event.type === 'followup.opened') {
    const d = event.data;
    return {
      id: meta.episodeId,
      incidentId: d.incidentId,
      agencyId: d.agencyId,
      regionId: d.regionId,
      programme: d.programme,
      personRef: d.personRef,
      assignedTo: d.assignedTo,
      status: 'open',
      version: meta.sequence,
      openedAt: meta.occurredAt,
      firstContactDueAt: new Date(d.firstContactDueAt),
      firstContactAt: null,
      minimumUntil: new Date(d.minimumUntil),
      windowEndsAt: new Date(d.windowEndsAt),
      attempts: [],
      tasks: [],
      referrals: [],
      closure: null,
      updatedAt: meta.occurredAt,
    };
  }
  if (!state) throw new Error(`${event.type} before followup.opened`);
  const s: EpisodeState = { ...state, version: meta.sequence, updatedAt: meta.occurredAt };
  switch (event.type) {
    case 'followup.attempt_logged': {
      const d = event.data;
      const at = new Date(d.at);
      const contact = d.outcome === 'reached' || d.outcome === 'visit';
      return {
        ...s,
        attempts: [...s.attempts, { id: d.attemptId, outcome: d.outcome, at, note: d.note, actorId: d.actorId }],
        ...(contact ? { status: AFTER_CONTACT[s.status] ?? s.status, firstContactAt: s.firstContactAt ?? at } : {}),
      };
    }
    case 'followup.task_added':
      return { ...s, tasks: [...s.tasks, { id: event.data.taskId, title: event.data.title, dueAt: new Date(event.data.dueAt), completedAt: null }] };
    case 'followup.task_completed':
      return { ...s, tasks: s.tasks.map((t) => (t.id === event.data.taskId ? { ...t, completedAt: meta.occurredAt } : t)) };
    case 'followup.referral_made': {
      const d = event.data;
      const referral = { id: d.referralId, providerName: d.providerName, providerAgencyId: d.providerAgencyId, service: d.service, status: 'requested' as const, appointmentAt: date(d.appointmentAt), createdAt: meta.occurredAt, updatedAt: meta.occurredAt };
      return { ...s, status: nextStatus('refer', s.status), referrals: [...s.referrals, referral] };
    }
    case 'followup.referral_status_changed': {
      const d = event.data;
      return {
        ...s,
        referrals: s.referrals.map((r) => (r.id === d.referralId ? { ...r, status: d.to, appointmentAt: date(d.appointmentAt) ?? r.appointmentAt, updatedAt: meta.occurredAt } : r)),
      };
    }
    case 'followup.assigned':
      return { ...s, assignedTo: event.data.assignedTo };
    case 'followup.closed':
      return { ...s, status: nextStatus('close', s.status), closure: { reason: event.data.reason, note: event.data.note, closedAt: meta.occurredAt } };
    default: {
      const never: never = event;
      throw new Error(`unknown follow-up event ${(never as FollowupEvent).type}`);
    }
  }
}
