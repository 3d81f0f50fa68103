import { describe, expect, it } from 'vitest';
import { cellMatcher, DRILLABLE, isDrillable } from './drill.ts';
import { racTables, type ReportRow } from './rac.ts';

const LEVELS = [1, 2, 3, 4, null];
const GIVEN = ['phone_only', 'crisis_team', 'co_response', 'ems', 'police', 'none'] as const;

/** A varied month: every table gets rows, in several groups, from a fixed sequence (no randomness). */
function rows(): ReportRow[] {
  return Array.from({ length: 240 }, (_, i) => ({
    entryPoint: ['911', '988', 'direct', 'cares'][i % 4]!, channel: i % 7 === 0 ? 'cad_eido' : 'contact', riskLevel: LEVELS[i % 5]!,
    responseGiven: GIVEN[i % 6]!, policeGround: i % 6 === 4 ? ['threat_of_physical_injury', 'crime_in_progress'][i % 2]! : null,
    eligibleForTeam: i % 3 === 0, noTeamReason: i % 3 === 0 && i % 2 === 0 ? 'no_unit_sent' : null, overrideReason: i % 11 === 0 ? 'caller_request' : null,
    emergencyType: i % 9 === 0 ? 'youth' : 'adult', responseSeconds: i % 4 === 0 ? null : (i % 50) * 60, maxSeconds: i % 8 === 1 ? null : 3600,
    disposition: i % 5 === 0 ? null : ['stabilised_on_site', 'transported', 'emergency_department', 'arrest'][i % 4]!,
    transportDestination: i % 4 === 1 ? ['home', 'facility'][i % 2]! : null, facilityKind: i % 8 === 1 ? 'living_room' : null,
    arrest: i % 13 === 0, useOfForce: i % 17 === 0, injury: i % 19 === 0, petitionBy: i % 23 === 0 ? 'crisis_team' : i % 29 === 0 ? 'police' : null,
    deflectionPathway: i % 3 === 1 ? 'self_referral' : null, diversion: i % 5 === 2 ? 'pre_arrest' : null,
    ageBand: (['under_18', '18_24', '25_44', '45_64', '65_plus', 'unknown'] as const)[i % 6]!, districtId: i % 4 === 3 ? null : ['urbana-pd', 'sheriff'][i % 2]!,
    followup: i % 2 === 0 ? { firstContactSeconds: i % 3 === 0 ? null : i * 600, engaged: i % 4 === 0, linkedToCare: i % 8 === 0, closureReason: i % 6 === 0 ? 'connected_to_care' : null } : null,
    person: i % 3 === 2 ? { gender: ['woman', 'man'][i % 2]!, race: i % 5 === 0 ? null : 'white', ethnicity: null } : null,
    daysSincePrevious: i % 3 === 2 && i % 4 !== 0 ? i % 95 : null,
    disability: (['yes', 'no', 'unknown'] as const)[i % 3]!, ruralUrban: (['urban', 'rural', 'unknown'] as const)[i % 3]!,
  }));
}

describe('the calls behind a cell of the RAC report', () => {
  it('picks exactly as many rows as every count cell of every drillable table shows, totals rows included', () => {
    const month = rows();
    const report = racTables(month, [], false);
    let cells = 0;
    for (const table of report.tables.filter((t) => DRILLABLE[t.id])) {
      expect(table.rows.length, table.id).toBeGreaterThan(1);
      for (const row of table.rows) {
        table.measures.forEach((measure, i) => {
          if (!isDrillable(table.id, measure)) return;
          const m = cellMatcher({ table: table.id, keys: row.keys, measure });
          expect(m.ok).toBe(true);
          if (!m.ok) return;
          expect(month.filter(m.matches).length, `${table.id} ${row.keys.join('|')} ${measure}`).toBe(row.values[i]);
          cells += 1;
        });
      }
    }
    expect(cells).toBeGreaterThan(200);
    // Every table of the report is drillable but the hand-offs (records of their own).
    expect(report.tables.filter((t) => !DRILLABLE[t.id]).map((t) => t.id)).toEqual(['coordination']);
  });

  it('names the part of a reference that names no cell', () => {
    expect(cellMatcher({ table: 'coordination', keys: ['x'], measure: 'hand_offs' })).toMatchObject({ ok: false, field: 'table' });
    expect(cellMatcher({ table: '__proto__', keys: ['x'], measure: 'calls' })).toMatchObject({ ok: false, field: 'table' });
    expect(cellMatcher({ table: 'response_time_level', keys: ['2'], measure: 'median_minutes' })).toMatchObject({ ok: false, field: 'measure' });
    expect(cellMatcher({ table: 'volume', keys: ['911'], measure: 'calls' })).toMatchObject({ ok: false, field: 'keys' });
  });
});
