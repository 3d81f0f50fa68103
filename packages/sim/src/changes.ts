import { countyByFips } from './counties.ts';
import type { ScenarioFile, ScenarioTeam } from './scenario.ts';

/**
 * The planner's edits to a scenario (issue 13 §4), as the console's Planning page offers them:
 * add a team, move a team's base, change the RAC's maximum, open the Living Room around the
 * clock. Pure: the scenario is copied, never changed, so the baseline stays what the region runs.
 */

/** Somewhere a team may be based: a team's base, a facility's site or a county's centre. */
export interface Place {
  /** `team.<id>`, `facility.<id>` or `county.<fips>`. */
  id: string;
  label: string;
  county: string;
  lat: number;
  lon: number;
}

export type ShiftChoice = 'day' | 'night' | 'always';

export interface ScenarioChanges {
  addTeams?: Array<{ shift: ShiftChoice; place: string }>;
  moveBases?: Array<{ team: string; place: string }>;
  /** Minutes, for level 2 and level 3 calls. */
  maximumMinutes?: { '2'?: number; '3'?: number };
  livingRoomAlwaysOpen?: boolean;
}

export const SHIFT_HOURS: Record<Exclude<ShiftChoice, 'always'>, { start: string; end: string }> = {
  day: { start: '08:00', end: '20:00' },
  night: { start: '20:00', end: '08:00' },
};

/** The places of a scenario where a team may be based, each once (the first name wins). */
export function placesOf(scenario: ScenarioFile): Place[] {
  const out: Place[] = [];
  const seen = new Set<string>();
  const add = (id: string, label: string, county: string, lat: number | undefined, lon: number | undefined) => {
    const c = countyByFips(county)!;
    const p = { id, label, county, lat: lat ?? c.lat, lon: lon ?? c.lon };
    const key = `${p.lat.toFixed(4)},${p.lon.toFixed(4)}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  for (const t of scenario.teams) add(`team.${t.id}`, `${t.name ?? t.id} base`, t.base.county, t.base.lat, t.base.lon);
  for (const f of scenario.facilities) add(`facility.${f.id}`, f.name ?? f.id, f.at.county, f.at.lat, f.at.lon);
  for (const r of scenario.regions) for (const f of r.counties) add(`county.${f}`, `${countyByFips(f)!.name}, centre`, f, undefined, undefined);
  return out;
}

/** A problem with one change, named by its path in the request (e.g. `add.1`). */
export class ChangeProblem extends Error {
  constructor(readonly path: string, readonly rule: string, message: string) {
    super(message);
  }
}

/** The scenario with the changes made, or a ChangeProblem naming the first bad one. */
export function applyChanges(scenario: ScenarioFile, changes: ScenarioChanges): ScenarioFile {
  const places = new Map(placesOf(scenario).map((p) => [p.id, p]));
  const place = (id: string, path: string): Place => {
    const p = places.get(id);
    if (!p) throw new ChangeProblem(path, 'known_place', `no place "${id}" in this scenario`);
    return p;
  };
  const template = scenario.teams.find((t) => t.model === 'program_590_mcrt' && !t.youth);
  let teams: ScenarioTeam[] = scenario.teams.map((t) => ({ ...t }));
  (changes.moveBases ?? []).forEach((m, i) => {
    const team = teams.find((t) => t.id === m.team);
    if (!team) throw new ChangeProblem(`move.${i}`, 'known_team', `no team "${m.team}" in this scenario`);
    const p = place(m.place, `move.${i}`);
    team.base = { county: p.county, lat: p.lat, lon: p.lon };
  });
  (changes.addTeams ?? []).forEach((a, i) => {
    const p = place(a.place, `add.${i}`);
    const n = i + 1;
    teams = [...teams, {
      id: `added-${n}`,
      name: `Added team ${n}`,
      model: template?.model ?? 'program_590_mcrt',
      composition: template?.composition ?? ['mcrt_clinician', 'engagement_specialist'],
      base: { county: p.county, lat: p.lat, lon: p.lon },
      count: 1,
      shifts: a.shift === 'always' ? 'always' : [{ days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], ...SHIFT_HOURS[a.shift] }],
      youth: false,
      canTransport: true,
    }];
  });
  const max = changes.maximumMinutes;
  const regions = max && (max['2'] !== undefined || max['3'] !== undefined)
    ? scenario.regions.map((r) => ({ ...r, maximumMinutes: { ...r.maximumMinutes, ...max } }))
    : scenario.regions;
  const facilities = changes.livingRoomAlwaysOpen ? scenario.facilities.map((f) => (f.kind === 'living_room' ? { ...f, hours: 'always' as const } : f)) : scenario.facilities;
  return { ...scenario, teams, regions, facilities };
}
