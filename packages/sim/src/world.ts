import { readFileSync } from 'node:fs';
import { loadProtocol } from '@continuum/contracts';
import {
  ALWAYS_OPEN,
  DEFAULT_CRITERIA,
  DESTINATION_ORDER,
  GreatCircleEstimator,
  PROGRAMMES,
  WEEKDAYS,
  dailyHours,
  greatCircleKm,
  isOpenAt,
  programmeForUnitModel,
  type DispatchUnit,
  type FacilityKind,
  type FacilityProfile,
  type GeoPoint,
  type Protocol,
  type ProgrammeId,
} from '@continuum/domain';
import { countyByFips, type County } from './counties.ts';
import { DEFAULTS } from './defaults.ts';
import type { Distribution, EntryPoint, Hours, ScenarioFile, Shifts } from './scenario.ts';
import { ENTRY_POINTS } from './scenario.ts';
import { SituationSampler, SituationTree, type Outcome } from './situation.ts';

/** The repository's shipped protocols: the same files the server publishes. */
export const PROTOCOLS_DIR = new URL('../../../protocols/', import.meta.url);

/** Quarter hours in a week: the resolution of shifts and opening hours. */
export const SLOTS_PER_WEEK = 7 * 96;

export interface SimCounty extends County {
  region: number;
  /** Radius of a disc of the county's area: calls are spread over it. */
  radiusKm: number;
  /** Units that may be sent here. */
  units: Int32Array;
  /** Facilities of the county's region, nearest the centroid first (at most 12). */
  facilities: Int32Array;
  /** Share of the scenario's population, for drawing where a contact comes from. */
  weight: number;
}

export interface SimRegion {
  id: string;
  name: string;
  caseManagers: number;
  /** The RAC's maximum by level (index 2 and 3), NaN where the plans' own applies. */
  maximumByLevel: Float64Array;
  counties: number[];
  samplers: Record<EntryPoint, SituationSampler>;
}

export interface SimFacility {
  id: string;
  name: string;
  kind: FacilityKind;
  region: number;
  county: number;
  location: GeoPoint;
  capacity: number;
  profile: FacilityProfile;
  open: Uint8Array;
  stay: Distribution;
  turnaround: Distribution;
  /** Place of the kind in the least-restrictive order (DESTINATION_ORDER). */
  order: number;
}

export interface SimUnit {
  unit: DispatchUnit;
  home: GeoPoint;
  region: number;
  onDuty: Uint8Array;
  programme: ProgrammeId | null;
}

export interface World {
  scenario: ScenarioFile;
  protocol: Protocol;
  counties: SimCounty[];
  regions: SimRegion[];
  facilities: SimFacility[];
  units: SimUnit[];
  outcomes: Outcome[];
  travel: GreatCircleEstimator;
  /** Cumulative population weights of the counties, for drawing a county. */
  countyCum: Float64Array;
  population: number;
}

const slotOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 4 + Math.floor(Number(hhmm.slice(3, 5)) / 15);

/** A weekly pattern of shifts as one flag per quarter hour, Monday 00:00 first. */
export function dutyTable(shifts: Shifts): Uint8Array {
  const t = new Uint8Array(SLOTS_PER_WEEK);
  if (shifts === 'always') return t.fill(1);
  for (const s of shifts) {
    const start = slotOf(s.start);
    let end = slotOf(s.end);
    if (end <= start) end += 96;
    for (const day of s.days) {
      const d = WEEKDAYS.indexOf(day) * 96;
      for (let k = start; k < end; k++) t[(d + k) % SLOTS_PER_WEEK] = 1;
    }
  }
  return t;
}

// Monday 1 January 2024, 00:00 in Chicago (CST, UTC-6): a week with no clock change.
const REFERENCE_MONDAY = Date.UTC(2024, 0, 1, 6, 0);

/** Opening hours judged by the domain's own rule (`isOpenAt`) once per quarter hour of a week. */
export function openTable(hours: Hours): { table: Uint8Array; profile: FacilityProfile['hours'] } {
  // Intl formatting is slow and a region has few distinct patterns: one table per pattern.
  const key = JSON.stringify(hours);
  const cached = openTables.get(key);
  if (cached) return cached;
  const profile = hours === 'always' ? ALWAYS_OPEN : dailyHours(hours.opens, hours.closes);
  const t = new Uint8Array(SLOTS_PER_WEEK);
  for (let s = 0; s < SLOTS_PER_WEEK; s++) t[s] = isOpenAt(profile, new Date(REFERENCE_MONDAY + s * 15 * 60_000)) ? 1 : 0;
  const made = { table: t, profile };
  openTables.set(key, made);
  return made;
}
const openTables = new Map<string, { table: Uint8Array; profile: FacilityProfile['hours'] }>();

