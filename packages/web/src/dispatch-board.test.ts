import { describe, expect, it } from 'vitest';
import type { AssignmentView, UnitView } from '@continuum/contracts';
import { ApiError } from '@continuum/sdk';
import { boardStyle, isPmtilesUrl, overlayCounties, unitMarkerLook } from './board-map.ts';
import {
  awaitsLocation, formatCountdown, formatPositionAge, liveAlerts, needsCessa30, onBoard, planRefusal, secondsLeft, stepSelection, togglePick, type QueueItem,
} from './dispatch-board.ts';

const RECEIVED = '2026-03-01T12:00:00.000Z';
const at = (minutes: number, seconds = 0) => new Date(Date.parse(RECEIVED) + minutes * 60_000 + seconds * 1000);
const TIMERS = { acknowledgeWithinSeconds: 90, checkInEveryMinutes: 15, nearingMaximumShare: 0.75, regionalMaxMinutes: 60 };

const assignment = (overrides: Partial<AssignmentView> = {}): AssignmentView => ({
  unitId: 'mcrt-1', unitName: 'MCRT 1', agencyId: 'a', model: 'mcrt', mode: 'single', stage: 'assigned', assignedAt: at(5).toISOString(),
  acknowledgedAt: null, enRouteAt: null, onSceneAt: null, transportingAt: null, atDestinationAt: null, clearedAt: null, releasedAt: null,
  release: null, justification: null, destination: null, destinationFacilityId: null, lastCheckInAt: null, panic: null, allowedActions: [], ...overrides,
});

function buildItem(opts: { max?: number | null; onSceneAt?: string | null; assignments?: AssignmentView[] } = {}): QueueItem {
  const clock = { receivedAt: RECEIVED, triagedAt: null, dispatchedAt: null, acknowledgedAt: null, enRouteAt: null, onSceneAt: opts.onSceneAt ?? null, clearedAt: null };
  return {
    incident: { id: 'i-1', status: 'awaiting_dispatch', riskLevel: 3 } as QueueItem['incident'],
    response: {
      incidentId: 'i-1', version: 3, assignments: opts.assignments ?? [], clock, alerts: [], maxResponseMinutes: opts.max === undefined ? 30 : opts.max, maximumBasis: opts.max === null ? 'none' : 'plan', minutesLeft: null,
      intervals: { toTriage: null, toDispatch: null, toAcknowledge: null, toEnRoute: null, travel: null, response: null, onScene: null, total: null },
    },
  };
}

describe('the countdown to the maximum response time', () => {
  it('counts the seconds left from the call, by the incident\'s own maximum', () => {
    expect(secondsLeft(buildItem({ max: 30 }), at(10))).toBe(20 * 60);
    expect(secondsLeft(buildItem({ max: 30 }), at(10, 1))).toBe(20 * 60 - 1);
    expect(secondsLeft(buildItem({ max: 30 }), at(31))).toBe(-60);
  });

  it('stops once someone is on scene', () => {
    expect(secondsLeft(buildItem({ onSceneAt: at(12).toISOString() }), at(40))).toBeNull();
  });

  it('runs no countdown and raises no clock alert for a level 4 call, which has no crisis-team maximum (issue 12 §7)', () => {
    const item = buildItem({ max: null, assignments: [assignment()] });
    expect(secondsLeft(item, at(90))).toBeNull();
    // The crew's own alert still shows; the maximum's do not.
    expect(liveAlerts(item, TIMERS, at(90)).map((a) => a.code)).toEqual(['unacknowledged']);
    expect(liveAlerts(buildItem({ max: 30, assignments: [assignment()] }), TIMERS, at(90)).map((a) => a.code)).toContain('beyond_maximum');
  });

  it.each([
    [1204, '20:04 left'],
    [59, '0:59 left'],
    [3723, '1:02:03 left'],
    [0, '0:00 left'],
    [-190, '3:10 over'],
  ])('reads %i s as "%s"', (seconds, text) => {
    expect(formatCountdown(seconds)).toBe(text);
  });
});

