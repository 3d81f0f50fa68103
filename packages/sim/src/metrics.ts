import { SERVED, SERVED_NAMES, type Recorder } from './recorder.ts';
import { ENTRY_POINTS } from './scenario.ts';
import type { World } from './world.ts';

/** Figures of response for one group of calls (a level, a county, a level in a county). */
export interface ResponseFigures {
  calls: number;
  /** Calls a team or police reached in person (response time known). */
  responded: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  /** Share of in-person responses within the plan's maximum (null where no maximum applies). */
  withinMax: number | null;
  crisisTeamShare: number | null;
  alternativeTeamShare: number | null;
  policeFallbackShare: number | null;
  noTeamShare: number | null;
  meanQueueWait: number | null;
  queuedShare: number | null;
  /** In-person calls that missed: a team beyond the maximum, police in its place, or no team. */
  misses: number;
}

export interface SimResult {
  scenario: string;
  seed: number;
  days: number;
  population: number;
  events: number;
  contacts: { total: number; byEntry: Record<string, number>; byLevel: Record<string, number>; walkInsFacility: number; walkInsEd: number; channels988: Record<string, number> };
  handoffs: { from911to988: number; from988to911: number };
  servedBy: Record<string, number>;
  levels: Array<{ level: number } & ResponseFigures>;
  counties: Array<{ fips: string; name: string; population: number } & ResponseFigures & { levels23: ResponseFigures }>;
  regions: Array<{
    id: string;
    name: string;
    teams: number;
    utilisationByHour: number[];
    /** Level 2-3 calls that missed, by the hour of day they came in. */
    missesByHour: number[];
    onDutyTeamsByHour: number[];
    followup: { caseManagers: number; episodesOpened: number; meanOpen: number; openPerCaseManager: number | null; openedPerCaseManagerPerMonth: number | null };
  }>;
  teams: { jobs: number; meanBusyMinutes: number | null; meanBusyTeams: number };
  facilities: Array<{ id: string; name: string; kind: string; capacity: number; admissions: number; turnAways: number; meanOccupancy: number; occupancyShare: number; peak: number; meanStayHours: number | null }>;
  noPlace: number;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const share = (a: number, b: number): number | null => (b > 0 ? r3(a / b) : null);

function percentile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return r3(sorted[rank - 1]!);
}

/** An in-person call that did not get a crisis team within its maximum. */
export function missed(rec: Recorder, id: number): boolean {
  const s = rec.servedBy[id]!;
  if (s === SERVED.police_fallback || s === SERVED.no_team) return true;
  if (s !== SERVED.crisis_team && s !== SERVED.alternative_team) return false;
  const r = rec.response[id]!;
  return Number.isNaN(r) || r > rec.maxMinutes[id]! + 1e-9;
}

function figures(rec: Recorder, ids: readonly number[]): ResponseFigures {
  const times: number[] = [];
  let misses = 0, within = 0, withMax = 0, team = 0, alt = 0, police = 0, none = 0, waitSum = 0, queued = 0, inPerson = 0;
  for (const id of ids) {
    const r = rec.response[id]!;
    const s = rec.servedBy[id]!;
    if (!Number.isNaN(r)) {
      times.push(r);
      const m = rec.maxMinutes[id]!;
      if (!Number.isNaN(m)) {
        withMax++;
        if (r <= m + 1e-9) within++;
      }
    }
    if (s === SERVED.crisis_team || s === SERVED.alternative_team || s === SERVED.police_fallback || s === SERVED.no_team) {
      inPerson++;
      if (missed(rec, id)) misses++;
      if (s === SERVED.crisis_team) team++;
      else if (s === SERVED.alternative_team) alt++;
      else if (s === SERVED.police_fallback) police++;
      else none++;
      waitSum += rec.queueWait[id]!;
      if (rec.queueWait[id]! > 0) queued++;
    }
  }
  const sorted = Float64Array.from(times).sort();
  return {
    calls: ids.length,
    responded: times.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    withinMax: share(within, withMax),
    crisisTeamShare: share(team, inPerson),
    alternativeTeamShare: share(alt, inPerson),
    policeFallbackShare: share(police, inPerson),
    noTeamShare: share(none, inPerson),
    meanQueueWait: inPerson > 0 ? r3(waitSum / inPerson) : null,
    queuedShare: share(queued, inPerson),
    misses,
  };
}

