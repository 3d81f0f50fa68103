import { unansweredAttempts } from './decide.ts';
import { PROGRAMMES } from './programmes.ts';
import type { EpisodeState } from './types.ts';

/** How soon before it is due a task shows as a reminder. */
export const REMINDER_HOURS = 24;
/** How soon before the window ends the episode is flagged for a closure review. */
export const WINDOW_REVIEW_DAYS = 3;

export type EpisodeAlert =
  | { code: 'first_contact_overdue'; since: Date }
  | { code: 'first_contact_due'; at: Date }
  | { code: 'task_overdue'; taskId: string; since: Date }
  | { code: 'task_due'; taskId: string; at: Date }
  | { code: 'attempts_exhausted'; attempts: number }
  | { code: 'window_ending'; at: Date }
  | { code: 'window_passed'; since: Date };

const HOUR = 3_600_000;

/**
 * What needs the case manager now, computed rather than stored so the caseload and the
 * console's tick judge alike and nothing has to run on a timer. Closed episodes need nothing.
 */
export function episodeAlerts(episode: EpisodeState, now: Date): EpisodeAlert[] {
  if (episode.status === 'closed') return [];
  const t = now.getTime();
  const alerts: EpisodeAlert[] = [];
  if (episode.firstContactAt === null) {
    if (t > episode.firstContactDueAt.getTime()) alerts.push({ code: 'first_contact_overdue', since: episode.firstContactDueAt });
    else alerts.push({ code: 'first_contact_due', at: episode.firstContactDueAt });
    const limit = PROGRAMMES[episode.programme].maxAttempts;
    if (unansweredAttempts(episode) >= limit) alerts.push({ code: 'attempts_exhausted', attempts: limit });
  }
  for (const task of episode.tasks) {
    if (task.completedAt) continue;
    const due = task.dueAt.getTime();
    if (t > due) alerts.push({ code: 'task_overdue', taskId: task.id, since: task.dueAt });
    else if (due - t <= REMINDER_HOURS * HOUR) alerts.push({ code: 'task_due', taskId: task.id, at: task.dueAt });
  }
  const end = episode.windowEndsAt.getTime();
  if (t > end) alerts.push({ code: 'window_passed', since: episode.windowEndsAt });
  else if (end - t <= WINDOW_REVIEW_DAYS * 24 * HOUR) alerts.push({ code: 'window_ending', at: episode.windowEndsAt });
  return alerts;
}

/** The next time something on the episode falls due: first contact, an open task, or the window's end. */
export function nextDueAt(episode: EpisodeState): Date {
  const times = [episode.windowEndsAt.getTime(), ...episode.tasks.filter((x) => !x.completedAt).map((x) => x.dueAt.getTime())];
  if (episode.firstContactAt === null) times.push(episode.firstContactDueAt.getTime());
  return new Date(Math.min(...times));
}

const oldestOverdueTask = (e: EpisodeState, t: number): number | null => {
  const overdue = e.tasks.filter((x) => !x.completedAt && x.dueAt.getTime() < t).map((x) => x.dueAt.getTime());
  return overdue.length ? Math.min(...overdue) : null;
};

/**
 * The caseload, overdue first: episodes whose first contact is overdue (longest overdue first),
 * then those with an overdue task (oldest first), then the rest by what falls due next. Closed
 * episodes go last; ties fall back to the id so that the order is stable.
 */
export function caseloadOrder(episodes: readonly EpisodeState[], now: Date): EpisodeState[] {
  const t = now.getTime();
  const key = (e: EpisodeState): [number, number] => {
    if (e.status === 'closed') return [3, e.updatedAt.getTime()];
    if (e.firstContactAt === null && e.firstContactDueAt.getTime() < t) return [0, e.firstContactDueAt.getTime()];
    const task = oldestOverdueTask(e, t);
    if (task !== null) return [1, task];
    return [2, nextDueAt(e).getTime()];
  };
  return [...episodes]
    .map((e) => ({ e, k: key(e) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.e.id.localeCompare(b.e.id))
    .map((x) => x.e);
}
