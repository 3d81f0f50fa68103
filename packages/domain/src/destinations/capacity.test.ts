import { describe, expect, it } from 'vitest';
import { availableNow, capacityAge, capacityUpdateIssues, DEFAULT_ARRIVAL_HOLD_MINUTES, holdsPlace, isCapacityStale, pendingCount } from './capacity.ts';

describe('availableNow', () => {
  it.each([
    ['no arrivals on the way', 4, 0, { availableNow: 4, pending: 0, overCommitted: false, shortBy: 0 }],
    ['two arrivals against four chairs', 4, 2, { availableNow: 2, pending: 2, overCommitted: false, shortBy: 0 }],
    ['exactly full', 2, 2, { availableNow: 0, pending: 2, overCommitted: false, shortBy: 0 }],
    ['more on the way than room: never below zero, flagged', 1, 3, { availableNow: 0, pending: 3, overCommitted: true, shortBy: 2 }],
    ['full with nobody on the way', 0, 0, { availableNow: 0, pending: 0, overCommitted: false, shortBy: 0 }],
  ] as const)('%s', (_name, available, pending, expected) => {
    expect(availableNow({ available }, pending)).toEqual(expected);
  });

  it('counts only arrivals still announced', () => {
    expect(pendingCount([{ status: 'announced' }, { status: 'confirmed' }, { status: 'cancelled' }, { status: 'announced' }])).toBe(2);
  });
});

describe('capacityAge and isCapacityStale', () => {
  const now = new Date('2026-11-22T18:00:00Z');
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  it.each([
    ['just reported', ago(0), 0, false],
    ['an hour old', ago(60), 3600, false],
    ['exactly at the limit', ago(120), 7200, false],
    ['a minute past the limit', ago(121), 7260, true],
    ['a clock a little ahead of ours', new Date(now.getTime() + 5000), 0, false],
    ['never reported', null, null, true],
  ] as const)('%s', (_name, reportedAt, age, stale) => {
    expect(capacityAge(reportedAt, now)).toBe(age);
    expect(isCapacityStale(reportedAt, now, 120)).toBe(stale);
  });
});

describe('capacityUpdateIssues', () => {
  const rules = (update: Parameters<typeof capacityUpdateIssues>[0], total: number | null = 6) =>
    capacityUpdateIssues(update, { total }).map((i) => [i.field, i.rule]);
  it.each([
    ['a figure within the total', { available: 3 }, 6, []],
    ['zero: full', { available: 0 }, 6, []],
    ['below zero', { available: -1 }, 6, [['available', 'min']]],
    ['a fraction', { available: 1.5 }, 6, [['available', 'integer']]],
    ['more than the total on record', { available: 7 }, 6, [['available', 'max_total']]],
    ['more than a new total', { available: 5, total: 4 }, 6, [['available', 'max_total']]],
    ['a new, larger total', { available: 8, total: 10 }, 6, []],
    ['a negative total', { available: 0, total: -2 }, 6, [['total', 'min']]],
    ['no total on record: only the floor applies', { available: 40 }, null, []],
    ['absurdly large', { available: 1_000_000 }, null, [['available', 'max']]],
  ] as const)('%s', (_name, update, total, expected) => {
    expect(rules(update, total)).toEqual(expected);
  });
});

describe('holdsPlace', () => {
  const announcedAt = new Date('2026-03-01T12:00:00Z');
  it.each([
    ['an announced arrival inside the hold', 'announced', 239, true],
    ['an announced arrival at the hold', 'announced', 240, true],
    ['an announced arrival past the hold', 'announced', 241, false],
    ['a confirmed arrival', 'confirmed', 10, false],
    ['a cancelled arrival', 'cancelled', 10, false],
  ] as const)('%s', (_name, status, minutes, expected) => {
    expect(holdsPlace({ status, announcedAt }, new Date(announcedAt.getTime() + minutes * 60_000), DEFAULT_ARRIVAL_HOLD_MINUTES)).toBe(expected);
  });
});