describe('alerts recomputed on the board', () => {
  it('raises "not acknowledged" at 90 s after the assignment, without a refetch', () => {
    const item = buildItem({ max: 60, assignments: [assignment({ assignedAt: at(5).toISOString() })] });
    expect(liveAlerts(item, TIMERS, at(6, 29)).map((a) => a.code)).toEqual([]);
    expect(liveAlerts(item, TIMERS, at(6, 31)).map((a) => a.code)).toEqual(['unacknowledged']);
  });

  it('judges nearing and beyond by the maximum the server resolved, not the regional default', () => {
    const item = buildItem({ max: 20 });
    expect(liveAlerts(item, TIMERS, at(14)).map((a) => a.code)).toEqual([]);
    expect(liveAlerts(item, TIMERS, at(16)).map((a) => a.code)).toEqual(['nearing_maximum']);
    expect(liveAlerts(item, TIMERS, at(21)).map((a) => a.code)).toEqual(['beyond_maximum']);
  });

  it('puts an open panic first, and drops it once resolved', () => {
    const panic = { at: at(8).toISOString(), resolvedAt: null };
    const item = buildItem({ max: 20, assignments: [assignment({ stage: 'en_route', acknowledgedAt: at(6).toISOString(), panic })] });
    expect(liveAlerts(item, TIMERS, at(25)).map((a) => a.code)).toEqual(['panic', 'beyond_maximum']);
    const resolved = buildItem({ max: 20, assignments: [assignment({ stage: 'en_route', panic: { ...panic, resolvedAt: at(9).toISOString() } })] });
    expect(liveAlerts(resolved, TIMERS, at(25)).map((a) => a.code)).toEqual(['beyond_maximum']);
  });
});

describe('picking and moving with the keyboard', () => {
  const ranked = [{ unitId: 'a' }, { unitId: 'b' }, { unitId: 'c' }];
  it('toggles the unit a number key names, and ignores a number past the list', () => {
    expect(togglePick([], ranked, 1)).toEqual(['a']);
    expect(togglePick(['a'], ranked, 3)).toEqual(['a', 'c']);
    expect(togglePick(['a', 'c'], ranked, 1)).toEqual(['c']);
    expect(togglePick(['a'], ranked, 5)).toEqual(['a']);
  });

  it('steps through the queue and stops at either end', () => {
    expect(stepSelection(['x', 'y', 'z'], null, 1)).toBe('x');
    expect(stepSelection(['x', 'y', 'z'], null, -1)).toBe('z');
    expect(stepSelection(['x', 'y', 'z'], 'y', 1)).toBe('z');
    expect(stepSelection(['x', 'y', 'z'], 'z', 1)).toBe('z');
    expect(stepSelection(['x', 'y', 'z'], 'x', -1)).toBe('x');
    expect(stepSelection(['x', 'y'], 'gone', 1)).toBe('x');
    expect(stepSelection([], 'x', 1)).toBeNull();
  });
});

describe('a refusal by the plan check', () => {
  const refusal = (issues: { field: string; rule: string; message: string }[], status = 422) =>
    new ApiError({ status, code: 'unprocessable', message: 'Refused', issues });

  it('reads the justification issues of a 422, and whether police need a §30 ground', () => {
    const r = planRefusal(refusal([{ field: 'justification', rule: 'police_not_in_plan', message: 'Police are not in the plan' }]));
    expect(r).toEqual({ rules: ['police_not_in_plan'], messages: ['Police are not in the plan'] });
    expect(needsCessa30(r!)).toBe(true);
    expect(needsCessa30(planRefusal(refusal([{ field: 'justification', rule: 'model_mismatch', message: 'Not an MCRT' }], 400))!)).toBe(false);
  });

  it('leaves issues about a given justification to the form fields', () => {
    expect(planRefusal(refusal([{ field: 'justification.cessa30', rule: 'cessa_30_required', message: 'Needs a ground' }], 400))).toBeNull();
  });

  it('is null for any other failure, so its message is shown as it is', () => {
    expect(planRefusal(refusal([{ field: 'units', rule: 'not_available', message: 'Busy' }]))).toBeNull();
    expect(planRefusal(refusal([{ field: 'justification', rule: 'x', message: 'x' }], 409))).toBeNull();
    expect(planRefusal(new Error('boom'))).toBeNull();
  });
});

