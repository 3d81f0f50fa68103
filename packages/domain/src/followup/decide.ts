import { DomainError, invalid } from '../errors.ts';
import type { DecidedEvent } from '../incident/events.ts';
import type { FollowupEvent } from './events.ts';
import { PROGRAMMES, type ProgrammeId } from './programmes.ts';
import { EPISODE_TRANSITIONS, REFERRAL_TRANSITIONS, type EpisodeAction } from './transitions.ts';
import { CLOSURE_REASONS, type AttemptOutcome, type EpisodeState, type ReferralStatus } from './types.ts';

type Decided = DecidedEvent<FollowupEvent>[];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const one = (event: FollowupEvent, reason: string | null = null): Decided => [{ event, reason }];
const issue = (field: string, rule: string, message: string) => invalid([{ field, rule, message }]);
const clean = (text: string | null | undefined): string | null => (text?.trim() ? text.trim() : null);

/** Refuses an action the episode's status does not allow (every action, once it is closed). */
function allow(state: EpisodeState, action: EpisodeAction): void {
  const rule = EPISODE_TRANSITIONS[action];
  if (!rule.from.includes(state.status)) {
    throw new DomainError('illegal_transition', `Cannot ${action.replaceAll('_', ' ')} on an episode that is ${state.status}`, {
      currentStatus: state.status,
      action,
      version: state.version,
      allowedFrom: rule.from,
    });
  }
}

/** Unanswered attempts made before the person was first reached: what the programme's limit counts. */
export const unansweredAttempts = (state: EpisodeState): number =>
  state.firstContactAt === null ? state.attempts.filter((a) => a.outcome === 'no_answer' || a.outcome === 'left_message').length : 0;

/** Opens an episode: the first contact is due within the programme's hours, the window runs its days. */
export function openEpisode(input: {
  incidentId: string;
  agencyId: string;
  regionId: string;
  personRef?: string | null;
  programme: ProgrammeId;
  openedAt: Date;
  assignedTo: string | null;
}): Decided {
  const p = PROGRAMMES[input.programme];
  const at = input.openedAt.getTime();
  return one({
    type: 'followup.opened',
    data: {
      incidentId: input.incidentId,
      agencyId: input.agencyId,
      regionId: input.regionId,
      programme: p.id,
      personRef: clean(input.personRef),
      assignedTo: input.assignedTo,
      firstContactDueAt: new Date(at + p.firstContactWithinHours * HOUR).toISOString(),
      minimumUntil: new Date(at + p.minDays * DAY).toISOString(),
      windowEndsAt: new Date(at + p.maxDays * DAY).toISOString(),
    },
  });
}

/**
 * Logs a contact attempt. Unanswered tries stop at the programme's limit until the person is
 * reached; contact made is always recorded, since a person may call back after the last try.
 */
export function logAttempt(state: EpisodeState, input: { attemptId: string; outcome: AttemptOutcome; at: Date; note?: string | null; actorId: string }, now: Date): Decided {
  allow(state, 'log_attempt');
  if (input.at.getTime() > now.getTime()) throw issue('at', 'not_in_future', 'an attempt cannot be logged before it is made');
  if (input.at.getTime() < state.openedAt.getTime()) throw issue('at', 'after_opened', 'an attempt belongs after the episode opened');
  const limit = PROGRAMMES[state.programme].maxAttempts;
  const unanswered = input.outcome === 'no_answer' || input.outcome === 'left_message';
  if (unanswered && unansweredAttempts(state) >= limit) {
    throw issue(
      'outcome',
      'max_attempts',
      `${limit} of ${limit} contact attempts were made without reaching the person: log contact when they are reached, or close the episode as lost contact`,
    );
  }
  return one({ type: 'followup.attempt_logged', data: { attemptId: input.attemptId, outcome: input.outcome, at: input.at.toISOString(), note: clean(input.note), actorId: input.actorId } });
}

/** Adds a task with a due date; a task coming due is the episode's reminder. */
export function addTask(state: EpisodeState, input: { taskId: string; title: string; dueAt: Date }): Decided {
  allow(state, 'add_task');
  const title = clean(input.title);
  if (!title) throw issue('title', 'required', 'say what is to be done');
  if (input.dueAt.getTime() < state.openedAt.getTime()) throw issue('dueAt', 'after_opened', 'a task falls due after the episode opened');
  return one({ type: 'followup.task_added', data: { taskId: input.taskId, title, dueAt: input.dueAt.toISOString() } });
}

