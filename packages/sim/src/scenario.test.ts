import { describe, expect, it } from 'vitest';
import { ILLINOIS_COUNTIES } from './counties.ts';
import { DEFAULTS } from './defaults.ts';
import { parseScenario, validateScenario } from './scenario.ts';

const minimal = { name: 'x', regions: [{ id: 'il-ems-6', counties: ['17019'] }] };

describe('scenario file', () => {
  it('fills the defaults and their sources', () => {
    const r = validateScenario(minimal);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.demand.crisisNow).toEqual({ episodesPer100kPerMonth: 230, split: { mobile: 0.32, facility: 0.54, ed: 0.14 }, mobileToFacility: 0.3 });
    // 988: 15,000 a month over 12.875 M residents; 911: 228,998 EMS mental-health responses a year.
    expect(r.scenario.demand.contactsPer100kPerMonth['988']).toBe(116.5);
    expect(r.scenario.demand.contactsPer100kPerMonth['911']).toBe(148.2);
    expect(r.scenario.days).toBe(365);
    expect(r.scenario.protocol).toBe(DEFAULTS.protocol);
  });

  it('refuses an unknown field with its path and rule', () => {
    const r = validateScenario({ ...minimal, demand: { arivals: 'poisson' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([{ path: 'demand.arivals', rule: 'unknown_field', message: 'unknown field "arivals"' }]);
  });

  it('refuses a negative rate with its path and rule', () => {
    const r = validateScenario({ ...minimal, demand: { contactsPer100kPerMonth: { '911': -1, '988': 100, cares: 0 } } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.path, p.rule])).toEqual([['demand.contactsPer100kPerMonth.911', 'non_negative']]);
  });

  it('refuses a county that does not exist', () => {
    const r = validateScenario({ name: 'x', regions: [{ id: 'r', counties: ['17019', '17999'] }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.path, p.rule])).toEqual([['regions.0.counties.1', 'known_county']]);
  });

  it('refuses a county in two regions and a split that does not add up', () => {
    const r = validateScenario({ name: 'x', regions: [{ id: 'a', counties: ['17019'] }, { id: 'b', counties: ['17019'] }], demand: { crisisNow: { split: { mobile: 0.5, facility: 0.5, ed: 0.5 } } } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.rule)).toEqual(['sums_to_one']);
    const r2 = validateScenario({ name: 'x', regions: [{ id: 'a', counties: ['17019'] }, { id: 'b', counties: ['17019'] }] });
    expect(!r2.ok && r2.problems.map((p) => [p.path, p.rule])).toEqual([['regions.1.counties.0', 'one_region_per_county']]);
  });

  it('reads YAML and reports a syntax error', () => {
    expect(parseScenario('name: x\nregions:\n  - id: r\n    counties: ["17019"]\n').ok).toBe(true);
    const bad = parseScenario('name: [x\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]!.rule).toBe('syntax');
  });

  it('holds every Illinois county, 12.9 million people', () => {
    expect(ILLINOIS_COUNTIES).toHaveLength(102);
    expect(ILLINOIS_COUNTIES.reduce((s, c) => s + c.population, 0)).toBe(12_875_255);
    const champaign = ILLINOIS_COUNTIES.find((c) => c.fips === '17019')!;
    expect(champaign.name).toBe('Champaign County');
    expect(champaign.lat).toBeCloseTo(40.14, 1);
  });
});
