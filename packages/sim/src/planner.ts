import { simulate } from './index.ts';
import type { SimResult } from './metrics.ts';
import type { ScenarioFile, ScenarioTeam } from './scenario.ts';
import { countyByFips } from './counties.ts';

/** What the region must meet, over its level 2-3 calls. */
export interface PlanTarget {
  /** Share of level 2-3 calls reached within the plan's maximum (e.g. 0.9). */
  withinMax: number;
  /** Largest share of level 2-3 in-person responses that may be police in place of a crisis team (e.g. 0.05). */
  policeFallback: number;
}

/** Parses `within=0.9,fallback=0.05` (percentages such as `90%` are accepted too). */
export function parseTarget(text: string): PlanTarget {
  const target: PlanTarget = { withinMax: 0.9, policeFallback: 0.05 };
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(within|fallback)\s*[=:<>]+\s*([\d.]+)(%?)$/.exec(part);
    if (!m) throw new Error(`target "${part}": write within=0.9 or fallback=0.05 (shares, or percentages like 90%)`);
    const v = Number(m[2]) / (m[3] ? 100 : 1);
    if (!(v >= 0 && v <= 1)) throw new Error(`target "${part}": a share between 0 and 1`);
    if (m[1] === 'within') target.withinMax = v;
    else target.policeFallback = v;
  }
  return target;
}

/** The region's level 2-3 figures over all counties. */
export interface Standing {
  calls: number;
  withinMax: number;
  policeFallback: number;
  meets: boolean;
}

export function standing(result: SimResult, target: PlanTarget): Standing {
  let calls = 0, within = 0, police = 0, inPerson = 0;
  for (const l of result.levels.filter((x) => x.level === 2 || x.level === 3)) {
    calls += l.calls;
    within += (l.withinMax ?? 0) * l.responded;
    inPerson += l.calls;
    police += ((l.policeFallbackShare ?? 0) + (l.noTeamShare ?? 0)) * l.calls;
  }
  const responded = result.levels.filter((x) => x.level === 2 || x.level === 3).reduce((a, l) => a + l.responded, 0);
  const w = responded ? within / responded : 1;
  const p = inPerson ? police / inPerson : 0;
  return { calls, withinMax: Math.round(w * 1000) / 1000, policeFallback: Math.round(p * 1000) / 1000, meets: w >= target.withinMax && p <= target.policeFallback };
}

/** Why the region misses: the hours and counties with the most level 2-3 calls missed. */
export interface Why {
  worstHours: Array<{ hour: number; misses: number }>;
  worstCounties: Array<{ fips: string; name: string; misses: number; calls: number; withinMax: number | null; policeFallbackShare: number | null }>;
}

export function why(result: SimResult, top = 5): Why {
  const hours = new Array<number>(24).fill(0);
  for (const r of result.regions) r.missesByHour.forEach((m, h) => (hours[h]! += m));
  return {
    worstHours: hours.map((misses, hour) => ({ hour, misses })).filter((x) => x.misses > 0).sort((a, b) => b.misses - a.misses || a.hour - b.hour).slice(0, top),
    worstCounties: result.counties
      .filter((c) => c.levels23.misses > 0)
      .sort((a, b) => b.levels23.misses - a.levels23.misses || a.fips.localeCompare(b.fips))
      .slice(0, top)
      .map((c) => ({ fips: c.fips, name: c.name, misses: c.levels23.misses, calls: c.levels23.calls, withinMax: c.levels23.withinMax, policeFallbackShare: c.levels23.policeFallbackShare })),
  };
}

/** A team the planner added, and what a 12-hour team-shift a day it costs. */
export interface AddedTeam {
  id: string;
  county: string;
  countyName: string;
  shift: 'day' | 'night' | 'always';
  teamShiftsPerDay: number;
}

export interface PlanResult {
  target: PlanTarget;
  before: Standing & Why;
  after: Standing & Why;
  added: AddedTeam[];
  teamShiftsPerDay: { before: number; after: number };
  bases: { before: number; after: number };
  evaluations: number;
}

const DAY = { start: '08:00', end: '20:00' } as const;
const NIGHT = { start: '20:00', end: '08:00' } as const;

/** 12-hour team-shifts a day a team stands for. */
function shiftsPerDay(t: ScenarioTeam): number {
  if (t.shifts === 'always') return 2 * t.count;
  let minutes = 0;
  for (const s of t.shifts) {
    const a = Number(s.start.slice(0, 2)) * 60 + Number(s.start.slice(3));
    let b = Number(s.end.slice(0, 2)) * 60 + Number(s.end.slice(3));
    if (b <= a) b += 1440;
    minutes += ((b - a) * s.days.length) / 7;
  }
  return Math.round((minutes / 720) * t.count * 100) / 100;
}

