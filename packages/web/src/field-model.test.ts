import type { AssignmentView, FieldAssignment, UnitView } from '@continuum/sdk';
import { describe, expect, it } from 'vitest';
import { checkInDueAt, formatCountdown, myAssignment, partnerPanics, pendingSteps, stepsOf } from './field-model.ts';
import type { QueuedAction } from './field-queue.ts';

const INCIDENT = '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';

function buildAssignment(overrides: Partial<AssignmentView> = {}): AssignmentView {
  return {
    unitId: 'mcrt-1', unitName: 'MCRT 1', agencyId: 'a', model: 'mcrt', mode: 'single', stage: 'assigned',
    assignedAt: '2026-03-01T20:00:00Z', acknowledgedAt: null, enRouteAt: null, onSceneAt: null, transportingAt: null,
    atDestinationAt: null, clearedAt: null, releasedAt: null, release: null, justification: null, destination: null, destinationFacilityId: null,
    lastCheckInAt: null, panic: null, allowedActions: ['acknowledge', 'en_route', 'panic'], ...overrides,
  };
}

function buildUnit(overrides: Partial<UnitView> = {}): UnitView {
  return {
    id: 'mcrt-1', agencyId: 'a', name: 'MCRT 1', model: 'mcrt', status: 'dispatched', version: 3, statusChangedAt: null,
    allowedStatuses: [], currentIncidentId: INCIDENT, panicAt: null, ...overrides,
  };
}

function buildField(assignments: AssignmentView[], partners: UnitView[] = []): FieldAssignment {
  return {
    unit: buildUnit(), incident: null, partners, directionsUrl: null, destination: null, units: [],
    timers: { acknowledgeWithinSeconds: 90, checkInEveryMinutes: 15, nearingMaximumShare: 0.75, regionalMaxMinutes: 60 },
    response: {
      incidentId: INCIDENT, version: 4, assignments, alerts: [], maxResponseMinutes: 60, maximumBasis: 'plan', minutesLeft: 50,
      clock: { receivedAt: '2026-03-01T19:55:00Z', triagedAt: null, dispatchedAt: null, acknowledgedAt: null, enRouteAt: null, onSceneAt: null, clearedAt: null },
      intervals: { toTriage: null, toDispatch: null, toAcknowledge: null, toEnRoute: null, travel: null, response: null, onScene: null, total: null },
    },
  };
}

const queued = (action: 'acknowledge' | 'en_route' | 'on_scene' | 'check_in', extra: Partial<QueuedAction> = {}): QueuedAction =>
  ({ kind: 'assignment', incidentId: INCIDENT, unitId: 'mcrt-1', body: { action }, key: `k-${action}-12345678`, label: action, queuedAt: '2026-03-01T20:10:00Z', refused: null, ...extra }) as QueuedAction;

describe('field view model', () => {
  it('offers the server’s allowed steps in response order, never panic or release as a step', () => {
    const a = buildAssignment({ allowedActions: ['panic', 'en_route', 'release', 'acknowledge'] });
    expect(stepsOf(a, [])).toEqual({ stage: 'assigned', pendingStage: null, actions: ['acknowledge', 'en_route'] });
  });

  it('after a step waiting to send, offers the steps that follow it, with check-in once on scene', () => {
    const a = buildAssignment();
    expect(stepsOf(a, [queued('en_route')])).toMatchObject({ pendingStage: 'en_route', actions: ['on_scene'] });
    expect(stepsOf(a, [queued('en_route'), queued('on_scene')])).toMatchObject({ pendingStage: 'on_scene', actions: ['transporting', 'clear', 'check_in'] });
    // A check-in is not a stage: it leaves the prediction where it was.
    expect(stepsOf(a, [queued('on_scene'), queued('check_in')]).pendingStage).toBe('on_scene');
  });

  it('predicts nothing for a reader the server lets take no step', () => {
    expect(stepsOf(buildAssignment({ allowedActions: ['panic'] }), [queued('en_route')]).actions).toEqual([]);
  });

  it('leaves refused and other calls’ taps out of the pending steps', () => {
    const refused = queued('on_scene', { refused: { status: 409, code: 'illegal_transition', message: 'released' } });
    const other = queued('en_route', { incidentId: 'another' } as Partial<QueuedAction>);
    expect(pendingSteps([refused, other, queued('acknowledge')], INCIDENT, 'mcrt-1').map((q) => q.key)).toEqual(['k-acknowledge-12345678']);
  });

  it('counts the check-in from the latest of arrival, last check-in and a waiting check-in tap', () => {
    const a = buildAssignment({ stage: 'on_scene', onSceneAt: '2026-03-01T20:00:00Z', lastCheckInAt: '2026-03-01T20:05:00Z' });
    expect(checkInDueAt(a, 'on_scene', null)?.toISOString()).toBe('2026-03-01T20:20:00.000Z');
    expect(checkInDueAt(a, 'on_scene', '2026-03-01T20:12:00Z')?.toISOString()).toBe('2026-03-01T20:27:00.000Z');
    expect(checkInDueAt(a, 'en_route', null)).toBeNull();
    expect(checkInDueAt(buildAssignment({ onSceneAt: '2026-03-01T20:00:00Z' }), 'on_scene', null, 10)?.toISOString()).toBe('2026-03-01T20:10:00.000Z');
  });

  it('formats the countdown with seconds and says when it is overdue', () => {
    expect(formatCountdown(12 * 60_000 + 5_000)).toEqual({ text: '12:05', overdue: false });
    expect(formatCountdown(-(80_000))).toEqual({ text: '1:20 overdue', overdue: true });
  });

  it('finds the crew’s live assignment and partners’ open panics from either source, once each', () => {
    const mine = buildAssignment({ stage: 'en_route' });
    const partner = buildAssignment({ unitId: 'cr-2', unitName: 'Co-response 2', panic: { at: '2026-03-01T20:09:00Z', resolvedAt: null } });
    const resolved = buildAssignment({ unitId: 'ems-3', unitName: 'Medic 3', panic: { at: '2026-03-01T20:01:00Z', resolvedAt: '2026-03-01T20:02:00Z' } });
    const field = buildField([buildAssignment({ stage: 'released' }), mine, partner, resolved], [buildUnit({ id: 'cr-2', name: 'Co-response 2', panicAt: '2026-03-01T20:09:00Z' })]);
    expect(myAssignment(field)).toBe(mine);
    expect(partnerPanics(field)).toEqual([{ unitId: 'cr-2', name: 'Co-response 2', at: '2026-03-01T20:09:00Z' }]);
  });
});
