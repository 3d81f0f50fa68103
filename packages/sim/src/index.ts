/** The region's digital twin (issue 13): a discrete-event simulation that drives Continuum's own rules. */
import { Engine, type RunOptions } from './engine.ts';
import { summarise, type SimResult } from './metrics.ts';
import type { ScenarioFile } from './scenario.ts';
import { buildWorld, type World } from './world.ts';

export * from './scenario.ts';
export * from './defaults.ts';
export * from './counties.ts';
export * from './rng.ts';
export * from './heap.ts';
export * from './metrics.ts';
export { Engine, CALL, WALK_IN_ED, WALK_IN_FACILITY } from './engine.ts';
export { buildWorld, loadShippedProtocol, dutyTable, openTable, type World } from './world.ts';
export { SERVED } from './recorder.ts';

export interface SimulateOptions extends RunOptions {
  seed?: number;
  days?: number;
  /** Keep only this region of the scenario. */
  region?: string;
  /** A world already built (the planner rebuilds only what it changes). */
  world?: World;
}

/** Restricts a scenario to one of its regions (teams and facilities of its counties). */
export function onlyRegion(scenario: ScenarioFile, regionId: string): ScenarioFile {
  const region = scenario.regions.find((r) => r.id === regionId);
  if (!region) throw new Error(`the scenario has no region "${regionId}" (it has ${scenario.regions.map((r) => r.id).join(', ')})`);
  const inRegion = new Set(region.counties);
  return {
    ...scenario,
    regions: [region],
    teams: scenario.teams.filter((t) => inRegion.has(t.base.county)),
    facilities: scenario.facilities.filter((f) => inRegion.has(f.at.county)),
    countyTeams: scenario.countyTeams.map((c) => ({ ...c, counties: (c.counties ?? region.counties).filter((f) => inRegion.has(f)) })).filter((c) => c.counties.length > 0),
    countyFacilities: scenario.countyFacilities.map((c) => ({ ...c, counties: (c.counties ?? region.counties).filter((f) => inRegion.has(f)) })).filter((c) => c.counties.length > 0),
  };
}

/** Runs a validated scenario and returns its figures, with the events processed. */
export function simulate(scenario: ScenarioFile, options: SimulateOptions = {}): SimResult {
  const s = options.region ? onlyRegion(scenario, options.region) : scenario;
  const world = options.world ?? buildWorld(s);
  const seed = options.seed ?? s.seed;
  const engine = new Engine(world, seed, options.days ?? s.days);
  const rec = engine.run(options);
  return summarise(world, rec, seed);
}

/** The Crisis Now calculator's monthly flows for a population (DOMAIN.md §7): what the simulation must reproduce in expectation. */
export function crisisNowFlows(scenario: ScenarioFile, population: number): { episodes: number; mobile: number; facility: number; ed: number; mobileToFacility: number } {
  const cn = scenario.demand.crisisNow;
  const episodes = (cn.episodesPer100kPerMonth * population) / 100_000;
  return { episodes, mobile: episodes * cn.split.mobile, facility: episodes * cn.split.facility, ed: episodes * cn.split.ed, mobileToFacility: episodes * cn.split.mobile * cn.mobileToFacility };
}
export * from './planner.ts';
export * from './changes.ts';
