import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { buildProtocol } from '../triage/build-protocol.ts';
import { decideIncidentCommand, type IncidentCommand } from './decide.ts';
import { decideSubstanceUse } from './part2-record.ts';
import { applyIncidentEvent } from './project.ts';
import { INCIDENT_ACTIONS, TRANSITIONS, allowedActions } from './transitions.ts';
import { INCIDENT_STATUSES, type IncidentState, type IncidentStatus } from './types.ts';

const at = new Date('2026-11-22T10:00:00Z');

/** An incident in any status, built by folding a received event then forcing the status. */
function buildIncident(overrides: Partial<IncidentState> = {}): IncidentState {
  const received = applyIncidentEvent(
    null,
    {
      type: 'incident.received',
      data: {
        agencyId: 'a', regionId: 'r', entryPoint: '911', summary: 's', location: { address: 'x' },
        caller: {}, person: {}, safetyFlags: ['dog on premises'],
      },
    },
    { incidentId: 'i1', sequence: 1, occurredAt: at },
  );
  return { ...received, ...overrides };
}

const part2Command = { note: 'in methadone treatment', programmeAgencyId: 'mcrt' };

/** Decides an action's events; a Part 2 recording goes to its own stream and leaves the incident as it is. */
const decideAny = (state: IncidentState, action: (typeof INCIDENT_ACTIONS)[number]) =>
  action === 'record_substance_use'
    ? (decideSubstanceUse(state, part2Command), [])
    : decideIncidentCommand(action === 'undo_answer' ? { ...state, interview: oneAnswer } : state, commandFor[action]);

// Undoing needs an answer to undo; every other action is decided on the incident as built.
const oneAnswer = { protocolVersion: 'p@1', answers: [{ questionId: 'danger', answerKey: 'none' }] };

const commandFor: Record<Exclude<(typeof INCIDENT_ACTIONS)[number], 'record_substance_use'>, IncidentCommand> = {
  answer: { action: 'answer', questionId: 'danger', answerKey: 'weapon', protocol: buildProtocol(), regionId: 'r' },
  undo_answer: { action: 'undo_answer', questionId: 'danger' },
  triage_by_vendor_code: { action: 'triage_by_vendor_code', vendor: 'mpds', code: buildProtocol().vendorCodes[0]?.code ?? 'none', protocol: buildProtocol(), regionId: 'r' },
  override_response: { action: 'override_response', to: 'phone_988', reasonCode: 'caller_declines_recommended_response' },
  report_crisis_team_unavailable: { action: 'report_crisis_team_unavailable', reportedBy: '988 counsellor on desk 2', actorId: 'u-988' },
  mark_safety_flag: { action: 'mark_safety_flag', flag: 'dog on premises', as: 'threat' },
  correct_location: { action: 'correct_location', location: { address: '14 E Sangamon Ave, Rantoul', lat: 40.3121, lon: -88.1502 } },
  escalate_to_911: { action: 'escalate_to_911', reason: 'imminent danger' },
  route_to_cares: { action: 'route_to_cares' },
  triage: { action: 'triage', level: 2, protocolVersion: 'il-irlm@1', factors: ['f'] },
  transfer_to_988: { action: 'transfer_to_988' },
  queue_for_dispatch: { action: 'queue_for_dispatch' },
  dispatch: { action: 'dispatch', units: ['u1'] },
  mark_en_route: { action: 'mark_en_route' },
  mark_on_scene: { action: 'mark_on_scene' },
  start_transport: { action: 'start_transport', destination: 'Living Room' },
  close: { action: 'close', disposition: 'stabilised_on_site' },
  cancel: { action: 'cancel', reason: 'duplicate' },
  reopen: { action: 'reopen', reason: 'closed by mistake' },
};

