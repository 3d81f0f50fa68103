import { parentPort, workerData } from 'node:worker_threads';
import type { PlanningRun } from '@continuum/contracts';
import { ChangeProblem, applyChanges, parseScenario, simulate, type ScenarioChanges, type ScenarioFile } from '@continuum/sim';

/**
 * One planning run: the region's scenario as it stands (the baseline) and, when changes are asked
 * for, the changed scenario on the same seed (common random numbers: the same calls come in, so
 * a difference comes from the change). Runs in a worker thread (planning-worker.mjs) so that a
 * simulated year never holds the server's event loop; also callable in-process.
 */
export interface PlanningJob {
  regionId: string;
  scenarioText: string;
  days: number;
  seed: number | null;
  changes: ScenarioChanges;
  descriptions: string[];
}

export type JobMessage =
  | { type: 'progress'; stage: 'baseline' | 'changed'; done: number }
  | { type: 'result'; run: PlanningRun }
  | { type: 'problem'; path: string; rule: string; message: string }
  | { type: 'failed'; message: string };

export function loadScenario(text: string): ScenarioFile {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(`the region's scenario does not parse: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return parsed.scenario;
}

export function runPlanningJob(job: PlanningJob, send: (m: JobMessage) => void): void {
  const scenario = loadScenario(job.scenarioText);
  const hasChanges = job.descriptions.length > 0;
  let changed: ScenarioFile | null;
  try {
    changed = hasChanges ? applyChanges(scenario, job.changes) : null;
  } catch (e) {
    if (e instanceof ChangeProblem) return send({ type: 'problem', path: e.path, rule: e.rule, message: e.message });
    throw e;
  }
  const seed = job.seed ?? scenario.seed;
  // Progress a few times a stage at most: a message per simulated day would outnumber the figures.
  const progress = (stage: 'baseline' | 'changed') => {
    let last = -1;
    return (done: number) => {
      const step = Math.floor(done * 20);
      if (step !== last) {
        last = step;
        send({ type: 'progress', stage, done: Math.round(done * 1000) / 1000 });
      }
    };
  };
  const baseline = simulate(scenario, { days: job.days, seed, onProgress: progress('baseline') });
  const after = changed ? simulate(changed, { days: job.days, seed, onProgress: progress('changed') }) : null;
  send({ type: 'result', run: { regionId: job.regionId, days: job.days, seed, changes: job.descriptions, baseline, changed: after } });
}

// In a worker (planning-worker.mjs): one job per message, answered with the job's number, so the
// worker stays warm (its modules loaded and compiled) for the next run.
if (parentPort && (workerData as { planning?: boolean } | null)?.planning) {
  const port = parentPort;
  port.on('message', ({ id, job }: { id: number; job: PlanningJob }) => {
    try {
      runPlanningJob(job, (m) => port.postMessage({ id, ...m }));
    } catch (e) {
      port.postMessage({ id, type: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  });
}
