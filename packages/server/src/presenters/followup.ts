import {
  can,
  episodeAlerts,
  nextDueAt,
  PROGRAMMES,
  REFERRAL_TRANSITIONS,
  unansweredAttempts,
  type EpisodeAlert,
  type EpisodeState,
  type FieldClass,
  type Principal,
} from '@continuum/domain';
import type { EpisodeAlertView, EpisodeView } from '@continuum/contracts';

/** The classes an episode's fields fall in: what a reader may be shown of one. */
export const EPISODE_FIELD_CLASSES: readonly FieldClass[] = ['operational', 'identity', 'clinical'];

/** The classes of an episode a reader with `readable` is shown. */
export const disclosedEpisodeClasses = (readable: readonly FieldClass[]): FieldClass[] => EPISODE_FIELD_CLASSES.filter((c) => readable.includes(c));

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function alertView(a: EpisodeAlert): EpisodeAlertView {
  switch (a.code) {
    case 'first_contact_overdue':
    case 'window_passed':
      return { code: a.code, at: a.since.toISOString() };
    case 'first_contact_due':
    case 'window_ending':
      return { code: a.code, at: a.at.toISOString() };
    case 'task_overdue':
      return { code: a.code, at: a.since.toISOString(), taskId: a.taskId };
    case 'task_due':
      return { code: a.code, at: a.at.toISOString(), taskId: a.taskId };
    case 'attempts_exhausted':
      return { code: a.code, at: null };
  }
}

/**
 * An episode as the reader may see it, allow-listed field by field. Operational facts (dates,
 * counts, outcomes, alerts) for every reader; the person's reference is identity; notes, tasks,
 * referrals and the closure note are clinical (what was said, which service was needed).
 */
export function presentEpisode(s: EpisodeState, principal: Principal, readable: readonly FieldClass[], now: Date): EpisodeView {
  const clinical = readable.includes('clinical');
  const identity = readable.includes('identity');
  const view: EpisodeView = {
    id: s.id,
    incidentId: s.incidentId,
    agencyId: s.agencyId,
    programme: s.programme,
    programmeLabel: PROGRAMMES[s.programme].label,
    status: s.status,
    version: s.version,
    assignedTo: s.assignedTo,
    openedAt: s.openedAt.toISOString(),
    firstContactDueAt: s.firstContactDueAt.toISOString(),
    firstContactAt: iso(s.firstContactAt),
    minimumUntil: s.minimumUntil.toISOString(),
    windowEndsAt: s.windowEndsAt.toISOString(),
    attemptLimit: PROGRAMMES[s.programme].maxAttempts,
    unansweredAttempts: unansweredAttempts(s),
    nextDueAt: nextDueAt(s).toISOString(),
    alerts: episodeAlerts(s, now).map(alertView),
    attempts: s.attempts.map((a) => ({ id: a.id, outcome: a.outcome, at: a.at.toISOString(), ...(clinical ? { note: a.note } : {}) })),
    closure: s.closure ? { reason: s.closure.reason, closedAt: s.closure.closedAt.toISOString(), ...(clinical ? { note: s.closure.note } : {}) } : null,
    canManage: can(principal, 'followup.manage'),
    redacted: EPISODE_FIELD_CLASSES.filter((c) => !readable.includes(c)),
  };
  if (identity) view.personRef = s.personRef;
  if (clinical) {
    view.tasks = s.tasks.map((t) => ({ id: t.id, title: t.title, dueAt: t.dueAt.toISOString(), completedAt: iso(t.completedAt) }));
    view.referrals = s.referrals.map((r) => ({
      id: r.id,
      providerName: r.providerName,
      providerAgencyId: r.providerAgencyId,
      service: r.service,
      status: r.status,
      appointmentAt: iso(r.appointmentAt),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      nextStatuses: [...REFERRAL_TRANSITIONS[r.status]],
    }));
  }
  return view;
}
