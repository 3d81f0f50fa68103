import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import type { DecidedEvent } from '../incident/events.ts';
import { applyIncidentEvent } from '../incident/project.ts';
import type { IncidentState } from '../incident/types.ts';
import { clearOnClose, decideAssignment, decideCheckIn, decideNote, decidePanic, decidePanicResolved, decideProgress, decideRelease, type DispatchDecision } from './assignment.ts';
import { emptyResponse } from './assignment-fold.ts';
import { buildUnit, CHAMPAIGN, NOW } from './recommend-builders.ts';
import type { DispatchUnit } from './recommend-types.ts';

/** A level 2 call in Urbana, triaged to an MCRT plan and waiting for a unit. */
function buildQueued(overrides: Partial<IncidentState> = {}): IncidentState {
  const receivedAt = new Date(NOW.getTime() - 10 * 60_000);
  return {
    id: 'inc-1', agencyId: 'champaign-911', regionId: 'il-ems-6', entryPoint: '911', status: 'awaiting_dispatch', version: 3,
    summary: 'Man shouting at people who are not there', location: { address: '500 N Neil St', lat: 40.12, lon: -88.24 },
    caller: {}, person: { age: 40 }, safetyFlags: [],
    triage: { level: 2, protocolVersion: 'il-irlm@2025.09.0', factors: [], recommended: { responseType: 'mcrt', responders: ['mcrt_clinician', 'engagement_specialist'], maxResponseMinutes: 60, policeRecommended: false, justifications: [] } },
    interview: null, override: null, disposition: null, dispositionDetail: null,
    response: { ...emptyResponse(receivedAt), clock: { ...emptyResponse(receivedAt).clock, triagedAt: new Date(receivedAt.getTime() + 60_000).toISOString() } },
    statusBeforeEnd: null, receivedAt, updatedAt: receivedAt, closedAt: null,
    ...overrides,
  };
}

let clock = NOW.getTime();
/** Folds a decision's events as the store would, one second apart. */
function fold(state: IncidentState, decision: DispatchDecision | DecidedEvent[]): IncidentState {
  const events = Array.isArray(decision) ? decision : decision.events;
  return events.reduce((s, { event }) => applyIncidentEvent(s, event, { incidentId: s.id, sequence: s.version + 1, occurredAt: new Date((clock += 1000)) }), state);
}

const send = (s: IncidentState, units: DispatchUnit[], extra: Partial<Parameters<typeof decideAssignment>[1]> = {}) =>
  decideAssignment(s, { units: units.map((unit) => ({ unit, coversIncident: true })), onCall: [], ...extra });

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

const police = buildUnit({ id: 'sheriff-1', name: 'Deputy 1', model: 'law_enforcement', composition: ['police_officer'] });

