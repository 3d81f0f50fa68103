import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { DomainError, invalid, notFound, type FieldIssue, type Principal } from '@continuum/domain';
import { PLANNING_LIMITS, type PlanningRun, type PlanningScenario } from '@continuum/contracts';
import { ChangeProblem, applyChanges, placesOf, SHIFT_HOURS, type ScenarioChanges, type ScenarioFile, type ShiftChoice } from '@continuum/sim';
import { DEMO_REGION_ID } from '../../demo/demo-region.ts';
import { DEMO_SCENARIO_FILE } from '../../demo/demo-history.ts';
import { auditOf, type Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';
import { loadScenario, type JobMessage, type PlanningJob } from './planning-job.ts';

/**
 * Planning (issue 13 §3-4): the region's digital twin for supervisors and the RAC. The region's
 * scenario is the file `continuum simulate` documents for it; runs happen in a worker thread, a
 * few at a time, each bounded in days (PLANNING_LIMITS), so a request cannot hold the server.
 */

interface Ctx {
  principal: Principal;
  address: string | null;
}

/** The scenario file of a region, where one is kept (the demo region's, today). */
function scenarioTextOf(regionId: string): string | null {
  if (regionId !== DEMO_REGION_ID && !regionId.startsWith(`${DEMO_REGION_ID}-`)) return null;
  return (demoText ??= readFileSync(DEMO_SCENARIO_FILE, 'utf8'));
}
let demoText: string | undefined;

function regionScenario(principal: Principal): { text: string; scenario: ScenarioFile } {
  const text = scenarioTextOf(principal.regionId);
  if (text === null) throw notFound('planning scenario for region', principal.regionId);
  return { text, scenario: (parsedDemo ??= loadScenario(text)) };
}
let parsedDemo: ScenarioFile | undefined;

/** GET /api/planning/scenario: the teams, facilities, places and maxima the planner edits. */
export async function planningScenario(services: Services, ctx: Ctx): Promise<PlanningScenario> {
  authorise(ctx.principal, 'plan.simulate');
  const { scenario } = regionScenario(ctx.principal);
  await services.store.read.audit.write(auditOf(ctx, services.clock(), { action: 'planning.scenario', outcome: 'allowed', resourceType: 'planning', purpose: 'reporting', detail: {} }));
  const places = placesOf(scenario);
  const baseLabel = (b: { lat?: number | undefined; lon?: number | undefined }) => places.find((p) => p.lat === b.lat && p.lon === b.lon)?.label ?? 'County centre';
  const region = scenario.regions[0]!;
  return {
    regionId: ctx.principal.regionId,
    name: scenario.name,
    description: scenario.description ?? null,
    seed: scenario.seed,
    limits: { maxDays: PLANNING_LIMITS.maxDays, defaultDays: PLANNING_LIMITS.defaultDays, maxAdded: PLANNING_LIMITS.maxAdded },
    teams: scenario.teams.map((t) => ({ id: t.id, name: t.name ?? t.id, model: t.model, count: t.count, youth: t.youth, shifts: t.shifts, base: baseLabel(t.base) })),
    facilities: scenario.facilities.map((f) => ({ id: f.id, name: f.name ?? f.id, kind: f.kind, capacity: f.capacity, hours: f.hours })),
    places: places.map((p) => ({ id: p.id, label: p.label })),
    maximumMinutes: { '2': region.maximumMinutes?.['2'] ?? null, '3': region.maximumMinutes?.['3'] ?? null },
  };
}

export interface RunQuery {
  days: number;
  seed?: number | undefined;
  add?: string | undefined;
  move?: string | undefined;
  max2?: number | undefined;
  max3?: number | undefined;
  livingRoom?: 'always' | undefined;
}

const SHIFT_WORDS: Record<ShiftChoice, string> = { day: `${SHIFT_HOURS.day.start}–${SHIFT_HOURS.day.end}`, night: `${SHIFT_HOURS.night.start}–${SHIFT_HOURS.night.end}`, always: 'around the clock' };

/** The query's changes, checked against the scenario (places and teams it has), with their words. */
export function changesOf(scenario: ScenarioFile, q: RunQuery): { changes: ScenarioChanges; descriptions: string[] } {
  const label = new Map(placesOf(scenario).map((p) => [p.id, p.label]));
  const split = (s: string | undefined) => (s ? s.split(',').map((x) => x.split('@') as [string, string]) : []);
  const changes: ScenarioChanges = {
    addTeams: split(q.add).map(([shift, place]) => ({ shift: shift as ShiftChoice, place })),
    moveBases: split(q.move).map(([team, place]) => ({ team, place })),
    ...(q.max2 !== undefined || q.max3 !== undefined ? { maximumMinutes: { ...(q.max2 !== undefined ? { '2': q.max2 } : {}), ...(q.max3 !== undefined ? { '3': q.max3 } : {}) } } : {}),
    livingRoomAlwaysOpen: q.livingRoom === 'always',
  };
  try {
    applyChanges(scenario, changes);
  } catch (e) {
    if (!(e instanceof ChangeProblem)) throw e;
    const [list, index] = e.path.split('.');
    const issue: FieldIssue = { field: `${list === 'add' ? 'add' : 'move'}.${index}`, rule: e.rule, message: e.message };
    throw invalid([issue]);
  }
  const teamName = new Map(scenario.teams.map((t) => [t.id, t.name ?? t.id]));
  const descriptions = [
    ...changes.addTeams!.map((a) => `Add a crisis team ${SHIFT_WORDS[a.shift]} based at ${label.get(a.place)}`),
    ...changes.moveBases!.map((m) => `Move ${teamName.get(m.team)} to ${label.get(m.place)}`),
    ...(q.max2 !== undefined ? [`Level 2 maximum ${q.max2} minutes`] : []),
    ...(q.max3 !== undefined ? [`Level 3 maximum ${q.max3} minutes`] : []),
    ...(changes.livingRoomAlwaysOpen ? ['Living Room open around the clock'] : []),
  ];
  return { changes, descriptions };
}

/** Runs at once in this process; more are refused (429) rather than queued behind a year's run. */
const MAX_RUNS = 2;
let running = 0;

const WORKER = new URL('./planning-worker.mjs', import.meta.url);

/**
 * GET /api/planning/run: checks the request and audits it (every refusal comes from here, before
 * any answer is started), and returns the run to start: the baseline and the changed scenario in
 * a worker, its progress passed on. A signal ends the worker (the reader went away).
 */
export async function preparePlanning(services: Services, ctx: Ctx, q: RunQuery): Promise<(onProgress: (m: Extract<JobMessage, { type: 'progress' }>) => void, signal?: AbortSignal) => Promise<PlanningRun>> {
  authorise(ctx.principal, 'plan.simulate');
  const { text, scenario } = regionScenario(ctx.principal);
  const { changes, descriptions } = changesOf(scenario, q);
  if (running >= MAX_RUNS) throw new DomainError('rate_limited', `${MAX_RUNS} simulations are running on this server; try again when one has finished`);
  await services.store.read.audit.write(auditOf(ctx, services.clock(), { action: 'planning.run', outcome: 'allowed', resourceType: 'planning', purpose: 'reporting', detail: { days: q.days, changes: descriptions.length } }));
  const job: PlanningJob = { regionId: ctx.principal.regionId, scenarioText: text, days: q.days, seed: q.seed ?? null, changes, descriptions };
  running++;
  return async (onProgress, signal) => {
    try {
      return await inWorker(job, onProgress, signal);
    } finally {
      running--;
    }
  };
}

/** Warm workers waiting for a job; a worker whose run was stopped is ended, never reused. */
const idle: Worker[] = [];
let nextJob = 1;

function inWorker(job: PlanningJob, onProgress: (m: Extract<JobMessage, { type: 'progress' }>) => void, signal?: AbortSignal): Promise<PlanningRun> {
  return new Promise((resolve, reject) => {
    const worker = idle.pop() ?? new Worker(WORKER, { workerData: { planning: true } });
    worker.ref();
    const id = nextJob++;
    let settled = false;
    const done = (f: () => void, reuse: boolean) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      worker.off('message', message);
      worker.off('error', failed);
      worker.off('exit', exited);
      if (reuse) {
        // An idle worker must not keep the process alive.
        worker.unref();
        idle.push(worker);
      } else void worker.terminate();
      f();
    };
    const abort = () => done(() => reject(new DomainError('unavailable', 'The simulation was stopped: the request was closed')), false);
    const message = (m: JobMessage & { id: number }) => {
      if (m.id !== id) return;
      if (m.type === 'progress') onProgress({ type: 'progress', stage: m.stage, done: m.done });
      else if (m.type === 'result') done(() => resolve(m.run), true);
      else if (m.type === 'problem') done(() => reject(invalid([{ field: m.path, rule: m.rule, message: m.message }])), true);
      else done(() => reject(new Error(`the simulation failed: ${m.message}`)), false);
    };
    const failed = (e: Error) => done(() => reject(e), false);
    const exited = (code: number) => done(() => reject(new Error(`the planning worker stopped (exit code ${code}) before its result`)), false);
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', message);
    worker.on('error', failed);
    worker.on('exit', exited);
    worker.postMessage({ id, job });
  });
}
