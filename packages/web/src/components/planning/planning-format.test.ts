import { describe, expect, it } from 'vitest';
import type { SimFigures } from '@continuum/contracts';
import { delta, emptyDraft, hasChanges, hourLabel, missesByHour, queryOf, standing, utilisationByHour, worstHours } from './planning-format.ts';

const level = (l: number, calls: number, responded: number, misses: number, withinMax: number | null, police: number | null) => ({
  level: l, calls, responded, p50: null, p90: null, p95: null, withinMax, crisisTeamShare: null, alternativeTeamShare: null, policeFallbackShare: police, noTeamShare: 0, meanQueueWait: null, queuedShare: null, misses,
});
const region = (misses: number[], util: number[], duty: number[]) => ({ id: 'r', name: 'R', teams: 2, utilisationByHour: util, missesByHour: misses, onDutyTeamsByHour: duty, followup: { caseManagers: 1, episodesOpened: 0, meanOpen: 0, openPerCaseManager: null, openedPerCaseManagerPerMonth: null } });
const figures = (over: Partial<SimFigures>): SimFigures => ({
  scenario: 's', seed: 1, days: 30, population: 1, events: 1,
  contacts: { total: 0, byEntry: {}, byLevel: {}, walkInsFacility: 0, walkInsEd: 0, channels988: {} },
  handoffs: { from911to988: 0, from988to911: 0 }, servedBy: {}, levels: [], counties: [], regions: [],
  teams: { jobs: 0, meanBusyMinutes: null, meanBusyTeams: 0 }, facilities: [], noPlace: 0, ...over,
});

describe('planning figures', () => {
  it('sends only the changes made, in the query the server reads', () => {
    const d = emptyDraft(30);
    expect(hasChanges(d)).toBe(false);
    expect(queryOf(d)).toEqual({ days: 30 });
    const changed = { ...d, add: [{ shift: 'night' as const, place: 'county.17019' }], move: [{ team: 'mcrt-night', place: 'facility.living-room' }], max2: '45', livingRoom: true };
    expect(hasChanges(changed)).toBe(true);
    expect(queryOf(changed)).toEqual({ days: 30, add: 'night@county.17019', move: 'mcrt-night@facility.living-room', max2: 45, livingRoom: 'always' });
  });

  it('reads level 2-3 standing, and the hours that miss most in either run, worst first', () => {
    const base = figures({ levels: [level(1, 50, 0, 0, null, null), level(2, 30, 30, 3, 0.9, 0.1), level(3, 10, 10, 1, 1, 0)], regions: [region([0, 2, 0, ...Array(20).fill(0), 5], Array(24).fill(0.5), Array(24).fill(2))] });
    const after = figures({ levels: base.levels, regions: [region([1, 0, 0, ...Array(20).fill(0), 1], Array(24).fill(0.25), Array(24).fill(4))] });
    const s = standing(base);
    expect(s.calls).toBe(40);
    expect(s.misses).toBe(4);
    expect(s.withinMax).toBeCloseTo(0.925, 6);
    expect(s.policeFallback).toBeCloseTo(0.075, 6);
    expect(missesByHour(base)[23]).toBe(5);
    expect(utilisationByHour(after)[0]).toBeCloseTo(0.25, 6);
    const hours = worstHours(base, after);
    expect(hours.length).toBeGreaterThan(0);
    expect(hours.map((h) => h.hour)).toEqual([23, 1, 0]);
    expect(hours[0]).toEqual({ hour: 23, base: 5, changed: 1 });
    expect(hourLabel(23)).toBe('23:00–00:00');
    expect(delta(12, 7)).toBe('−5');
    expect(delta(3, 3)).toBe('no change');
  });
});