/** Turns a finished run into the figures a RAC reads: per level, per county, teams, facilities, follow-up. */
export function summarise(world: World, rec: Recorder, seed = world.scenario.seed): SimResult {
  const T = rec.horizon;
  const byLevel: number[][] = [[], [], [], [], []];
  const byCounty: number[][] = world.counties.map(() => []);
  const byCounty23: number[][] = world.counties.map(() => []);
  const byEntry: Record<string, number> = { '911': 0, '988': 0, cares: 0 };
  const served: Record<string, number> = Object.fromEntries(SERVED_NAMES.filter((n) => n !== 'pending').map((n) => [n, 0]));
  let calls = 0, walkF = 0, walkE = 0;
  for (let id = 0; id < rec.n; id++) {
    const s = rec.servedBy[id]!;
    if (s === SERVED.pending && rec.kind[id] !== 0) continue;
    if (rec.kind[id] === 1) { walkF++; served['walk_in_facility']!++; continue; }
    if (rec.kind[id] === 2) { walkE++; served['walk_in_ed']!++; continue; }
    if (rec.level[id] === 0) continue; // arrived, not yet triaged: past the horizon
    calls++;
    byEntry[ENTRY_POINTS[rec.entry[id]!]!]!++;
    if (s !== SERVED.pending) served[SERVED_NAMES[s]!]!++;
    const level = rec.level[id]!;
    byLevel[level]!.push(id);
    byCounty[rec.county[id]!]!.push(id);
    if (level === 2 || level === 3) byCounty23[rec.county[id]!]!.push(id);
  }
  const months = T / 1440 / (365.25 / 12);
  const missesByHour = world.regions.map(() => new Array<number>(24).fill(0));
  for (let id = 0; id < rec.n; id++) {
    if (rec.kind[id] === 0 && (rec.level[id] === 2 || rec.level[id] === 3) && missed(rec, id)) missesByHour[rec.region[id]!]![Math.floor(rec.t0[id]! / 60) % 24]!++;
  }
  return {
    scenario: world.scenario.name,
    seed,
    days: rec.days,
    population: world.population,
    events: rec.events,
    contacts: {
      total: calls,
      byEntry,
      byLevel: { 1: byLevel[1]!.length, 2: byLevel[2]!.length, 3: byLevel[3]!.length, 4: byLevel[4]!.length },
      walkInsFacility: walkF,
      walkInsEd: walkE,
      channels988: { voice: rec.channels[0]!, text: rec.channels[1]!, chat: rec.channels[2]! },
    },
    handoffs: { from911to988: rec.handoffs911to988, from988to911: rec.handoffs988to911 },
    servedBy: served,
    levels: [1, 2, 3, 4].map((level) => ({ level, ...figures(rec, byLevel[level]!) })),
    counties: world.counties.map((c, i) => ({ fips: c.fips, name: c.name, population: c.population, ...figures(rec, byCounty[i]!), levels23: figures(rec, byCounty23[i]!) })),
    regions: world.regions.map((r, ri) => {
      const busy = rec.busyByHour[ri]!;
      const duty = rec.dutyByHour[ri]!;
      const open = T > 0 ? rec.followupArea[ri]! / T : 0;
      return {
        id: r.id,
        name: r.name,
        teams: world.units.filter((u) => u.region === ri).length,
        utilisationByHour: Array.from(busy, (b, h) => (duty[h]! > 0 ? r3(b / duty[h]!) : 0)),
        missesByHour: missesByHour[ri]!,
        onDutyTeamsByHour: Array.from(duty, (d) => r3(d / (T / 24))),
        followup: {
          caseManagers: r.caseManagers,
          episodesOpened: rec.followupOpened[ri]!,
          meanOpen: r3(open),
          openPerCaseManager: r.caseManagers > 0 ? r3(open / r.caseManagers) : null,
          openedPerCaseManagerPerMonth: r.caseManagers > 0 && months > 0 ? r3(rec.followupOpened[ri]! / r.caseManagers / months) : null,
        },
      };
    }),
    teams: { jobs: rec.jobs, meanBusyMinutes: rec.jobs ? r3(rec.jobMinutes / rec.jobs) : null, meanBusyTeams: T > 0 ? r3(rec.busyArea / T) : 0 },
    facilities: world.facilities.map((f, i) => {
      const mean = T > 0 ? rec.censusArea[i]! / T : 0;
      return {
        id: f.id,
        name: f.name,
        kind: f.kind,
        capacity: f.capacity,
        admissions: rec.admissions[i]!,
        turnAways: rec.turnAways[i]!,
        meanOccupancy: r3(mean),
        occupancyShare: r3(mean / f.capacity),
        peak: rec.censusPeak[i]!,
        meanStayHours: rec.admissions[i]! > 0 ? r3(rec.stayMinutes[i]! / rec.admissions[i]! / 60) : null,
      };
    }),
    noPlace: rec.noPlace,
  };
}

/** The result as long-format CSV: one row per figure (`section,id,name,level,metric,value`). */
export function toCsv(result: SimResult): string {
  const rows: string[] = ['section,id,name,level,metric,value'];
  const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const add = (section: string, id: string, name: string, level: string, figs: object) => {
    for (const [k, v] of Object.entries(figs)) if (typeof v === 'number' || v === null) rows.push([section, esc(id), esc(name), level, k, v === null ? '' : String(v)].join(','));
  };
  for (const l of result.levels) add('level', String(l.level), `Level ${l.level}`, String(l.level), l);
  for (const c of result.counties) {
    add('county', c.fips, c.name, 'all', c);
    add('county', c.fips, c.name, '2-3', c.levels23);
  }
  for (const r of result.regions) {
    r.utilisationByHour.forEach((u, h) => rows.push(['utilisation', esc(r.id), esc(r.name), '', `hour_${String(h).padStart(2, '0')}`, String(u)].join(',')));
    r.missesByHour.forEach((m, h) => rows.push(['misses', esc(r.id), esc(r.name), '2-3', `hour_${String(h).padStart(2, '0')}`, String(m)].join(',')));
    add('followup', r.id, r.name, '', r.followup);
  }
  for (const f of result.facilities) add('facility', f.id, f.name, '', f);
  add('handoffs', 'all', 'Hand-offs', '', result.handoffs);
  add('served_by', 'all', 'Served by', '', result.servedBy);
  return `${rows.join('\n')}\n`;
}
