import { describe, expect, it } from 'vitest';
import { applyFollowupEvent, caseloadOrder, episodeAlerts, openEpisode, type EpisodeState, type EpisodeTask } from './index.ts';

const now = new Date('2026-11-22T12:00:00Z');
const hoursFromNow = (h: number) => new Date(now.getTime() + h * 3_600_000);

/** An episode opened `openedHoursAgo` hours before now, with overrides. */
const buildEpisode = (id: string, openedHoursAgo: number, overrides: Partial<EpisodeState> = {}): EpisodeState => {
  const openedAt = hoursFromNow(-openedHoursAgo);
  const [decided] = openEpisode({ incidentId: 'i', agencyId: 'a', regionId: 'r', programme: 'program_590_mcrt', openedAt, assignedTo: 'cm' });
  return { ...applyFollowupEvent(null, decided!.event, { episodeId: id, sequence: 1, occurredAt: openedAt }), ...overrides };
};
const task = (id: string, dueInHours: number, done = false): EpisodeTask => ({ id, title: id, dueAt: hoursFromNow(dueInHours), completedAt: done ? now : null });

describe('episodeAlerts', () => {
  it.each([
    ['first contact due', buildEpisode('e', 2), ['first_contact_due']],
    ['first contact overdue', buildEpisode('e', 30), ['first_contact_overdue']],
    ['contacted: nothing due', buildEpisode('e', 30, { firstContactAt: hoursFromNow(-20) }), []],
    ['a task overdue and one coming due', buildEpisode('e', 30, { firstContactAt: now, tasks: [task('late', -1), task('soon', 5), task('later', 48), task('done', -5, true)] }), ['task_overdue', 'task_due']],
    ['window ending within 3 days', buildEpisode('e', 24 * 28, { firstContactAt: now }), ['window_ending']],
    ['window passed', buildEpisode('e', 24 * 31, { firstContactAt: now }), ['window_passed']],
    ['closed: nothing', buildEpisode('e', 30, { status: 'closed' }), []],
  ] as const)('%s', (_what, episode, codes) => {
    expect(episodeAlerts(episode, now).map((a) => a.code)).toEqual(codes);
  });

  it('attempts exhausted before the person was reached', () => {
    const attempts = ['a', 'b', 'c'].map((id) => ({ id, outcome: 'no_answer' as const, at: now, note: null, actorId: 'cm' }));
    const alerts = episodeAlerts(buildEpisode('e', 30, { attempts }), now);
    expect(alerts).toContainEqual({ code: 'attempts_exhausted', attempts: 3 });
  });
});

describe('caseloadOrder', () => {
  it('puts overdue first contact first, then overdue tasks, then what falls due next, closed last', () => {
    const episodes = [
      buildEpisode('next-later', 1, { firstContactAt: now, tasks: [task('t', 40)] }),
      buildEpisode('closed', 50, { status: 'closed' }),
      buildEpisode('task-late', 2, { firstContactAt: now, tasks: [task('t', -3)] }),
      buildEpisode('contact-late-1h', 25),
      buildEpisode('next-soon', 1, { firstContactAt: now, tasks: [task('t', 2)] }),
      buildEpisode('contact-late-10h', 34),
      buildEpisode('contact-due', 20),
    ];
    expect(caseloadOrder(episodes, now).map((e) => e.id)).toEqual(['contact-late-10h', 'contact-late-1h', 'task-late', 'next-soon', 'contact-due', 'next-later', 'closed']);
  });

  it('does not reorder its input', () => {
    const input = [buildEpisode('b', 1), buildEpisode('a', 40)];
    caseloadOrder(input, now);
    expect(input.map((e) => e.id)).toEqual(['b', 'a']);
  });
});
