import type { Principal } from '@continuum/domain';
import { describe, expect, it } from 'vitest';
import { decodeRelay, encodeRelay, fanOutFixes, positionReach, type StoredFix } from './positions-relay.ts';

const fixOf = (unitId: string, agencyId: string, i = 0): StoredFix => ({ unitId, agencyId, lat: 40.1 + i / 1e4, lon: -88.2, at: new Date(Date.UTC(2026, 0, 1, 12, 0, i)).toISOString(), accuracy: 5, heading: null, speed: 1.5 });

const principal = (role: Principal['role'], agencyId: string): Principal =>
  ({ userId: `u-${role}`, username: role, displayName: role, role, agencyId, regionId: 'r', via: 'session', scopes: null }) as Principal;

describe('positionReach', () => {
  it('is the agencies a reader may list units of, and empty for a role that may not list units', () => {
    expect([...positionReach(principal('crisis_dispatcher', 'a'), [], new Date())]).toEqual(['a']);
    expect(positionReach(principal('auditor', 'a'), [], new Date()).size).toBe(0);
  });
});

describe('fanOutFixes', () => {
  it('sends each listener only its agencies’ fixes, encoding once per set of agencies heard', () => {
    const got = new Map<string, string[]>();
    const listener = (name: string, reach: string[]) => ({ name, reach: new Set(reach), principal: principal('crisis_dispatcher', reach[0] ?? 'x'), sendText: (t: string) => got.set(name, [...(got.get(name) ?? []), t]) });
    const ls = [listener('a1', ['a']), listener('a2', ['a']), listener('ab', ['a', 'b']), listener('c', ['c']), listener('none', [])];
    const fixes = [fixOf('a-1', 'a', 1), fixOf('b-1', 'b', 2), fixOf('a-2', 'a', 3)];
    const sent = fanOutFixes(ls, fixes, (l) => l.reach);
    expect(sent).toBe(3);
    const units = (name: string) => (got.get(name) ?? []).flatMap((t) => (JSON.parse(t) as { items: { unitId: string }[] }).items.map((i) => i.unitId));
    expect(units('a1')).toEqual(['a-1', 'a-2']);
    expect(units('ab')).toEqual(['a-1', 'a-2', 'b-1']);
    expect(got.has('c')).toBe(false);
    expect(got.has('none')).toBe(false);
    // The same text object for both readers of agency a: encoded once.
    expect(got.get('a1')![0]).toBe(got.get('a2')![0]);
    expect(JSON.parse(got.get('a1')![0]!)).toEqual({ type: 'positions.update', items: [fixes[0]!, fixes[2]!].map(({ agencyId: _a, ...f }) => f) });
  });
});

describe('encodeRelay / decodeRelay', () => {
  it('round-trips fixes in payloads under the NOTIFY limit, and a process skips its own', () => {
    const fixes = Array.from({ length: 500 }, (_, i) => fixOf(`unit-${i}`, `agency-${i % 7}`, i));
    const payloads = encodeRelay('origin-a', fixes);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    expect(payloads.flatMap((p) => decodeRelay('origin-b', p) ?? [])).toEqual(fixes);
    expect(decodeRelay('origin-a', payloads[0]!)).toBeNull();
    expect(decodeRelay('origin-b', 'origin-a {not json')).toBeNull();
  });
});