/** A point `km` east and `km2` north of another (small distances). */
export const offset = (p: GeoPoint, eastKm: number, northKm: number): GeoPoint => ({
  lat: p.lat + northKm / 111.2,
  lon: p.lon + eastKm / (111.2 * Math.cos((p.lat * Math.PI) / 180)),
});

export function loadShippedProtocol(file: string): Protocol {
  const text = readFileSync(new URL(file, PROTOCOLS_DIR), 'utf8');
  const loaded = loadProtocol(text, file);
  if (!loaded.ok) throw new Error(`protocol ${file}: ${loaded.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return loaded.value;
}

/** Builds the simulated region from a validated scenario: counties, teams, facilities, samplers. */
export function buildWorld(scenario: ScenarioFile, protocol: Protocol = loadShippedProtocol(scenario.protocol)): World {
  const counties: SimCounty[] = [];
  const countyIndex = new Map<string, number>();
  const outcomes: Outcome[] = [];
  // Without regional factors the level does not depend on the region: one tree per set of weights.
  const regionalFactors = protocol.factors.some((f) => f.scope === 'regional');
  const trees = new Map<string, SituationTree>();
  const regions: SimRegion[] = scenario.regions.map((r, ri) => {
    const idx = r.counties.map((f) => {
      const c = countyByFips(f)!;
      countyIndex.set(f, counties.length);
      counties.push({ ...c, region: ri, radiusKm: Math.sqrt(c.areaKm2 / Math.PI), units: new Int32Array(0), facilities: new Int32Array(0), weight: c.population });
      return counties.length - 1;
    });
    const samplers = {} as Record<EntryPoint, SituationSampler>;
    for (const entry of ENTRY_POINTS) {
      const weights = { ...DEFAULTS.situation, ...scenario.situation, ...(scenario.situationByEntry[entry] ?? {}) };
      const key = `${regionalFactors ? r.id : ''}|${JSON.stringify(weights)}`;
      let tree = trees.get(key);
      if (!tree) trees.set(key, (tree = new SituationTree(protocol, weights, regionalFactors ? r.id : null, outcomes)));
      samplers[entry] = new SituationSampler(tree, r.id, ri);
    }
    const maximumByLevel = Float64Array.from([NaN, NaN, r.maximumMinutes?.['2'] ?? NaN, r.maximumMinutes?.['3'] ?? NaN, NaN]);
    return { id: r.id, name: r.name ?? r.id, caseManagers: r.caseManagers, maximumByLevel, counties: idx, samplers };
  });
  const population = counties.reduce((s, c) => s + c.population, 0);
  const countyCum = new Float64Array(counties.length);
  let acc = 0;
  counties.forEach((c, i) => (countyCum[i] = acc += c.population));

  const at = (place: { county: string; lat?: number | undefined; lon?: number | undefined }): GeoPoint => {
    const c = countyByFips(place.county)!;
    return { lat: place.lat ?? c.lat, lon: place.lon ?? c.lon };
  };

  // Facilities: listed ones, then those laid out per county by population.
  const facilities: SimFacility[] = [];
  const addFacility = (id: string, name: string, kind: FacilityKind, county: string, location: GeoPoint, capacity: number, hours: Hours, stay?: Distribution, turnaround?: Distribution) => {
    const { table } = openTable(hours);
    const ci = countyIndex.get(county)!;
    facilities.push({
      id, name, kind, region: counties[ci]!.region, county: ci, location, capacity,
      profile: { kind, name, criteria: DEFAULT_CRITERIA[kind], hours: ALWAYS_OPEN },
      open: table,
      stay: stay ?? DEFAULTS.stayHours[kind],
      turnaround: turnaround ?? DEFAULTS.turnaroundMinutes[kind],
      order: (DESTINATION_ORDER as readonly string[]).indexOf(kind),
    });
  };
  for (const f of scenario.facilities) addFacility(f.id, f.name ?? f.id, f.kind, f.at.county, at(f.at), f.capacity, f.hours, f.stayHours, f.turnaroundMinutes);
  for (const spec of scenario.countyFacilities) {
    for (const c of spec.counties ? spec.counties.map((f) => counties[countyIndex.get(f)!]!).filter(Boolean) : counties) {
      const capacity = Math.max(spec.min, Math.ceil((c.population / 100_000) * spec.capacityPer100k));
      addFacility(`${spec.idPrefix}-${c.fips}`, `${c.name} ${spec.kind.replaceAll('_', ' ')}`, spec.kind, c.fips, offset(c, 1, 0), capacity, spec.hours);
    }
  }

  // Teams: each listed team `count` times, then per-county teams by population.
  const units: SimUnit[] = [];
  const coverage: number[][] = counties.map(() => []);
  const addUnit = (id: string, name: string, model: string, composition: readonly string[], home: GeoPoint, serve: readonly number[], shifts: Shifts, youth: boolean, canTransport: boolean) => {
    const unit: DispatchUnit = {
      id, name, agencyId: 'simulated', model, composition,
      capabilities: { youth, languages: ['en'], naloxone: true, canTransport },
      // The simulator decides coverage by county (`SimCounty.units`); the polygon is the base's county disc's bounding square.
      serviceArea: { type: 'Polygon', coordinates: [[[home.lon - 0.01, home.lat - 0.01], [home.lon + 0.01, home.lat - 0.01], [home.lon + 0.01, home.lat + 0.01], [home.lon - 0.01, home.lat + 0.01], [home.lon - 0.01, home.lat - 0.01]]] },
      status: 'available',
      position: null,
      home,
    };
    const u = units.length;
    for (const c of serve) coverage[c]!.push(u);
    units.push({ unit, home, region: counties[serve[0]!]!.region, onDuty: dutyTable(shifts), programme: programmeForUnitModel(model) });
  };
  for (const t of scenario.teams) {
    const serve = (t.serviceCounties ?? [t.base.county]).map((f) => countyIndex.get(f)).filter((x): x is number => x !== undefined);
    for (let k = 0; k < t.count; k++) {
      const id = t.count > 1 ? `${t.id}-${k + 1}` : t.id;
      addUnit(id, t.name ? `${t.name}${t.count > 1 ? ` ${k + 1}` : ''}` : id, t.model, t.composition, at(t.base), serve, t.shifts, t.youth, t.canTransport);
    }
  }
  for (const spec of scenario.countyTeams) {
    for (const c of spec.counties ? spec.counties.map((f) => counties[countyIndex.get(f)!]!).filter(Boolean) : counties) {
      const n = Math.max(spec.min, Math.round(c.population / spec.perPopulation));
      const ci = countyIndex.get(c.fips)!;
      for (let k = 0; k < n; k++) addUnit(`${spec.idPrefix}-${c.fips}-${k + 1}`, `${c.name} ${k + 1}`, spec.model, spec.composition, c, [ci], spec.shifts, spec.youth, true);
    }
  }
  counties.forEach((c, i) => {
    c.units = Int32Array.from(coverage[i]!);
    const near = facilities
      .map((f, fi) => ({ fi, f, km: greatCircleKm(c, f.location) }))
      .filter((x) => x.f.region === c.region)
      .sort((a, b) => a.km - b.km || a.fi - b.fi)
      .slice(0, 12)
      .map((x) => x.fi);
    c.facilities = Int32Array.from(near);
  });

  return { scenario, protocol, counties, regions, facilities, units, outcomes, travel: travelFor(counties), countyCum, population };
}

/**
 * The domain's great-circle estimator, as the server uses it without a router: towns slower than
 * the country. "Town" here is a county of more than 400 residents per km² (Cook, DuPage, Lake …),
 * looked up on a 0.1° grid so the estimate costs no search per trip.
 */
function travelFor(counties: readonly County[]): GreatCircleEstimator {
  const W = -91.6, S = 36.9, STEP = 0.1, NX = 47, NY = 58;
  const grid = new Uint8Array(NX * NY);
  for (let y = 0; y < NY; y++) {
    for (let x = 0; x < NX; x++) {
      const p = { lat: S + (y + 0.5) * STEP, lon: W + (x + 0.5) * STEP };
      let best = Infinity;
      let dense = 0;
      for (const c of counties) {
        const d = greatCircleKm(p, c);
        if (d < best) {
          best = d;
          dense = c.population / c.areaKm2 > 400 ? 1 : 0;
        }
      }
      grid[y * NX + x] = dense;
    }
  }
  return new GreatCircleEstimator({
    isUrban: (p) => {
      const x = Math.floor((p.lon - W) / STEP);
      const y = Math.floor((p.lat - S) / STEP);
      return x >= 0 && x < NX && y >= 0 && y < NY && grid[y * NX + x] === 1;
    },
  });
}

/** The days a follow-up episode stays open: the programme's window (DOMAIN.md §7), uniformly within it. */
export const programmeWindow = (id: ProgrammeId): { min: number; max: number } => ({ min: Math.max(1, PROGRAMMES[id].minDays), max: PROGRAMMES[id].maxDays });
