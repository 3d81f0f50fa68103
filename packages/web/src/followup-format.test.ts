import { describe, expect, it } from 'vitest';
import type { EpisodeView } from '@continuum/sdk';
import { attemptsText, firstContactText, formatDue, isoToLocalInput, localInputToIso } from './followup-format.ts';

const now = new Date('2026-11-22T12:00:00Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

describe('formatDue', () => {
  it.each([
    [45, 'in 45 min'],
    [200, 'in 3 h 20 min'],
    [-360, '6 h overdue'],
    [60 * 24 * 12, 'in 12 days'],
    [-60 * 24 * 3, '3 days overdue'],
  ])('%i minutes → %s', (minutes, text) => {
    expect(formatDue(at(minutes), now)).toBe(text);
  });
});

describe('caseload cells', () => {
  const episode = (o: Partial<EpisodeView>) => ({ firstContactAt: null, firstContactDueAt: at(-120), attempts: [], unansweredAttempts: 2, attemptLimit: 3, ...o }) as EpisodeView;
  it('says how overdue the first contact is, and attempts against the limit', () => {
    expect(firstContactText(episode({}), now)).toEqual({ text: 'Overdue: 2 h', overdue: true });
    expect(firstContactText(episode({ firstContactDueAt: at(90) }), now)).toEqual({ text: 'Due in 1 h 30 min', overdue: false });
    expect(attemptsText(episode({}))).toBe('2/3 attempts');
    expect(firstContactText(episode({ status: 'closed' }), now)).toEqual({ text: 'None made', overdue: false });
  });

  it('round-trips a datetime-local value', () => {
    const d = new Date(2026, 10, 22, 9, 30);
    expect(localInputToIso(isoToLocalInput(d))).toBe(d.toISOString());
  });

  it('reads and writes datetime-local values in the region\'s time, whatever the browser\'s zone', () => {
    // Champaign is on Central time: UTC-6 in November, UTC-5 in July.
    expect(localInputToIso('2026-11-22T09:30')).toBe('2026-11-22T15:30:00.000Z');
    expect(localInputToIso('2026-07-04T09:30')).toBe('2026-07-04T14:30:00.000Z');
    expect(isoToLocalInput(new Date('2026-11-23T02:15:00Z'))).toBe('2026-11-22T20:15');
  });
});