describe('decideAssignment', () => {
  it('sends an available MCRT: the unit becomes dispatched and the incident dispatched', () => {
    const decision = send(buildQueued(), [buildUnit()]);
    expect(decision.units).toEqual([{ unitId: 'mcrt-1', to: 'dispatched', reason: null }]);
    const s = fold(buildQueued(), decision);
    expect(s.status).toBe('dispatched');
    expect(s.response.assignments).toEqual([expect.objectContaining({ unitId: 'mcrt-1', stage: 'assigned', mode: 'single', justification: null })]);
    expect(s.response.clock.dispatchedAt).toEqual(expect.any(String));
  });

  it.each([
    ['a closed incident', { status: 'closed' as const }, 'illegal_transition'],
    ['an untriaged call', { triage: null }, 'validation_failed'],
  ])('refuses %s', (_name, overrides, code) => {
    expect(refusal(() => send(buildQueued(overrides), [buildUnit()])).code).toBe(code);
  });

  it('refuses a busy unit with its status, and a unit already on the call', () => {
    const busy = refusal(() => send(buildQueued(), [buildUnit({ status: 'en_route' })]));
    expect(busy).toMatchObject({ code: 'illegal_transition', details: { currentStatus: 'en_route', unitId: 'mcrt-1' } });
    const s = fold(buildQueued(), send(buildQueued(), [buildUnit()]));
    expect(refusal(() => send(s, [buildUnit()])).code).toBe('conflict');
  });

  it('several units need a way of arriving', () => {
    const second = buildUnit({ id: 'mcrt-2', name: 'Mobile Crisis 2' });
    expect(refusal(() => send(buildQueued(), [buildUnit(), second])).issues).toEqual([expect.objectContaining({ field: 'mode', rule: 'required_for_several_units' })]);
    const s = fold(buildQueued(), send(buildQueued(), [buildUnit(), second], { mode: 'arrive_together' }));
    expect(s.response.assignments.map((a) => a.mode)).toEqual(['arrive_together', 'arrive_together']);
  });

  it('a unit outside its area or lacking a capability needs a justification', () => {
    const outside = decideAssignment.bind(null, buildQueued(), { units: [{ unit: buildUnit(), coversIncident: false }], onCall: [] });
    expect(refusal(outside).issues).toEqual([expect.objectContaining({ field: 'justification', rule: 'outside_service_area' })]);
    const child = buildQueued({ person: { age: 15 } });
    expect(refusal(() => send(child, [buildUnit()])).issues).toEqual([expect.objectContaining({ rule: 'missing_capability' })]);
    const justified = send(child, [buildUnit()], { justification: { code: 'closest_unit_can_stabilise', note: 'youth team 70 min away' } });
    expect(justified.events[0]!.event).toMatchObject({ data: { justification: { code: 'closest_unit_can_stabilise', breaks: 'missing_capability', cessa30: null } } });
  });

  it('police on a plan without police need a CESSA §30 ground (DOMAIN.md §6)', () => {
    expect(refusal(() => send(buildQueued(), [police], { justification: { code: 'no_fitting_unit_available' } })).issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'justification.cessa30', rule: 'cessa_30_required' })]),
    );
    // The ground stands on 988's recorded report (issue 12 §4).
    const reported = buildQueued({ crisisTeamUnavailability: { reportedBy: '988 desk 2', reportRef: '988-77', recordedBy: 'disp-1' } });
    const ok = send(reported, [police], { justification: { code: 'no_fitting_unit_available', cessa30: 'crisis_team_unavailable_within_regional_maximum' } });
    expect(ok.events[0]!.event).toMatchObject({ data: { justification: { breaks: 'police_not_in_plan', cessa30: 'crisis_team_unavailable_within_regional_maximum' } } });
  });

  it('a §30 ground without its fact is refused naming the ground and the fact; a supervisor may override in writing (issue 12 §4)', () => {
    const given = { code: 'no_fitting_unit_available', cessa30: 'crisis_team_unavailable_within_regional_maximum' };
    expect(refusal(() => send(buildQueued(), [police], { justification: given })).issues).toEqual([
      expect.objectContaining({ field: 'justification.cessa30', rule: 'no_unavailability', message: expect.stringContaining('crisis_team_unavailable_within_regional_maximum needs') }),
    ]);
    expect(refusal(() => send(buildQueued(), [police], { justification: { code: 'supervisor_direction', cessa30: 'threat_of_physical_injury' } })).issues).toEqual([
      expect.objectContaining({ field: 'justification.cessa30', rule: 'no_threat_factor' }),
    ]);
    // The live recommendation reporting the shortfall is the fact too.
    const shortfall = { factorGrounds: [], factorIds: {}, unavailability: null, shortfallReported: true };
    expect(send(buildQueued(), [police], { justification: given, groundFacts: shortfall }).events).toHaveLength(1);
    // A dispatcher's written reason is not enough: only a supervisor may override.
    const overriding = { justification: { ...given, groundOverride: 'Team lead on the radio says no crew will clear for 2 hours' }, actorId: 'u-1' };
    expect(refusal(() => send(buildQueued(), [police], { ...overriding, maySupervise: false })).code).toBe('forbidden');
    const overridden = send(buildQueued(), [police], { ...overriding, maySupervise: true });
    expect(overridden.events[0]!.event).toMatchObject({ data: { justification: { cessa30: 'crisis_team_unavailable_within_regional_maximum', groundOverride: { reason: 'Team lead on the radio says no crew will clear for 2 hours', by: 'u-1' } } } });
    expect(fold(buildQueued(), overridden).groundOverrides).toBe(1);
  });

  it('"other" needs a note; an unknown code is refused', () => {
    expect(refusal(() => send(buildQueued(), [police], { justification: { code: 'other', cessa30: 'suspected_crime' } })).issues).toEqual([expect.objectContaining({ field: 'justification.note', rule: 'required' })]);
    expect(refusal(() => send(buildQueued(), [police], { justification: { code: 'bribe', cessa30: 'suspected_crime' } })).issues).toEqual([expect.objectContaining({ field: 'justification.code', rule: 'enum' })]);
  });

  it('a co-response plan met on site by a police unit and a crisis team fits without a justification', () => {
    const co = buildQueued({ triage: { ...buildQueued().triage!, recommended: { responseType: 'co_response', responders: ['police_officer', 'mcrt_clinician'], maxResponseMinutes: 30, policeRecommended: true, justifications: ['threat_of_physical_injury'] } } });
    const decision = send(co, [police, buildUnit()], { mode: 'meet_on_site' });
    expect(decision.events.map((e) => (e.event.data as { justification: unknown }).justification)).toEqual([null, null]);
  });
});

