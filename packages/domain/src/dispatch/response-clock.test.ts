import { describe, expect, it } from 'vitest';
import type { Assignment } from './assignment-types.ts';
import { emptyResponse } from './assignment-fold.ts';
import { compareUrgency, DEFAULT_DISPATCH_TIMERS, dispatchAlerts, maximumMinutesOf, minutesLeft, responseIntervals, responseMaximumOf } from './response-clock.ts';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function assignment(overrides: Partial<Assignment> = {}): Assignment {
  return {
    unitId: 'mcrt-1', unitName: 'Mobile Crisis 1', agencyId: 'a', partnerAgencyIds: [], model: 'program_590_mcrt', mode: 'single', stage: 'assigned',
    assignedAt: at(5), acknowledgedAt: null, enRouteAt: null, onSceneAt: null, transportingAt: null, atDestinationAt: null,
    clearedAt: null, releasedAt: null, release: null, justification: null, destination: null, lastCheckInAt: null, panic: null,
    ...overrides,
  };
}

/** An incident received at T0 with a 30-minute plan and the given units. */
function incident(assignments: Assignment[], clock: Partial<ReturnType<typeof emptyResponse>['clock']> = {}) {
  const base = emptyResponse(new Date(T0));
  return {
    status: 'dispatched' as const,
    triage: { level: 3 as const, protocolVersion: 'p', factors: [], recommended: { responseType: 'mcrt', responders: [], maxResponseMinutes: 30, policeRecommended: false, justifications: [] } },
    response: { ...base, assignments, clock: { ...base.clock, ...clock } },
  };
}

describe('responseIntervals', () => {
  it('computes each interval in seconds once both ends are reached', () => {
    const i = responseIntervals({ receivedAt: at(0), triagedAt: at(2), dispatchedAt: at(4), acknowledgedAt: at(4.5), enRouteAt: at(5), onSceneAt: at(20), clearedAt: at(65) });
    expect(i).toEqual({ toTriage: 120, toDispatch: 120, toAcknowledge: 30, toEnRoute: 30, travel: 900, response: 1200, onScene: 2700, total: 3900 });
    expect(responseIntervals({ receivedAt: at(0), triagedAt: null, dispatchedAt: null, acknowledgedAt: null, enRouteAt: null, onSceneAt: null, clearedAt: null }).response).toBeNull();
  });
});

describe('dispatchAlerts', () => {
  const timers = { ...DEFAULT_DISPATCH_TIMERS, acknowledgeWithinSeconds: 90, checkInEveryMinutes: 15, nearingMaximumShare: 0.75 };

  it.each([
    ['nothing while a fresh assignment waits', [assignment()], 6, []],
    ['unacknowledged after 90 s', [assignment()], 7, ['unacknowledged']],
    ['nearing the maximum at 75% of it', [assignment({ stage: 'en_route', acknowledgedAt: at(5), enRouteAt: at(6) })], 23, ['nearing_maximum']],
    ['beyond the maximum with nobody on scene', [assignment({ stage: 'en_route', acknowledgedAt: at(5), enRouteAt: at(6) })], 31, ['beyond_maximum']],
    ['check-in overdue on scene', [assignment({ stage: 'on_scene', onSceneAt: at(10), lastCheckInAt: at(10) })], 26, ['check_in_overdue']],
    ['panic first, whatever else', [assignment({ panic: { at: at(6), position: null, resolvedAt: null } })], 31, ['panic', 'beyond_maximum', 'unacknowledged']],
    ['a resolved panic is no alert', [assignment({ stage: 'en_route', enRouteAt: at(6), panic: { at: at(6), position: null, resolvedAt: at(7) } })], 8, []],
  ])('%s', (_name, assignments, minute, codes) => {
    const onScene = assignments.find((a) => a.onSceneAt)?.onSceneAt ?? null;
    const alerts = dispatchAlerts(incident(assignments, { onSceneAt: onScene }), new Date(at(minute)), timers);
    expect(alerts.map((a) => a.code)).toEqual(codes);
  });

  it('the region’s maximum applies when the plan sets none; minutes left count from the call', () => {
    const s = incident([]);
    s.triage.recommended.maxResponseMinutes = null as unknown as number;
    expect(minutesLeft(s, new Date(at(10)), { regionalMaxMinutes: 60 })).toBe(50);
    expect(minutesLeft(incident([], { onSceneAt: at(9) }), new Date(at(10)), { regionalMaxMinutes: 60 })).toBeNull();
  });

  it('a level 4 call has no crisis-team maximum: no countdown and no clock alert, crews\' alerts still (issue 12 §7)', () => {
    const s = incident([assignment()]);
    s.triage.level = 4 as never;
    s.triage.recommended.maxResponseMinutes = null as unknown as number;
    expect(maximumMinutesOf(s, { regionalMaxMinutes: 60 })).toBeNull();
    expect(minutesLeft(s, new Date(at(10)), { regionalMaxMinutes: 60 })).toBeNull();
    expect(dispatchAlerts(s, new Date(at(90)), timers).map((a) => a.code)).toEqual(['unacknowledged']);
  });
});