describe('a recommendation refused while the caller\'s place is unknown', () => {
  const refusal = (issues: { field: string; rule: string; message: string }[], status = 400, code = 'validation_failed') =>
    new ApiError({ status, code, message: 'Invalid', issues });
  const UNKNOWN = { field: 'location', rule: 'location_unknown', message: 'the caller\'s location is unknown: keep talking' };

  it('reads the location_unknown issue of a 400 or a 422 as a call still waiting for its place', () => {
    expect(awaitsLocation(refusal([UNKNOWN]))).toBe(true);
    expect(awaitsLocation(refusal([UNKNOWN], 422, 'unprocessable'))).toBe(true);
  });

  it('leaves every other failure an error, including other location refusals', () => {
    expect(awaitsLocation(refusal([{ field: 'location', rule: 'no_coordinates', message: 'place it on the map' }]))).toBe(false);
    expect(awaitsLocation(refusal([{ field: 'incident', rule: 'not_triaged', message: 'triage the call first' }]))).toBe(false);
    expect(awaitsLocation(refusal([{ field: 'place', rule: 'location_unknown', message: 'x' }]))).toBe(false);
    expect(awaitsLocation(refusal([UNKNOWN], 500, 'internal'))).toBe(false);
    expect(awaitsLocation(refusal([]))).toBe(false);
    expect(awaitsLocation(new Error('location_unknown'))).toBe(false);
  });
});

describe('units on the board and the map', () => {
  const unit = (overrides: Partial<UnitView> = {}): UnitView => ({
    id: 'u', agencyId: 'a', name: 'MCRT 2', model: 'mcrt', status: 'en_route', version: 1, statusChangedAt: null, allowedStatuses: [], currentIncidentId: null, panicAt: null,
    position: { lat: 40.1, lon: -88.2, at: RECEIVED, accuracy: 5, heading: 135, speed: 12, ageSeconds: 30, stale: false }, ...overrides,
  });

  it('hides units off duty', () => {
    expect(onBoard({ status: 'off_duty' })).toBe(false);
    expect(onBoard({ status: 'out_of_service' })).toBe(true);
  });

  it('colours by status, turns to the heading, and names stale and panic in words', () => {
    expect(unitMarkerLook(unit())).toEqual({ colour: '#0b5cad', heading: 135, stale: false, panic: false, title: 'MCRT 2 · En route' });
    const stale = unitMarkerLook(unit({ position: { ...unit().position!, heading: null, stale: true, ageSeconds: 610 } }));
    expect(stale).toMatchObject({ heading: null, stale: true, title: 'MCRT 2 · En route · position 10 min old' });
    expect(unitMarkerLook(unit({ panicAt: RECEIVED })).title).toBe('PANIC · MCRT 2 · En route');
  });

  it('draws county outlines and labels the towns with glyphs from our own server', () => {
    const geo = { counties: { type: 'FeatureCollection' as const, features: [] }, towns: [{ name: 'Urbana', lat: 40.11, lon: -88.2, population: 38_000, countyFips: '17019' }] };
    const offline = boardStyle(geo, 'https://continuum.example');
    expect(offline.glyphs).toBe('https://continuum.example/glyphs/{fontstack}/{range}.pbf');
    expect(Object.keys(offline.sources)).toEqual(['counties', 'towns']);
    expect(offline.layers.map((l) => l.id)).toEqual(['background', 'county-fill', 'county-line', 'towns', 'town-labels']);
    const labels = offline.layers.find((l) => l.id === 'town-labels');
    expect(labels).toMatchObject({ type: 'symbol', source: 'towns', layout: { 'text-field': ['get', 'name'], 'text-font': ['Noto Sans Regular'] } });
  });

  it('draws the county outlines over a configured basemap, lending it our glyphs when it names none', () => {
    const geo = { counties: { type: 'FeatureCollection' as const, features: [] }, towns: [] };
    const base = { version: 8 as const, sources: { osm: { type: 'vector' as const, url: 'pmtiles://https://tiles.example/il.pmtiles' } }, layers: [{ id: 'water', type: 'fill' as const, source: 'osm', 'source-layer': 'water' }] };
    const over = overlayCounties(base, geo, 'https://continuum.example');
    expect(over.layers.map((l) => l.id)).toEqual(['water', 'continuum-county-line']);
    expect(over.glyphs).toBe('https://continuum.example/glyphs/{fontstack}/{range}.pbf');
    expect(overlayCounties({ ...base, glyphs: 'https://tiles.example/fonts/{fontstack}/{range}.pbf' }, geo, 'https://continuum.example').glyphs).toBe('https://tiles.example/fonts/{fontstack}/{range}.pbf');
    expect(isPmtilesUrl('https://tiles.example/il.pmtiles')).toBe(true);
    expect(isPmtilesUrl('https://tiles.example/il.pmtiles?v=2')).toBe(true);
    expect(isPmtilesUrl('https://tiles.example/styles/basic/style.json')).toBe(false);
  });

  it.each([[null, 'no position'], [42, '42 s'], [360, '6 min'], [7300, '2 h']])('reads a position age of %s as "%s"', (s, text) => {
    expect(formatPositionAge(s)).toBe(text);
  });
});