describe('the response of one unit', () => {
  const assigned = () => fold(buildQueued(), send(buildQueued(), [buildUnit({ serviceArea: CHAMPAIGN })]));

  it('walks acknowledge → en route → on scene → clear, moving the unit and the incident', () => {
    let s = assigned();
    const steps = [['acknowledged', null, 'dispatched'], ['en_route', 'en_route', 'en_route'], ['on_scene', 'on_scene', 'on_scene'], ['cleared', 'available', 'on_scene']] as const;
    for (const [stage, unitTo, incidentStatus] of steps) {
      const d = decideProgress(s, 'mcrt-1', stage);
      expect(d.units.map((u) => u.to)).toEqual(unitTo ? [unitTo] : []);
      s = fold(s, d);
      expect(s.status, stage).toBe(incidentStatus);
    }
    const c = s.response.clock;
    expect([c.acknowledgedAt, c.enRouteAt, c.onSceneAt, c.clearedAt].every(Boolean)).toBe(true);
    expect(s.response.assignments[0]!.lastCheckInAt).toBe(s.response.assignments[0]!.onSceneAt);
  });

  it('refuses skipping to on scene, with the current stage and what is allowed', () => {
    expect(refusal(() => decideProgress(assigned(), 'mcrt-1', 'on_scene'))).toMatchObject({ code: 'illegal_transition', details: { currentStage: 'assigned', allowedTo: ['acknowledged', 'en_route'] } });
    expect(refusal(() => decideProgress(assigned(), 'mcrt-9', 'en_route')).code).toBe('not_found');
  });

  it('going en route without acknowledging counts as acknowledged', () => {
    const s = fold(assigned(), decideProgress(assigned(), 'mcrt-1', 'en_route'));
    expect(s.response.assignments[0]!.acknowledgedAt).toBe(s.response.assignments[0]!.enRouteAt);
  });

  it('release needs a reason, frees the unit and puts the call back in the queue; not once transporting', () => {
    expect(refusal(() => decideRelease(assigned(), 'mcrt-1', 'cancelled', ' ')).issues).toEqual([expect.objectContaining({ field: 'reason', rule: 'required' })]);
    const d = decideRelease(assigned(), 'mcrt-1', 'reassigned', 'closer team');
    expect(d.units).toEqual([{ unitId: 'mcrt-1', to: 'available', reason: 'closer team' }]);
    const s = fold(assigned(), d);
    expect(s.status).toBe('awaiting_dispatch');
    expect(s.response.assignments[0]).toMatchObject({ stage: 'released', release: { kind: 'reassigned', reason: 'closer team' } });
    expect(decideRelease(assigned(), 'mcrt-1', 'out_of_service', 'flat tyre').units[0]!.to).toBe('out_of_service');
    let moving = assigned();
    for (const stage of ['en_route', 'on_scene', 'transporting'] as const) moving = fold(moving, decideProgress(moving, 'mcrt-1', stage));
    expect(refusal(() => decideRelease(moving, 'mcrt-1', 'cancelled', 'x')).code).toBe('illegal_transition');
  });

  it('check-in only on scene; panic at any stage; a panic is resolved once, with a reason', () => {
    expect(refusal(() => decideCheckIn(assigned(), 'mcrt-1', null)).code).toBe('illegal_transition');
    let s = fold(assigned(), decidePanic(assigned(), 'mcrt-1', { lat: 40.1, lon: -88.2, at: NOW.toISOString() }));
    expect(s.response.assignments[0]!.panic).toMatchObject({ position: { lat: 40.1 }, resolvedAt: null });
    expect(refusal(() => decidePanicResolved(s, 'mcrt-1', '')).issues![0]!.rule).toBe('required');
    s = fold(s, decidePanicResolved(s, 'mcrt-1', 'safe'));
    expect(s.response.assignments[0]!.panic!.resolvedAt).toEqual(expect.any(String));
    expect(refusal(() => decidePanicResolved(s, 'mcrt-1', 'again')).code).toBe('illegal_transition');
  });

  it('closing clears the units on scene and in transport, and waits for a second unit still on its way', () => {
    const second = buildUnit({ id: 'mcrt-2', name: 'Mobile Crisis 2' });
    let s = fold(buildQueued(), send(buildQueued(), [buildUnit(), second], { mode: 'meet_on_site' }));
    for (const stage of ['en_route', 'on_scene', 'transporting'] as const) s = fold(s, decideProgress(s, 'mcrt-1', stage));
    expect(s.status).toBe('transporting');
    s = fold(s, decideProgress(s, 'mcrt-2', 'en_route'));
    expect(refusal(() => clearOnClose(s))).toMatchObject({ code: 'illegal_transition', details: { units: [{ unitId: 'mcrt-2', stage: 'en_route' }] } });
    s = fold(s, decideProgress(s, 'mcrt-2', 'on_scene'));
    const d = clearOnClose(s);
    expect(d.units).toEqual([
      { unitId: 'mcrt-1', to: 'at_destination', reason: 'incident closed' },
      { unitId: 'mcrt-1', to: 'available', reason: 'incident closed' },
      { unitId: 'mcrt-2', to: 'available', reason: 'incident closed' },
    ]);
    expect(fold(s, d).response.assignments.map((a) => a.stage)).toEqual(['cleared', 'cleared']);
  });

  it('notes and hazards are recorded on open calls only, never empty', () => {
    const s = fold(assigned(), decideNote(assigned(), 'hazard', 'u1', ' Dog in yard ', null));
    expect(s.response.hazards).toEqual([expect.objectContaining({ text: 'Dog in yard', actorId: 'u1' })]);
    expect(refusal(() => decideNote(assigned(), 'note', 'u1', '  ', null)).issues![0]).toMatchObject({ field: 'text', rule: 'required' });
    expect(refusal(() => decideNote(buildQueued({ status: 'closed' }), 'note', 'u1', 'x', null)).code).toBe('illegal_transition');
  });
});