describe('the incident state machine', () => {
  // Every (status, action) pair: allowed ones lead where the table says, others are refused.
  const pairs = INCIDENT_STATUSES.flatMap((status) => INCIDENT_ACTIONS.map((action) => [status, action] as const));
  // Each action's own preconditions hold, so that only the status decides legality here.
  const guardsMet: Partial<IncidentState> = {
    entryPoint: 'direct',
    person: { age: 17, medicaid: true },
    triage: { level: 1, protocolVersion: 'p@1', factors: [], recommended: { responseType: 'mcrt', responders: [], maxResponseMinutes: 60, policeRecommended: false, justifications: [] } },
  };
  it.each(pairs)('from %s, %s', (status, action) => {
    const state = buildIncident({ ...guardsMet, status, statusBeforeEnd: status === 'closed' || status === 'cancelled' ? 'on_scene' : null });
    const rule = TRANSITIONS[action];
    if (rule.from.includes(status)) {
      const decided = decideAny(state, action);
      const next = decided.reduce((s, d, i) => applyIncidentEvent(s, d.event, { incidentId: 'i1', sequence: 2 + i, occurredAt: at }), state);
      // An emergent answer records the answer and the determination together.
      const expected = action === 'answer' ? 'triaged' : rule.to === 'restore' ? 'on_scene' : rule.to === 'keep' ? status : rule.to;
      expect(next.status).toBe(expected);
      expect(next.version).toBe(1 + decided.length);
    } else {
      try {
        decideAny(state, action);
        expect.unreachable('an illegal transition was accepted');
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).code).toBe('illegal_transition');
        expect((err as DomainError).details.currentStatus).toBe(status);
      }
    }
  });

  it('ends nowhere it cannot leave: every open status can be cancelled, every ended one reopened', () => {
    const open: IncidentStatus[] = INCIDENT_STATUSES.filter((s) => s !== 'closed' && s !== 'cancelled');
    for (const s of open) expect(allowedActions(s)).toContain('cancel');
    expect(allowedActions('closed')).toEqual(['reopen']);
    expect(allowedActions('cancelled')).toEqual(['reopen']);
  });

  it('corrects a location after intake: a town centre becomes the street, an unknown place becomes known; the same place twice or back to unknown is refused', () => {
    const town = buildIncident({ status: 'awaiting_dispatch', location: { address: '2 Main St, Rantoul', lat: 40.30837, lon: -88.15588, accuracy: 'approximate' } });
    const [d] = decideIncidentCommand(town, { action: 'correct_location', location: { address: '2 Main St, Rantoul', lat: 40.3121, lon: -88.1502 } });
    expect(d!.event).toEqual({ type: 'incident.location_corrected', data: { location: { address: '2 Main St, Rantoul', lat: 40.3121, lon: -88.1502 }, previous: town.location } });
    const next = applyIncidentEvent(town, d!.event, { incidentId: 'i1', sequence: 2, occurredAt: at });
    expect(next).toMatchObject({ status: 'awaiting_dispatch', location: { address: '2 Main St, Rantoul', lat: 40.3121, lon: -88.1502 } });
    expect(next.location.accuracy).toBeUndefined();
    const unknown = buildIncident({ entryPoint: '988', location: { address: '', accuracy: 'unknown' } });
    const [known] = decideIncidentCommand(unknown, { action: 'correct_location', location: { address: 'Rantoul, near the library', accuracy: 'approximate' } });
    expect(known!.event.data).toMatchObject({ location: { address: 'Rantoul, near the library', accuracy: 'approximate' } });
    const fieldOf = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as DomainError).issues?.map((i) => `${i.field}:${i.rule}`);
      }
      return null;
    };
    expect(fieldOf(() => decideIncidentCommand(town, { action: 'correct_location', location: town.location }))).toEqual(['location:unchanged']);
    expect(fieldOf(() => decideIncidentCommand(town, { action: 'correct_location', location: { address: '', accuracy: 'unknown' } }))).toEqual(['location.address:required']);
    expect(fieldOf(() => decideIncidentCommand(town, { action: 'correct_location', location: { address: 'x', lat: 40 } }))).toEqual(['location.lat:required']);
  });

  it('requires a reason to cancel or reopen', () => {
    const state = buildIncident();
    expect(() => decideIncidentCommand(state, { action: 'cancel', reason: '  ' })).toThrow(/reason/);
    expect(() => decideIncidentCommand(buildIncident({ status: 'closed' }), { action: 'reopen', reason: '' })).toThrow(/reason/);
  });

  it('refuses an unknown disposition and an empty dispatch', () => {
    expect(() => decideIncidentCommand(buildIncident({ status: 'on_scene' }), { action: 'close', disposition: 'vanished' })).toThrow(/disposition/);
    expect(() => decideIncidentCommand(buildIncident({ status: 'awaiting_dispatch' }), { action: 'dispatch', units: [] })).toThrow(/unit/);
  });

  it('records the triage with its protocol version and factors, not only the level', () => {
    const [d] = decideIncidentCommand(buildIncident(), { action: 'triage', level: 3, protocolVersion: 'il-irlm@2025.09', factors: ['psychosis_with_agitation'] });
    const next = applyIncidentEvent(buildIncident(), d!.event, { incidentId: 'i1', sequence: 2, occurredAt: at });
    expect(next.triage).toEqual({ level: 3, protocolVersion: 'il-irlm@2025.09', factors: ['psychosis_with_agitation'] });
  });

  it('closing keeps the disposition and where it was; reopening clears the disposition and returns there', () => {
    const onScene = buildIncident({ status: 'on_scene', version: 5 });
    const [close] = decideIncidentCommand(onScene, { action: 'close', disposition: 'stabilised_on_site' });
    const closed = applyIncidentEvent(onScene, close!.event, { incidentId: 'i1', sequence: 6, occurredAt: at });
    expect(closed).toMatchObject({ status: 'closed', disposition: 'stabilised_on_site', statusBeforeEnd: 'on_scene', closedAt: at });
    const [reopen] = decideIncidentCommand(closed, { action: 'reopen', reason: 'wrong call closed' });
    const reopened = applyIncidentEvent(closed, reopen!.event, { incidentId: 'i1', sequence: 7, occurredAt: at });
    expect(reopened).toMatchObject({ status: 'on_scene', disposition: null, statusBeforeEnd: null, closedAt: null });
  });
});

