import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { applyUnitEvent, decideUnitStatus, isOnDuty, UNIT_STATUSES, UNIT_TRANSITIONS, type UnitStatus, type UnitStatusState } from './unit-status.ts';

const at = new Date('2026-11-22T10:00:00Z');

/** A unit in any status, with a last fix at its base. */
const buildUnit = (overrides: Partial<UnitStatusState> = {}): UnitStatusState => ({
  id: 'u1',
  agencyId: 'a',
  status: 'available',
  version: 3,
  statusChangedAt: at,
  lastPosition: { lat: 40.11, lon: -88.2, at, accuracy: 5, heading: null, speed: null },
  ...overrides,
});

describe('the unit state machine', () => {
  // Every (from, to) pair: allowed ones produce an event and fold to the target, others are refused.
  const pairs = UNIT_STATUSES.flatMap((from) => UNIT_STATUSES.map((to) => [from, to] as const));
  it.each(pairs)('from %s to %s', (from, to) => {
    const unit = buildUnit({ status: from });
    const command = { status: to, reason: 'crew request' };
    if (UNIT_TRANSITIONS[from].includes(to)) {
      const { event, reason } = decideUnitStatus(unit, command);
      expect(event.data).toMatchObject({ from, to, position: { lat: 40.11, lon: -88.2, at: at.toISOString() } });
      expect(reason).toBe('crew request');
      const next = applyUnitEvent(unit, event, { sequence: 4, occurredAt: at });
      expect(next.status).toBe(to);
      expect(next.version).toBe(4);
    } else {
      try {
        decideUnitStatus(unit, command);
        expect.unreachable('an illegal transition was accepted');
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).code).toBe('illegal_transition');
        expect((err as DomainError).details.currentStatus).toBe(from);
      }
    }
  });

  it('never stays put: a status is not a transition to itself', () => {
    for (const s of UNIT_STATUSES) expect(UNIT_TRANSITIONS[s]).not.toContain(s);
  });

  it('every status is reachable from off duty and leads back to available', () => {
    const reach = (start: UnitStatus) => {
      const seen = new Set<UnitStatus>([start]);
      const queue = [start];
      while (queue.length) {
        for (const n of UNIT_TRANSITIONS[queue.shift()!]) {
          if (!seen.has(n)) {
            seen.add(n);
            queue.push(n);
          }
        }
      }
      return seen;
    };
    expect([...reach('off_duty')].sort()).toEqual([...UNIT_STATUSES].sort());
    for (const s of UNIT_STATUSES) expect(reach(s).has('available')).toBe(true);
  });

  it('goes off duty only from a status that holds no call', () => {
    const from = UNIT_STATUSES.filter((s) => UNIT_TRANSITIONS[s].includes('off_duty'));
    expect(from.sort()).toEqual(['available', 'out_of_service']);
    expect(isOnDuty('off_duty')).toBe(false);
    expect(isOnDuty('transporting')).toBe(true);
  });

  it('needs a reason to go out of service', () => {
    expect(() => decideUnitStatus(buildUnit(), { status: 'out_of_service' })).toThrow(/say why/);
    expect(() => decideUnitStatus(buildUnit(), { status: 'out_of_service', reason: '  ' })).toThrow(DomainError);
  });

  it('records the position the crew gives, else the last known one, else none', () => {
    const given = { lat: 40.2, lon: -88.3, at: new Date('2026-11-22T10:01:00Z') };
    expect(decideUnitStatus(buildUnit(), { status: 'dispatched', position: given }).event.data.position).toEqual({ lat: 40.2, lon: -88.3, at: given.at.toISOString() });
    expect(decideUnitStatus(buildUnit({ lastPosition: null, status: 'off_duty' }), { status: 'available' }).event.data.position).toBeNull();
  });
});