describe('responseMaximumOf: the per-type maximum recorded from the protocol (issue 12 §7)', () => {
  const withYouth = (age: number | undefined) => {
    const s = incident([]);
    return { ...s, triage: { ...s.triage, recommended: { ...s.triage.recommended, youthMaxResponseMinutes: 120 } }, person: age === undefined ? {} : { age } };
  };
  it.each([
    ['a person under 21 runs on the plan’s youth figure', withYouth(16), { minutes: 120, basis: 'youth' }],
    ['an adult on the plan’s default', withYouth(34), { minutes: 30, basis: 'plan' }],
    ['an unknown age on the plan’s default', withYouth(undefined), { minutes: 30, basis: 'plan' }],
    ['a call routed to CARES on the CARES figure', { ...withYouth(16), caresMaxResponseMinutes: 100 }, { minutes: 100, basis: 'cares_youth' }],
  ])('%s', (_name, s, expected) => {
    expect(responseMaximumOf(s, { regionalMaxMinutes: 60 })).toEqual(expected);
  });

  it('a youth call counts down on its own figure; a plan without one falls back to the default, then the region', () => {
    expect(minutesLeft(withYouth(16), new Date(at(10)), { regionalMaxMinutes: 60 })).toBe(110);
    const noYouth = { ...incident([]), person: { age: 16 } };
    expect(responseMaximumOf(noYouth, { regionalMaxMinutes: 60 })).toEqual({ minutes: 30, basis: 'plan' });
    noYouth.triage.recommended.maxResponseMinutes = null as unknown as number;
    expect(responseMaximumOf(noYouth, { regionalMaxMinutes: 60 })).toEqual({ minutes: 60, basis: 'region' });
    const four = incident([]);
    four.triage.level = 4 as never;
    four.triage.recommended.maxResponseMinutes = null as unknown as number;
    expect(responseMaximumOf({ ...four, person: { age: 16 } }, { regionalMaxMinutes: 60 })).toEqual({ minutes: null, basis: 'none' });
  });
});

describe('compareUrgency', () => {
  it('orders panic, then level, then least time left, then oldest', () => {
    const rows = [
      { id: 'a', panic: false, level: 2, minutesLeft: 10, receivedAt: at(0) },
      { id: 'b', panic: false, level: 3, minutesLeft: 40, receivedAt: at(0) },
      { id: 'c', panic: true, level: 2, minutesLeft: null, receivedAt: at(0) },
      { id: 'd', panic: false, level: 3, minutesLeft: 5, receivedAt: at(1) },
      { id: 'e', panic: false, level: 3, minutesLeft: 5, receivedAt: at(0) },
    ];
    expect(rows.sort(compareUrgency).map((r) => r.id)).toEqual(['c', 'e', 'd', 'b', 'a']);
  });
});
