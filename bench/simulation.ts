/**
 * The region's digital twin (issue 13): a year of Illinois (102 counties, 12.9 million people)
 * through Continuum's rules, against the 10 s goal on one core; then the same queueing model in
 * SimPy 2 (Debian's python3-simpy) on the same scenario: both times, their ratio, and the waiting
 * figures side by side with their standard errors (monthly batch means).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ILLINOIS_COUNTIES, Engine, SERVED, buildWorld, parseScenario, validateScenario, type ScenarioFile } from '@continuum/sim';
import type { BenchRow } from './table.ts';

const ILLINOIS = fileURLToPath(new URL('../packages/sim/scenarios/illinois.yaml', import.meta.url));
const SIMPY_SCRIPT = fileURLToPath(new URL('./simpy-queue.py', import.meta.url));
const QUEUE_SCRIPT = fileURLToPath(new URL('./simulation-queue.ts', import.meta.url));
/** Debian's interpreter: python3-simpy installs under it, not under another python on the PATH. */
const PYTHON = '/usr/bin/python3';
const DAYS = 365;
const BATCHES = 12;
const SERVICE = { mean: 60, cv: 0.5 };
/**
 * How the queueing core is timed beside SimPy. The machine is shared and its speed drifts by
 * half from one minute to the next, so the two simulators take turns: ROUNDS rounds, each one
 * Continuum process then one SimPy process, and the reported ratio is the median of the rounds'
 * ratios. In its process Continuum first runs the model QUEUE_WARMUP times untimed while V8
 * compiles the engine (CPython has no such phase; the warm-up times are printed all the same),
 * then QUEUE_RUNS timed runs whose median is that round's figure.
 */
export const QUEUE_WARMUP = 10;
export const QUEUE_RUNS = 7;
const ROUNDS = 5;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

/** Installs Debian's python3-simpy when missing and we are root with apt (as scripts/ensure-chromium.mjs does for chromium). */
function ensureSimPy(): string | null {
  const has = () => existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import SimPy.Simulation'], { stdio: 'ignore' }).status === 0;
  if (has()) return null;
  if (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0) {
    return 'SimPy 2 is missing: install Debian\'s python3-simpy (sudo apt-get install python3-simpy)';
  }
  process.stdout.write('Installing Debian\'s python3-simpy for the simulation benchmark (once)…\n');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'python3-simpy'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return has() ? null : 'python3-simpy installed but SimPy.Simulation does not import';
}

/**
 * The queueing core of the Illinois scenario: Crisis Now's mobile episodes (230 × 32% per
 * 100,000 a month) in every county, each county its own queue of identical teams sized for about
 * 80% occupancy, calls at the county's centre (no travel), lognormal on-scene time, first come
 * first served, no police fallback and no transport. Both simulators get exactly this.
 */