/**
 * Takes an episode into a case manager's own caseload, or hands it back to the agency's
 * (null): an episode opened from a disposition starts unassigned and someone must own it.
 */
export function assignEpisode(state: EpisodeState, assignee: string | null): Decided {
  allow(state, 'assign');
  if (state.assignedTo === assignee) {
    throw new DomainError('conflict', assignee ? 'This episode is already yours' : 'This episode is already unassigned', { assignedTo: state.assignedTo });
  }
  return one({ type: 'followup.assigned', data: { assignedTo: assignee } });
}

/** Marks a task done; a task done once stays done. */
export function completeTask(state: EpisodeState, taskId: string): Decided {
  allow(state, 'complete_task');
  const task = state.tasks.find((t) => t.id === taskId);
  if (!task) throw new DomainError('not_found', `Task ${taskId} was not found on this episode`, { resource: 'Task', id: taskId });
  if (task.completedAt) throw new DomainError('conflict', 'This task is already done', { taskId, completedAt: task.completedAt.toISOString() });
  return one({ type: 'followup.task_completed', data: { taskId } });
}

/** Starts a warm hand-off to a provider or facility, as requested. */
export function makeReferral(state: EpisodeState, input: { referralId: string; providerName: string; providerAgencyId?: string | null; service: string; appointmentAt?: Date | null }): Decided {
  allow(state, 'refer');
  const providerName = clean(input.providerName);
  const service = clean(input.service);
  if (!providerName) throw issue('providerName', 'required', 'name the provider or facility');
  if (!service) throw issue('service', 'required', 'say which service the person is referred to');
  return one({
    type: 'followup.referral_made',
    data: { referralId: input.referralId, providerName, providerAgencyId: input.providerAgencyId ?? null, service, appointmentAt: input.appointmentAt?.toISOString() ?? null },
  });
}

/** Moves a referral along its table (requested → accepted → first appointment kept → completed). */
export function changeReferralStatus(state: EpisodeState, input: { referralId: string; status: ReferralStatus; appointmentAt?: Date | null; reason?: string | null }): Decided {
  allow(state, 'update_referral');
  const referral = state.referrals.find((r) => r.id === input.referralId);
  if (!referral) throw new DomainError('not_found', `Referral ${input.referralId} was not found on this episode`, { resource: 'Referral', id: input.referralId });
  const allowed = REFERRAL_TRANSITIONS[referral.status];
  if (!allowed.includes(input.status)) {
    throw new DomainError('illegal_transition', `A referral that is ${referral.status.replaceAll('_', ' ')} cannot become ${input.status.replaceAll('_', ' ')}`, {
      currentStatus: referral.status,
      allowed,
    });
  }
  return one(
    { type: 'followup.referral_status_changed', data: { referralId: referral.id, from: referral.status, to: input.status, appointmentAt: input.appointmentAt?.toISOString() ?? null } },
    clean(input.reason),
  );
}

/**
 * Closes an episode with one of CLOSURE_REASONS. Before the programme's floor (3 days for 590,
 * 30 for CARES) an early "done" needs a note saying why; a person's refusal or lost contact does not.
 */
export function closeEpisode(state: EpisodeState, input: { reason?: string | null; note?: string | null }, now: Date): Decided {
  allow(state, 'close');
  const reason = clean(input.reason);
  if (!reason) throw issue('reason', 'required', `say how the episode ended: one of ${CLOSURE_REASONS.join(', ')}`);
  const closure = CLOSURE_REASONS.find((r) => r === reason);
  if (!closure) throw issue('reason', 'one_of', `must be one of ${CLOSURE_REASONS.join(', ')}`);
  const note = clean(input.note);
  const early = now.getTime() < state.minimumUntil.getTime();
  if (early && !note && (closure === 'connected_to_care' || closure === 'no_longer_needs_support')) {
    throw issue('note', 'required_before_minimum', `the programme keeps follow-up open until ${state.minimumUntil.toISOString()}: say why it ends sooner`);
  }
  return one({ type: 'followup.closed', data: { reason: closure, note } }, note);
}
