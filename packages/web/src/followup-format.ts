import type { EpisodeView } from '@continuum/sdk';
import { formatDateTime, fromRegionWall, toRegionWall } from './datetime.ts';

type Outcome = EpisodeView['attempts'][number]['outcome'];
type ReferralStatus = NonNullable<EpisodeView['referrals']>[number]['status'];
type ClosureReason = NonNullable<EpisodeView['closure']>['reason'];

export const OUTCOME_LABELS: Record<Outcome, string> = { reached: 'Reached by phone', no_answer: 'No answer', left_message: 'Left a message', visit: 'Visited in person' };
export const REFERRAL_LABELS: Record<ReferralStatus, string> = {
  requested: 'Requested',
  accepted: 'Accepted',
  first_appointment_kept: 'First appointment kept',
  completed: 'Completed',
  declined: 'Declined',
  cancelled: 'Cancelled',
};
export const CLOSURE_LABELS: Record<ClosureReason, string> = {
  connected_to_care: 'Connected to care',
  no_longer_needs_support: 'No longer needs support',
  declined: 'Declined follow-up',
  lost_contact: 'Lost contact',
};
/** Short programme names for the caseload's narrow column. */
export const PROGRAMME_SHORT: Record<EpisodeView['programme'], string> = { program_590_mcrt: 'Program 590', co_response: 'Co-response', youth_cares: 'Youth (CARES)' };
export const EPISODE_STATUS_LABELS: Record<EpisodeView['status'], string> = { open: 'Open', engaged: 'Engaged', referred: 'Referred', closed: 'Closed' };

/** A signed span in words: "in 3 h 20 min", "6 h overdue", "in 12 days". */
export function formatDue(iso: string, now: Date): string {
  const ms = new Date(iso).getTime() - now.getTime();
  const abs = Math.abs(ms);
  const minutes = Math.round(abs / 60_000);
  const days = Math.floor(abs / 86_400_000);
  const span = days >= 2 ? `${days} days` : minutes >= 60 ? `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}` : `${minutes} min`;
  return ms < 0 ? `${span} overdue` : `in ${span}`;
}

/** What the first contact column says: done when, or due / overdue by how much. */
export function firstContactText(e: EpisodeView, now: Date): { text: string; overdue: boolean } {
  if (e.firstContactAt) return { text: `Made ${formatDateTime(e.firstContactAt)}`, overdue: false };
  if (e.status === 'closed') return { text: 'None made', overdue: false };
  const overdue = new Date(e.firstContactDueAt).getTime() < now.getTime();
  return { text: overdue ? `Overdue: ${formatDue(e.firstContactDueAt, now).replace(' overdue', '')}` : `Due ${formatDue(e.firstContactDueAt, now)}`, overdue };
}

/** Attempts against the programme's limit, counted until the person is first reached. */
export const attemptsText = (e: EpisodeView): string => (e.firstContactAt ? `${e.attempts.length} logged, reached` : `${e.unansweredAttempts}/${e.attemptLimit} attempts`);

/** The value of an <input type="datetime-local"> as an ISO instant: typed in the region's time. */
export const localInputToIso = (value: string): string => fromRegionWall(value).toISOString();

/** An instant as an <input type="datetime-local"> value in the region's time. */
export const isoToLocalInput = (date: Date): string => toRegionWall(date);
