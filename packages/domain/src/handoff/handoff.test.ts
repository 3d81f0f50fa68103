import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { reachOf } from '../access/sharing.ts';
import { decideHandoff, decideOffer, rolloverOffer, type HandoffCommand, type ReceivingAgency } from './decide.ts';
import { grantOf } from './grants.ts';
import { applyHandoffEvent } from './project.ts';
import { DEFAULT_HANDOFF_TIMERS, dueTimerAction, nextTimerAt, secondsToAcceptance } from './timers.ts';
import { HANDOFF_TRANSITIONS, nextStates } from './transitions.ts';
import type { Handoff, HandoffEvent, HandoffKind } from './types.ts';

const T0 = new Date('2026-03-01T10:00:00Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const lifeline: ReceivingAgency = { id: 'l-988', kind: '988_centre', name: 'Lifeline 988', regionId: 'r1' };
const psap: ReceivingAgency = { id: 'p-911', kind: 'psap', name: 'County 911', regionId: 'r1' };
const ed: ReceivingAgency = { id: 'ed', kind: 'emergency_department', name: 'General ED', regionId: 'r1' };
// A 911 call referred to 988, or a 988 call escalated to 911.
const offer = (kind: HandoffKind = 'cold_referral', to = lifeline) =>
  decideOffer({ incidentId: 'i1', regionId: 'r1', fromAgencyId: to.id === 'p-911' ? 'l-988' : 'p-911', kind, toAgencyId: to.id, note: null }, to, []);
const offered = (kind: HandoffKind = 'cold_referral', to = lifeline): Handoff =>
  applyHandoffEvent(null, offer(kind, to), { handoffId: 'h1', sequence: 1, occurredAt: T0, actorId: 'u-sender' });
const step = (h: Handoff, e: HandoffEvent, s: number, actorId = 'u-receiver') => applyHandoffEvent(h, e, { handoffId: h.id, sequence: h.version + 1, occurredAt: at(s), actorId });

function issueOf(f: () => unknown): { code: string; rule?: string; message: string } {
  try {
    f();
  } catch (e) {
    const err = e as DomainError;
    return { code: err.code, rule: err.issues[0]?.rule, message: `${err.message} ${JSON.stringify(err.details)}` };
  }
  throw new Error('expected a refusal');
}

describe('offering a hand-off', () => {
  it('records the kind, both agencies and the receiver kind', () => {
    const h = offered();
    expect(h).toMatchObject({ state: 'offered', kind: 'cold_referral', fromAgencyId: 'p-911', toAgencyId: 'l-988', toAgencyKind: '988_centre', offeredBy: 'u-sender' });
    expect(h.steps).toEqual([{ state: 'offered', at: T0, actorId: 'u-sender' }]);
  });

  it('refuses an unknown agency naming it', () => {
    const refused = issueOf(() => decideOffer({ incidentId: 'i1', regionId: 'r1', fromAgencyId: 'p-911', kind: 'cold_referral', toAgencyId: 'nowhere', note: null }, null, []));
    expect(refused.rule).toBe('unknown_agency');
    expect(refused.message).toContain('nowhere');
  });

  it('refuses an agency that does not take the kind, with what it does take', () => {
    const refused = issueOf(() => offer('emergency_escalation', lifeline));
    expect(refused.rule).toBe('kind_not_taken');
    expect(refused.message).toContain('takes cold referral and warm transfer, not emergency escalation');
    expect(issueOf(() => offer('warm_transfer', ed)).message).toContain('takes no hand-offs');
  });

  it('refuses the sender itself, another region and a second open offer', () => {
    expect(issueOf(() => decideOffer({ incidentId: 'i1', regionId: 'r1', fromAgencyId: 'p-911', kind: 'emergency_escalation', toAgencyId: 'p-911', note: null }, psap, [])).rule).toBe('same_agency');
    expect(issueOf(() => offer('cold_referral', { ...lifeline, regionId: 'r2' })).rule).toBe('other_region');
    expect(issueOf(() => decideOffer({ incidentId: 'i1', regionId: 'r1', fromAgencyId: 'p-911', kind: 'cold_referral', toAgencyId: 'l-988', note: null }, lifeline, [{ id: 'h0', toAgencyId: 'l-988' }])).code).toBe('conflict');
  });
});

describe('the hand-off state machine', () => {
  it('accepts once; a second acceptance names who took it', () => {
    const h = step(offered(), decideHandoff(offered(), { action: 'accept' }), 40, 'u-first');
    expect(h).toMatchObject({ state: 'accepted', decidedBy: 'u-first', decidedAt: at(40) });
    expect(secondsToAcceptance(h)).toBe(40);
    const refused = issueOf(() => decideHandoff(h, { action: 'accept' }));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toContain('u-first');
  });

  it('declines only with a reason', () => {
    expect(issueOf(() => decideHandoff(offered(), { action: 'decline', reason: '  ' })).rule).toBe('required');
    const h = step(offered(), decideHandoff(offered(), { action: 'decline', reason: 'No counsellor free' }), 10);
    expect(h).toMatchObject({ state: 'declined', declineReason: 'No counsellor free' });
  });

  it('rolls over only once expired', () => {
    expect(issueOf(() => decideHandoff(offered(), { action: 'roll_over', toHandoffId: 'h2', toAgencyId: 'b' })).code).toBe('conflict');
    const expired = step(offered(), decideHandoff(offered(), { action: 'expire' }), 180, 'system');
    const rolled = step(expired, decideHandoff(expired, { action: 'roll_over', toHandoffId: 'h2', toAgencyId: 'b' }), 180, 'system');
    expect(rolled).toMatchObject({ state: 'rolled_over', rolledToId: 'h2' });
    expect(rolled.steps.map((s) => s.state)).toEqual(['offered', 'expired', 'rolled_over']);
    const backup = rolloverOffer(expired, { id: 'b', kind: '988_centre', name: 'Backup', regionId: 'il' });
    expect(backup).toMatchObject({ type: 'handoff.offered', data: { toAgencyId: 'b', rolledFromId: 'h1', fromAgencyId: 'p-911' } });
  });

  it('never skips a state: every path through random commands follows the table', () => {
    const command = fc.constantFrom<HandoffCommand>(
      { action: 'accept' },
      { action: 'decline', reason: 'busy' },
      { action: 'expire' },
      { action: 'roll_over', toHandoffId: 'h2', toAgencyId: 'b' },
      { action: 'alert_supervisor' },
    );
    fc.assert(
      fc.property(fc.constantFrom<HandoffKind>('cold_referral', 'warm_transfer', 'emergency_escalation'), fc.array(command, { maxLength: 12 }), (kind, commands) => {
        let h = offered(kind, kind === 'emergency_escalation' ? psap : lifeline);
        let t = 0;
        for (const c of commands) {
          try {
            h = step(h, decideHandoff(h, c), (t += 5));
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError);
          }
        }
        const states = h.steps.map((s) => s.state).filter((s) => s !== 'supervisor_alerted');
        expect(states[0]).toBe('offered');
        for (let i = 1; i < states.length; i++) expect(nextStates(states[i - 1] as Handoff['state'])).toContain(states[i]);
        // Every step is timed and has an actor, in order.
        for (let i = 1; i < h.steps.length; i++) expect(h.steps[i]!.at.getTime()).toBeGreaterThanOrEqual(h.steps[i - 1]!.at.getTime());
        expect(h.steps.every((s) => s.actorId.length > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses to fold a stored history that skips a state', () => {
    expect(() => step(offered(), { type: 'handoff.rolled_over', data: { toHandoffId: 'x', toAgencyId: 'b' } }, 1)).toThrow(/rolled_over from offered/);
    expect(Object.keys(HANDOFF_TRANSITIONS).length).toBeGreaterThan(0);
  });
});

describe('hand-off timers (the clock passed in)', () => {
  it('a 988 contact expires at 3 minutes, not before', () => {
    const h = offered();
    expect(dueTimerAction(h, at(179), DEFAULT_HANDOFF_TIMERS)).toBeNull();
    expect(dueTimerAction(h, at(180), DEFAULT_HANDOFF_TIMERS)).toBe('expire');
    expect(nextTimerAt(h, DEFAULT_HANDOFF_TIMERS)).toEqual(at(180));
  });

  it('an escalation alerts the supervisor once after the configured seconds and stays offered', () => {
    const h = offered('emergency_escalation', psap);
    const settings = { ...DEFAULT_HANDOFF_TIMERS, escalationAlertSeconds: 20 };
    expect(dueTimerAction(h, at(19), settings)).toBeNull();
    expect(dueTimerAction(h, at(20), settings)).toBe('alert_supervisor');
    const alerted = step(h, decideHandoff(h, { action: 'alert_supervisor' }), 20, 'system');
    expect(alerted).toMatchObject({ state: 'offered', supervisorAlertedAt: at(20) });
    expect(dueTimerAction(alerted, at(600), settings)).toBeNull();
  });

  it('an accepted hand-off has no timer', () => {
    const h = step(offered(), decideHandoff(offered(), { action: 'accept' }), 5);
    expect(dueTimerAction(h, at(999), DEFAULT_HANDOFF_TIMERS)).toBeNull();
  });
});

describe('access follows the hand-off', () => {
  const counsellor = { role: 'crisis_counsellor' as const, agencyId: 'cares', userId: 'u9' };
  const record = { id: 'i1', agencyId: 'p-911' };

  it('gives the receiver the kind’s classes while offered or accepted, nothing after a decline', () => {
    const h = offered('warm_transfer', { id: 'cares', kind: 'cares_line', name: 'CARES', regionId: 'r1' });
    const grant = grantOf(h)!;
    const reach = reachOf(counsellor, record, [], T0, [], [grant]);
    expect(reach).toMatchObject({ via: 'handoff', handoffIds: ['h1'] });
    expect(reach!.classes).not.toContain('substance_use_part2');
    expect(reach!.classes).toContain('clinical');
    const declined = step(h, decideHandoff(h, { action: 'decline', reason: 'not ours' }), 3);
    expect(grantOf(declined)).toBeNull();
    expect(reachOf(counsellor, { id: 'other', agencyId: 'p-911' }, [], T0, [], [grant])).toBeNull();
  });

  it('an escalation gives 911 no clinical class', () => {
    const grant = grantOf(offered('emergency_escalation', psap))!;
    const reach = reachOf({ role: 'telecommunicator', agencyId: 'p-911', userId: 'u1' }, { id: 'i1', agencyId: 'l-988' }, [], T0, [], [grant]);
    expect(reach!.classes).toEqual(['operational', 'location_safety', 'identity', 'demographics']);
  });
});
