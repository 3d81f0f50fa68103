import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChangeProblem, applyChanges, placesOf } from './changes.ts';
import { simulate } from './index.ts';
import { parseScenario, type ScenarioFile } from './scenario.ts';

const parsed = parseScenario(readFileSync(new URL('../scenarios/demo-region.yaml', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error('the demo scenario does not parse');
const demo: ScenarioFile = parsed.scenario;
const l23 = (r: ReturnType<typeof simulate>) => r.levels.filter((l) => l.level === 2 || l.level === 3).reduce((a, l) => a + l.misses, 0);

describe('planning changes', () => {
  it('lists each place once: bases, facility sites, the county centre', () => {
    const places = placesOf(demo);
    expect(places.length).toBeGreaterThan(0);
    expect(new Set(places.map((p) => `${p.lat},${p.lon}`)).size).toBe(places.length);
    expect(places.map((p) => p.id)).toEqual(expect.arrayContaining(['team.mcrt-champaign', 'facility.living-room', 'county.17019']));
  });

  it('leaves the baseline alone and names a bad change by its path', () => {
    const before = JSON.stringify(demo);
    const changed = applyChanges(demo, { addTeams: [{ shift: 'always', place: 'facility.living-room' }], livingRoomAlwaysOpen: true, maximumMinutes: { '2': 45 } });
    expect(JSON.stringify(demo)).toBe(before);
    expect(changed.teams).toHaveLength(demo.teams.length + 1);
    expect(changed.facilities.find((f) => f.kind === 'living_room')!.hours).toBe('always');
    expect(changed.regions[0]!.maximumMinutes).toEqual({ '2': 45 });
    expect(() => applyChanges(demo, { moveBases: [{ team: 'nobody', place: 'county.17019' }] })).toThrow(ChangeProblem);
    try {
      applyChanges(demo, { addTeams: [{ shift: 'day', place: 'county.17019' }, { shift: 'day', place: 'county.17031' }] });
    } catch (e) {
      expect((e as ChangeProblem).path).toBe('add.1');
      expect((e as ChangeProblem).rule).toBe('known_place');
    }
  });

  it('an added team misses no more than before on the same seed; a tighter maximum misses more', () => {
    const base = simulate(demo, { days: 60, seed: 3 });
    const more = simulate(applyChanges(demo, { addTeams: [{ shift: 'always', place: 'county.17019' }] }), { days: 60, seed: 3 });
    const tight = simulate(applyChanges(demo, { maximumMinutes: { '2': 20, '3': 20 } }), { days: 60, seed: 3 });
    expect(more.contacts.total).toBe(base.contacts.total);
    expect(l23(base)).toBeGreaterThan(0);
    expect(l23(more)).toBeLessThan(l23(base));
    expect(l23(tight)).toBeGreaterThan(l23(base));
  }, 60_000);
});
