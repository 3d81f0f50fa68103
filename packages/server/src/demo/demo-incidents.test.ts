import { describe, expect, it } from 'vitest';
import { CreateIncidentRequest } from '@continuum/contracts';
import { ENTRY_POINTS } from '@continuum/domain';
import { isInCounty, townsInCounty } from '../geo/county.ts';
import { buildDemoIncidents } from './demo-incidents.ts';

const NOW = new Date('2026-03-14T18:30:00Z');
const SIX_HOURS = 6 * 60 * 60 * 1000;

describe('buildDemoIncidents', () => {
  it('makes six incidents by default and the number asked for otherwise', () => {
    expect(buildDemoIncidents(NOW)).toHaveLength(6);
    expect(buildDemoIncidents(NOW, 2)).toHaveLength(2);
    expect(buildDemoIncidents(NOW, 0)).toEqual([]);
    expect(buildDemoIncidents(NOW, 20)).toHaveLength(20);
    expect(() => buildDemoIncidents(NOW, -1)).toThrow(RangeError);
    expect(() => buildDemoIncidents(NOW, 1.5)).toThrow(RangeError);
  });

  it('is deterministic for a given now', () => {
    expect(buildDemoIncidents(new Date(NOW))).toEqual(buildDemoIncidents(new Date(NOW)));
    expect(buildDemoIncidents(new Date(NOW.getTime() + 3_600_000))).not.toEqual(buildDemoIncidents(NOW));
  });

  it('produces bodies the create-incident route accepts', () => {
    for (const { receivedAt: _receivedAt, ...body } of buildDemoIncidents(NOW, 20)) {
      const parsed = CreateIncidentRequest.safeParse(body);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it('covers every entry point in the default demo', () => {
    expect(new Set(buildDemoIncidents(NOW).map((i) => i.entryPoint))).toEqual(new Set(ENTRY_POINTS));
  });

  it('places each incident in a real town inside Champaign County', () => {
    const towns = new Set(townsInCounty('17019').map((t) => t.name));
    for (const i of buildDemoIncidents(NOW, 20)) {
      expect(isInCounty('17019', i.location.lat, i.location.lon), i.location.address).toBe(true);
      const town = i.location.address.split(', ').at(-2)!;
      expect(towns, i.location.address).toContain(town);
    }
  });

  it('spreads the incidents over the six hours before now, oldest first', () => {
    const times = buildDemoIncidents(NOW, 20).map((i) => i.receivedAt.getTime());
    for (const t of times) {
      expect(t).toBeLessThan(NOW.getTime());
      expect(t).toBeGreaterThan(NOW.getTime() - SIX_HOURS - 1000);
    }
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(SIX_HOURS / 2);
  });

  it('uses only fictional 217-555-01xx callback numbers, distinct per incident', () => {
    const numbers = buildDemoIncidents(NOW, 20).map((i) => i.caller.callbackNumber);
    for (const n of numbers) expect(n).toMatch(/^217-555-01\d\d$/);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('gives plausible ages, with a child on the CARES line', () => {
    const incidents = buildDemoIncidents(NOW);
    for (const i of incidents) expect(i.person.age).toBeGreaterThanOrEqual(13);
    const cares = incidents.find((i) => i.entryPoint === 'cares')!;
    expect(cares.person.age).toBeLessThan(21);
  });
});
