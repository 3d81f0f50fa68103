import type { EpisodeStatus, ReferralStatus } from './types.ts';

/** What a case manager does on an episode. */
export const EPISODE_ACTIONS = ['log_attempt', 'add_task', 'complete_task', 'refer', 'update_referral', 'assign', 'close'] as const;
export type EpisodeAction = (typeof EPISODE_ACTIONS)[number];

const LIVE: EpisodeStatus[] = ['open', 'engaged', 'referred'];

/**
 * The episode state machine as data. Every action works on a live episode and none on a closed
 * one: a closed episode is the record of how follow-up ended, so a new crisis opens a new one.
 * `contact` moves an episode that was only open to engaged (the person was reached or visited);
 * `refer` moves it to referred (a warm hand-off is under way); later contacts keep it there.
 */
export const EPISODE_TRANSITIONS: Record<EpisodeAction, { from: EpisodeStatus[]; to: Partial<Record<EpisodeStatus, EpisodeStatus>> }> = {
  log_attempt: { from: LIVE, to: {} },
  add_task: { from: LIVE, to: {} },
  complete_task: { from: LIVE, to: {} },
  refer: { from: LIVE, to: { open: 'referred', engaged: 'referred' } },
  update_referral: { from: LIVE, to: {} },
  assign: { from: LIVE, to: {} },
  close: { from: LIVE, to: { open: 'closed', engaged: 'closed', referred: 'closed' } },
};

/** A contact made (reached, visited) moves an open episode to engaged and nothing else. */
export const AFTER_CONTACT: Partial<Record<EpisodeStatus, EpisodeStatus>> = { open: 'engaged' };

/**
 * The referral state machine as data. Declined (by the provider or the person) and cancelled end
 * a referral from any live stage; completed follows a kept first appointment.
 */
export const REFERRAL_TRANSITIONS: Record<ReferralStatus, readonly ReferralStatus[]> = {
  requested: ['accepted', 'declined', 'cancelled'],
  accepted: ['first_appointment_kept', 'declined', 'cancelled'],
  first_appointment_kept: ['completed', 'cancelled'],
  completed: [],
  declined: [],
  cancelled: [],
};

/** The statuses an episode action is allowed from, and where it leads (unchanged when absent). */
export const nextStatus = (action: EpisodeAction, from: EpisodeStatus): EpisodeStatus => EPISODE_TRANSITIONS[action].to[from] ?? from;
