/**
 * The queueing core's Continuum runs in a process of their own, as SimPy's are: V8 compiles the
 * engine for what it has seen, and code shaped by the full Illinois model (facilities, the §30
 * fallback, spread calls) is not what a run of this scenario alone gets. The first QUEUE_WARMUP
 * runs let V8 compile the engine; their times are reported apart. Prints the runs as JSON.
 */
import { QUEUE_RUNS, QUEUE_WARMUP, continuumQueue, queueingModel } from './simulation.ts';

const { scenario } = queueingModel();
const warmup = Array.from({ length: QUEUE_WARMUP }, () => continuumQueue(scenario).cpuSeconds);
const runs = Array.from({ length: QUEUE_RUNS }, () => continuumQueue(scenario));
process.stdout.write(JSON.stringify({ warmup, runs }));