describe('undoing the last answer (issue 12 §7)', () => {
  const protocol = buildProtocol();
  const fold = (state: IncidentState, decided: { event: Parameters<typeof applyIncidentEvent>[1] }[]) =>
    decided.reduce((s, d) => applyIncidentEvent(s, d.event, { incidentId: 'i1', sequence: s.version + 1, occurredAt: at }), state);
  const answer = (state: IncidentState, questionId: string, answerKey: string) =>
    fold(state, decideIncidentCommand(state, { action: 'answer', questionId, answerKey, protocol, regionId: 'r' }));

  it('takes back the last answer, keeps it in the history, and lets the question be answered again', () => {
    const two = answer(answer(buildIncident(), 'danger', 'none'), 'risk', 'high');
    const undone = decideIncidentCommand(two, { action: 'undo_answer', questionId: 'risk', reason: 'caller corrected herself' });
    expect(undone).toEqual([{ event: { type: 'incident.triage_answer_undone', data: { protocolVersion: two.interview!.protocolVersion, questionId: 'risk', answerKey: 'high' } }, reason: 'caller corrected herself' }]);
    const after = fold(two, undone);
    expect(after.interview!.answers).toEqual([{ questionId: 'danger', answerKey: 'none' }]);
    expect(after).toMatchObject({ status: 'received', version: two.version + 1 });
    const again = answer(after, 'risk', 'low');
    expect(again.interview!.answers.map((a) => a.answerKey)).toEqual(['none', 'low']);
  });

  it('undoing the only answer leaves the interview at its first question', () => {
    const one = answer(buildIncident(), 'danger', 'none');
    expect(fold(one, decideIncidentCommand(one, { action: 'undo_answer', questionId: 'danger' })).interview!.answers).toEqual([]);
  });

  it('refuses an undo naming another question than the last (409), with nothing to undo, and after the determination', () => {
    const two = answer(answer(buildIncident(), 'danger', 'none'), 'risk', 'high');
    const stale = (() => { try { decideIncidentCommand(two, { action: 'undo_answer', questionId: 'danger' }); } catch (e) { return e as DomainError; } return null; })();
    expect(stale).toMatchObject({ code: 'conflict', details: { lastQuestionId: 'risk' } });
    expect(() => decideIncidentCommand(buildIncident(), { action: 'undo_answer', questionId: 'danger' })).toThrow(/nothing to undo/);
    const determined = answer(buildIncident(), 'danger', 'weapon');
    expect(determined.status).toBe('triaged');
    const late = (() => { try { decideIncidentCommand(determined, { action: 'undo_answer', questionId: 'danger' }); } catch (e) { return e as DomainError; } return null; })();
    expect(late?.code).toBe('illegal_transition');
  });
});