const basesOf = (teams: readonly ScenarioTeam[]): number => new Set(teams.map((t) => `${t.base.county}:${t.base.lat ?? ''}:${t.base.lon ?? ''}`)).size;

/**
 * Finds few team-shifts, and where to base them, that meet the target. Greedy: while the region
 * misses, add a 12-hour crisis team at the county with most misses, on the half of the day with
 * most misses there (both halves when they are close); then local search: drop any team whose
 * removal still meets the target. Every candidate is judged by a full simulation on the same
 * seed (common random numbers), so differences come from the change, not the dice.
 */
export function plan(scenario: ScenarioFile, target: PlanTarget, options: { days?: number; seed?: number; maxAdded?: number; onStep?: (text: string) => void } = {}): PlanResult {
  const days = options.days ?? Math.min(scenario.days, 90);
  const seed = options.seed ?? scenario.seed;
  let evaluations = 0;
  const run = (s: ScenarioFile): SimResult => {
    evaluations++;
    return simulate(s, { days, seed });
  };
  const mcrt = scenario.teams.find((t) => t.model === 'program_590_mcrt' || t.model === 'alternative_response');
  const coResponse = scenario.teams.find((t) => t.composition.includes('police_officer') && t.composition.includes('mcrt_clinician'));
  let current: ScenarioFile = { ...scenario, teams: [...scenario.teams] };
  const first = run(current);
  let result = first;
  const added: AddedTeam[] = [];
  for (let i = 0; i < (options.maxAdded ?? 40) && !standing(result, target).meets; i++) {
    const w = why(result, 1);
    const worst = w.worstCounties[0];
    if (!worst) break;
    // Misses by hour over the whole region point to the half of the day to cover.
    const hours = new Array<number>(24).fill(0);
    for (const r of result.regions) r.missesByHour.forEach((m, h) => (hours[h]! += m));
    const day = hours.slice(8, 20).reduce((a, b) => a + b, 0);
    const night = hours.reduce((a, b) => a + b, 0) - day;
    const shift: AddedTeam['shift'] = Math.min(day, night) > 0.5 * Math.max(day, night) ? 'always' : day >= night ? 'day' : 'night';
    const county = countyByFips(worst.fips)!;
    // Most misses a plan needing police with the clinicians (a §30 ground) and no such team: add a co-response team.
    const l23 = result.levels.filter((l) => l.level === 2 || l.level === 3);
    const noTeam = l23.reduce((a, l) => a + (l.noTeamShare ?? 0) * l.calls, 0);
    const misses = l23.reduce((a, l) => a + l.misses, 0);
    const template = coResponse && noTeam > misses / 2 ? coResponse : mcrt;
    const id = `planned-${added.length + 1}`;
    const team: ScenarioTeam = {
      id,
      name: `Planned team ${added.length + 1}`,
      model: template?.model ?? 'program_590_mcrt',
      composition: template?.composition ?? ['mcrt_clinician', 'engagement_specialist'],
      base: { county: county.fips, lat: county.lat, lon: county.lon },
      serviceCounties: [county.fips],
      count: 1,
      shifts: shift === 'always' ? 'always' : [{ days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], ...(shift === 'day' ? DAY : NIGHT) }],
      youth: false,
      canTransport: true,
    };
    current = { ...current, teams: [...current.teams, team] };
    added.push({ id, county: county.fips, countyName: county.name, shift, teamShiftsPerDay: shiftsPerDay(team) });
    result = run(current);
    options.onStep?.(`added ${id} at ${county.name} (${shift}): ${JSON.stringify(standing(result, target))}`);
  }
  // Local search: a planned team whose removal still meets the target goes (the region's own
  // teams stay: dropping, say, the only youth team would meet a region-wide share and fail children).
  const removed: string[] = [];
  if (standing(result, target).meets) {
    for (const t of [...current.teams].reverse().filter((x) => added.some((a) => a.id === x.id))) {
      const without = { ...current, teams: current.teams.filter((x) => x !== t) };
      const r = run(without);
      if (standing(r, target).meets) {
        current = without;
        result = r;
        removed.push(t.id);
        options.onStep?.(`removed ${t.id}: still ${JSON.stringify(standing(r, target))}`);
      }
    }
  }
  const kept = added.filter((a) => !removed.includes(a.id));
  return {
    target,
    before: { ...standing(first, target), ...why(first) },
    after: { ...standing(result, target), ...why(result) },
    added: kept,
    teamShiftsPerDay: { before: scenario.teams.reduce((a, t) => a + shiftsPerDay(t), 0), after: current.teams.reduce((a, t) => a + shiftsPerDay(t), 0) },
    bases: { before: basesOf(scenario.teams), after: basesOf(current.teams) },
    evaluations,
  };
}
