import { describe, expect, it } from 'vitest';
import { suppressGrid } from './grid.ts';
import { dispositionGroup, percentile, racTables, type ReportRow } from './rac.ts';

const row = (over: Partial<ReportRow> = {}): ReportRow => ({
  entryPoint: '911', channel: 'contact', riskLevel: 2, responseGiven: 'crisis_team', policeGround: null, eligibleForTeam: true, noTeamReason: null,
  overrideReason: null, emergencyType: 'adult', responseSeconds: 600, maxSeconds: 3600, disposition: 'stabilised_on_site', transportDestination: null,
  facilityKind: null, arrest: false, useOfForce: false, injury: false, petitionBy: null, deflectionPathway: null, diversion: null, ageBand: '25_44',
  districtId: 'urbana', followup: null, person: null, daysSincePrevious: null, ...over,
});

describe('suppressGrid', () => {
  it('hides small cells and a partner in each row and column sum, and the totals it must', () => {
    const out = suppressGrid({ rows: [{ keys: ['a'], counts: [40] }, { keys: ['b'], counts: [3] }, { keys: ['c'], counts: [20] }], partition: true }, 1, true);
    expect(out.rows.map((r) => r.counts[0])).toEqual([40, null, null, 63]);
    expect(out.rows.at(-1)!.keys).toEqual(['all']);
  });

  it('hides a part whose unprinted rest (total − part) is small', () => {
    const out = suppressGrid({ rows: [{ keys: ['a'], counts: [30, 25] }, { keys: ['b'], counts: [30, 12] }], partition: false }, 1, true);
    // a: 30 − 25 = 5 could be worked out, so 25 is hidden; the column of parts then hides 12 too.
    expect(out.rows[0]!.counts).toEqual([30, null]);
    expect(out.rows[1]!.counts).toEqual([30, null]);
  });

  it('publishes every count when not suppressing (a supervisor\'s own agency)', () => {
    const out = suppressGrid({ rows: [{ keys: ['a'], counts: [2, 1] }], partition: false }, 1, false);
    expect(out.rows.map((r) => r.counts)).toEqual([[2, 1], [2, 1]]);
  });
});

describe('the RAC tables', () => {
  it('median, p90 and share within the maximum by level, as percentile_cont', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([], 0.5)).toBeNull();
    const rows = [...Array.from({ length: 15 }, (_, i) => row({ responseSeconds: (i + 1) * 60 })), ...Array.from({ length: 15 }, () => row({ responseSeconds: 7200 }))];
    const t = racTables(rows, [], true).tables.find((x) => x.id === 'response_time_level')!;
    const level2 = t.rows.find((r) => r.keys[0] === '2')!;
    expect(t.measures).toEqual(['arrivals', 'within_maximum', 'median_minutes', 'p90_minutes', 'share_within']);
    expect(level2.values).toEqual([30, 15, 67.5, 120, 0.5]);
  });

  it('groups where the person ended, least restrictive first', () => {
    expect(dispositionGroup({ disposition: 'transported', transportDestination: 'facility', facilityKind: 'living_room' })).toBe('living_room');
    expect(dispositionGroup({ disposition: 'transported', transportDestination: 'chosen_place', facilityKind: null })).toBe('home_or_chosen_place');
    expect(dispositionGroup({ disposition: 'emergency_department', transportDestination: 'facility', facilityKind: 'emergency_department' })).toBe('emergency_department');
    expect(dispositionGroup({ disposition: null, transportDestination: null, facilityKind: null })).toBe('open');
  });

  it('counts police by §30 ground, eligible calls without a team by reason, and names what is not recorded', () => {
    const rows = [
      ...Array.from({ length: 12 }, () => row({ responseGiven: 'police', policeGround: 'threat_of_physical_injury', noTeamReason: 'no_fitting_unit_available' })),
      ...Array.from({ length: 12 }, () => row()),
    ];
    const r = racTables(rows, [], true);
    expect(r.calls).toBe(24);
    const grounds = r.tables.find((x) => x.id === 'police_grounds')!;
    expect(grounds.rows[0]).toEqual({ keys: ['2', 'threat_of_physical_injury'], values: [12] });
    const eligible = r.tables.find((x) => x.id === 'eligible_no_team')!;
    expect(eligible.rows.map((x) => [x.keys[0], x.values[0]])).toEqual([['crisis_team_sent', 12], ['no_fitting_unit_available', 12], ['all', 24]]);
    expect(r.missing.length).toBeGreaterThan(0);
  });
});
