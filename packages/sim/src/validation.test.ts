import { describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import { crisisNowFlows, simulate } from './index.ts';
import { summarise } from './metrics.ts';
import { SERVED } from './recorder.ts';
import { validateScenario, type ScenarioFile } from './scenario.ts';
import { buildWorld } from './world.ts';
import { readFileSync } from 'node:fs';
import { parseScenario } from './scenario.ts';

const CHAMPAIGN = { fips: '17019', population: 203_276, lat: 40.1398, lon: -88.1998 };
const MINUTES_PER_MONTH = (365.25 / 12) * 1440;
/** Every caller answers so that the protocol determines level 2 (distress needing an in-person assessment). */
const LEVEL_2 = {
  immediate_danger: { none: 1 },
  suicidal_thoughts: { no: 1 },
  threats: { no: 1 },
  psychosis: { no: 1 },
  substances: { no: 1 },
  self_care: { yes: 1 },
  context: { neither: 1 },
  need: { in_person: 1 },
};

function scenario(value: unknown): ScenarioFile {
  const r = validateScenario(value);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
}

/** Erlang C: the probability an arrival waits in M/M/c with offered load a = λ/μ. */
function erlangC(c: number, a: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = (term * c) / (c - a);
  return top / (sum + top);
}

describe('validation against queueing theory', () => {
  it('one zone, Poisson arrivals, exponential service, c teams: M/M/c P(wait) and mean wait within 2%', () => {
    const c = 3;
    const meanService = 60;
    const rho = 0.7;
    const lambda = (rho * c) / meanService; // a minute
    const per100k = ((lambda * MINUTES_PER_MONTH) / CHAMPAIGN.population) * 100_000;
    const s = scenario({
      name: 'M/M/3',
      regions: [{ id: 'queue', counties: [CHAMPAIGN.fips] }],
      demand: {
        calibration: 'contacts',
        contactsPer100kPerMonth: { '911': 0, '988': per100k, cares: 0 },
        crisisNow: { episodesPer100kPerMonth: 0 },
        hourProfile: Array(24).fill(1),
        dayProfile: Array(7).fill(1),
        spread: 'point',
      },
      situation: LEVEL_2,
      response: { onSceneMinutes: { distribution: 'exponential', mean: meanService }, fallback: 'never' },
      teams: [{ id: 'team', model: 'program_590_mcrt', composition: ['mcrt_clinician', 'engagement_specialist'], base: { county: CHAMPAIGN.fips, lat: CHAMPAIGN.lat, lon: CHAMPAIGN.lon }, count: c }],
      followup: { share: 0 },
    });
    s.demand.crisisNow.mobileToFacility = 0;
    const world = buildWorld(s);
    const engine = new Engine(world, 7, 30 * 365);
    const rec = engine.run();
    let n = 0, waited = 0, waitSum = 0;
    for (let id = 0; id < rec.n; id++) {
      if (rec.servedBy[id] !== SERVED.crisis_team || Number.isNaN(rec.response[id]!)) continue;
      n++;
      if (rec.queueWait[id]! > 0) waited++;
      waitSum += rec.queueWait[id]!;
    }
    expect(n).toBeGreaterThan(100_000);
    const a = lambda * meanService;
    const pWait = erlangC(c, a);
    const meanWait = pWait / (c / meanService - lambda);
    expect(Math.abs(waited / n - pWait) / pWait).toBeLessThan(0.02);
    expect(Math.abs(waitSum / n - meanWait) / meanWait).toBeLessThan(0.02);
  }, 120_000);
});

describe('validation against the Crisis Now calculator', () => {
  it('with deterministic demand and the calculator split, the mean monthly flows equal the table in expectation', () => {
    const s = scenario({
      name: 'Crisis Now',
      // The statewide plans send an MCRT at levels 2 and 3, so every mobile episode gets a team.
      regions: [{ id: 'statewide', counties: [CHAMPAIGN.fips] }],
      demand: { arrivals: 'deterministic' },
      teams: [{ id: 'mcrt', model: 'program_590_mcrt', composition: ['mcrt_clinician', 'engagement_specialist'], base: { county: CHAMPAIGN.fips }, count: 20 }],
      facilities: [
        { id: 'csc', kind: 'crisis_stabilisation_centre', at: { county: CHAMPAIGN.fips }, capacity: 500 },
        { id: 'ed', kind: 'emergency_department', at: { county: CHAMPAIGN.fips }, capacity: 500 },
      ],
    });
    const days = 730;
    const world = buildWorld(s);
    const rec = new Engine(world, 3, days).run();
    const months = days / (365.25 / 12);
    const table = crisisNowFlows(s, CHAMPAIGN.population);
    expect(table.episodes).toBeCloseTo(467.53, 2);
    let mobile = 0, walkF = 0, walkE = 0, moved = 0;
    for (let id = 0; id < rec.n; id++) {
      if (rec.kind[id] === 1) walkF++;
      else if (rec.kind[id] === 2) walkE++;
      else if (rec.level[id] === 2 || rec.level[id] === 3) {
        mobile++;
        if (rec.transported[id]) moved++;
      }
    }
    // Walk-ins are deterministic: exact up to the fraction carried past the horizon.
    expect(Math.abs(walkF - table.facility * months)).toBeLessThan(2);
    expect(Math.abs(walkE - table.ed * months)).toBeLessThan(2);
    // Mobile episodes: a binomial draw of the deterministic calls; within three standard errors.
    const expectedMobile = table.mobile * months;
    expect(Math.abs(mobile - expectedMobile)).toBeLessThan(3 * Math.sqrt(expectedMobile));
    const expectedMoved = table.mobileToFacility * months;
    expect(Math.abs(moved - expectedMoved)).toBeLessThan(3 * Math.sqrt(expectedMoved) + 3);
  }, 60_000);
});

describe('Little\'s law and reproducibility on the demo region', () => {
  const demo = parseScenario(readFileSync(new URL('../scenarios/demo-region.yaml', import.meta.url), 'utf8'));
  if (!demo.ok) throw new Error('demo scenario invalid');

  it('facility census and team occupancy obey L = λW', () => {
    const world = buildWorld(demo.scenario);
    const rec = new Engine(world, 11, 365).run();
    const T = rec.horizon;
    const admitted = world.facilities.map((_, f) => rec.admissions[f]!);
    expect(admitted.filter((a) => a > 0).length).toBeGreaterThan(2);
    for (let f = 0; f < world.facilities.length; f++) {
      if (rec.admissions[f] === 0) continue;
      const L = rec.censusArea[f]! / T;
      const lambdaW = (rec.admissions[f]! / T) * (rec.stayMinutes[f]! / rec.admissions[f]!);
      expect(Math.abs(L - lambdaW) / L).toBeLessThan(1e-9);
    }
    const busyTeams = rec.busyArea / T;
    expect(rec.jobs).toBeGreaterThan(500);
    expect(Math.abs(busyTeams - (rec.jobs / T) * (rec.jobMinutes / rec.jobs)) / busyTeams).toBeLessThan(1e-9);
    const result = summarise(world, rec);
    expect(result.teams.meanBusyTeams).toBeGreaterThan(0);
  }, 60_000);

  it('the same seed gives the same output byte for byte; another seed does not', () => {
    const a = JSON.stringify(simulate(demo.scenario, { days: 60, seed: 5 }));
    const b = JSON.stringify(simulate(demo.scenario, { days: 60, seed: 5 }));
    const c = JSON.stringify(simulate(demo.scenario, { days: 60, seed: 6 }));
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  }, 60_000);
});