export function queueingModel(): { scenario: ScenarioFile; counties: { fips: string; perMinute: number; teams: number }[] } {
  const perMonthPer100k = 230 * 0.32;
  const minutesPerMonth = (365.25 / 12) * 1440;
  const counties = ILLINOIS_COUNTIES.map((c) => {
    const perMinute = (perMonthPer100k * c.population) / 100_000 / minutesPerMonth;
    return { fips: c.fips, perMinute, teams: Math.max(1, Math.ceil((perMinute * SERVICE.mean) / 0.8)) };
  });
  const parsed = validateScenario({
    name: 'Illinois queueing core',
    regions: [{ id: 'bench', counties: counties.map((c) => c.fips) }],
    demand: {
      calibration: 'contacts',
      contactsPer100kPerMonth: { '911': 0, '988': perMonthPer100k, cares: 0 },
      crisisNow: { episodesPer100kPerMonth: 0, mobileToFacility: 0 },
      hourProfile: Array(24).fill(1),
      dayProfile: Array(7).fill(1),
      spread: 'point',
    },
    situation: { immediate_danger: { none: 1 }, suicidal_thoughts: { no: 1 }, threats: { no: 1 }, psychosis: { no: 1 }, substances: { no: 1 }, self_care: { yes: 1 }, context: { neither: 1 }, need: { in_person: 1 } },
    response: { onSceneMinutes: { distribution: 'lognormal', mean: SERVICE.mean, cv: SERVICE.cv }, fallback: 'never' },
    teams: counties.map((c) => ({ id: `t-${c.fips}`, model: 'program_590_mcrt', composition: ['mcrt_clinician', 'engagement_specialist'], base: { county: c.fips }, count: c.teams })),
    followup: { share: 0 },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { scenario: parsed.scenario, counties };
}

interface Waits {
  calls: number;
  meanWait: number;
  pWait: number;
  batchMeanWait: number[];
  batchPWait: number[];
  cpuSeconds: number;
}

/** Standard error of a mean from batch means. */
const stderr = (batches: readonly number[]): number => {
  const m = batches.reduce((a, b) => a + b, 0) / batches.length;
  const v = batches.reduce((a, b) => a + (b - m) ** 2, 0) / (batches.length - 1);
  return Math.sqrt(v / batches.length);
};

export function continuumQueue(scenario: ScenarioFile): Waits & { events: number } {
  const world = buildWorld(scenario);
  const c0 = process.cpuUsage();
  const engine = new Engine(world, 1, DAYS);
  const rec = engine.run();
  const seconds = cpuSeconds(c0);
  const batch = (DAYS * 1440) / BATCHES;
  const sums = Array.from({ length: BATCHES }, () => [0, 0, 0]);
  for (let id = 0; id < rec.n; id++) {
    if (rec.servedBy[id] !== SERVED.crisis_team) continue;
    const b = sums[Math.min(BATCHES - 1, Math.floor(rec.t0[id]! / batch))]!;
    b[0]! += rec.queueWait[id]!;
    b[1]!++;
    if (rec.queueWait[id]! > 0) b[2]!++;
  }
  const calls = sums.reduce((a, b) => a + b[1]!, 0);
  return {
    calls,
    meanWait: sums.reduce((a, b) => a + b[0]!, 0) / calls,
    pWait: sums.reduce((a, b) => a + b[2]!, 0) / calls,
    batchMeanWait: sums.map((b) => b[0]! / b[1]!),
    batchPWait: sums.map((b) => b[2]! / b[1]!),
    cpuSeconds: seconds,
    events: engine.events,
  };
}

export async function benchSimulation(): Promise<BenchRow[]> {
  return [illinoisYear(), ...queueingCore()];
}

/** 1. A year of Illinois, the full model, against the 10 s goal. */
function illinoisYear(): BenchRow {
  const parsed = parseScenario(readFileSync(ILLINOIS, 'utf8'));
  if (!parsed.ok) throw new Error(`illinois.yaml: ${JSON.stringify(parsed.problems)}`);
  const b0 = performance.now();
  const world = buildWorld(parsed.scenario);
  const buildMs = performance.now() - b0;
  const engine = new Engine(world, 1, DAYS);
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const rec = engine.run();
  const cpu = cpuSeconds(c0);
  const wall = (performance.now() - w0) / 1000;
  return {
    name: `A year of Illinois: ${rec.n.toLocaleString('en-US')} contacts, ${world.units.length} teams, ${world.facilities.length} facilities (CPU time, one core)`,
    value: `${cpu.toFixed(2)} s`,
    baseline: '10 s goal',
    ratio: `${(10 / cpu).toFixed(1)}× under`,
    note: `${Math.round(engine.events / cpu).toLocaleString('en-US')} events/s of CPU; ${engine.events.toLocaleString('en-US')} events; wall ${wall.toFixed(2)} s on a shared machine; world built in ${(buildMs / 1000).toFixed(2)} s`,
  };
}

/** 2. The queueing core, Continuum against SimPy 2 on the same model: CPU times and the waiting figures. */
function queueingCore(): BenchRow[] {
  const rows: BenchRow[] = [];
  const missing = ensureSimPy();
  const { counties } = queueingModel();
  const input = JSON.stringify({ seed: 1, days: DAYS, batches: BATCHES, serviceMean: SERVICE.mean, serviceCv: SERVICE.cv, counties: counties.map((c) => ({ perMinute: c.perMinute, teams: c.teams })) });
  const rounds: { warmup: number[]; runs: (Waits & { events: number })[]; simpy: Waits | null }[] = [];
  for (let r = 0; r < (missing ? 1 : ROUNDS); r++) {
    // Each simulator in a fresh process of its own (bench/simulation-queue.ts, with this process's loader flags).
    const ours = JSON.parse(execFileSync(process.execPath, [...process.execArgv, QUEUE_SCRIPT], { maxBuffer: 16 * 2 ** 20 }).toString()) as { warmup: number[]; runs: (Waits & { events: number })[] };
    const simpy = missing ? null : (JSON.parse(execFileSync(PYTHON, [SIMPY_SCRIPT], { input, maxBuffer: 16 * 2 ** 20 }).toString()) as Waits);
    rounds.push({ ...ours, simpy });
  }
  const oursOf = (round: (typeof rounds)[number]) => median(round.runs.map((x) => x.cpuSeconds));
  const ours = { ...rounds[0]!.runs[0]!, cpuSeconds: median(rounds.map(oursOf)) };
  if (missing) {
    rows.push({ name: 'Queueing core of Illinois, a year: Continuum', value: `${ours.cpuSeconds.toFixed(2)} s`, baseline: 'SimPy not run', ratio: '—', note: missing });
    return rows;
  }
  const simpy = { ...rounds[0]!.simpy!, cpuSeconds: median(rounds.map((x) => x.simpy!.cpuSeconds)) };
  const ratios = rounds.map((x) => x.simpy!.cpuSeconds / oursOf(x));
  const secs = (xs: readonly number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  rows.push({
    name: `Queueing core of Illinois, a year (${ours.calls.toLocaleString('en-US')} calls, ${counties.reduce((a, c) => a + c.teams, 0)} teams): Continuum vs SimPy 2, CPU, ${ROUNDS} alternating rounds`,
    value: `${ours.cpuSeconds.toFixed(3)} s`,
    baseline: `${simpy.cpuSeconds.toFixed(2)} s`,
    ratio: `${median(ratios).toFixed(1)}× faster`,
    note: `goal ≥ 10×: ${median(ratios) >= 10 ? 'met' : 'NOT MET'}; median of the rounds' ratios (${ratios.map((x) => x.toFixed(1)).join(', ')}); ${Math.round(ours.events / ours.cpuSeconds).toLocaleString('en-US')} events/s; a round is Continuum's median of ${QUEUE_RUNS} runs after ${QUEUE_WARMUP} untimed warm-up runs (${rounds.map((x) => `${secs(x.runs.map((y) => y.cpuSeconds))} after ${secs(x.warmup)}`).join('; ')} s) then one SimPy run (${secs(rounds.map((x) => x.simpy!.cpuSeconds))} s); SimPy ${simpy.calls.toLocaleString('en-US')} calls`,
  });
  const agree = (a: number, sa: number, b: number, sb: number) => {
    const z = Math.abs(a - b) / Math.sqrt(sa * sa + sb * sb);
    return `${z.toFixed(2)} standard errors apart: ${z <= 3 ? 'agree' : 'DISAGREE'} within sampling error`;
  };
  const seW = [stderr(ours.batchMeanWait), stderr(simpy.batchMeanWait)] as const;
  const seP = [stderr(ours.batchPWait), stderr(simpy.batchPWait)] as const;
  rows.push({
    name: 'Mean wait for a team (minutes): Continuum vs SimPy',
    value: `${ours.meanWait.toFixed(3)} ± ${seW[0].toFixed(3)}`,
    baseline: `${simpy.meanWait.toFixed(3)} ± ${seW[1].toFixed(3)}`,
    ratio: (ours.meanWait / simpy.meanWait).toFixed(3),
    note: agree(ours.meanWait, seW[0], simpy.meanWait, seW[1]),
  });
  rows.push({
    name: 'Share of calls that waited: Continuum vs SimPy',
    value: `${ours.pWait.toFixed(4)} ± ${seP[0].toFixed(4)}`,
    baseline: `${simpy.pWait.toFixed(4)} ± ${seP[1].toFixed(4)}`,
    ratio: (ours.pWait / simpy.pWait).toFixed(3),
    note: agree(ours.pWait, seP[0], simpy.pWait, seP[1]),
  });
  return rows;
}
