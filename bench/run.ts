/**
 * `npm run bench`: every benchmark in sequence, one table each, every figure beside a baseline
 * measured in the same run. Speed goals are checked here, never by timed tests.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { benchEidoImport, EIDO_HEADINGS } from './eido-import.ts';
import { benchHandoffInbox, HANDOFF_HEADINGS } from './handoff-inbox.ts';
import { benchEmbeddedDurability, DURABILITY_HEADINGS } from './embedded-durability.ts';
import { benchFeedLatency, FEED_LATENCY_HEADINGS } from './feed-latency.ts';
import { benchIncidentCreation, INCIDENT_HEADINGS } from './http-incidents.ts';
import { benchKillNine, KILL_NINE_HEADINGS } from './kill-nine.ts';
import { benchPositions, POSITION_HEADINGS } from './positions.ts';
import { benchPositionsWs, POSITION_WS_HEADINGS } from './positions-ws.ts';
import { benchPositionsFanout, FANOUT_HEADINGS } from './positions-fanout.ts';
import { benchSimulation } from './simulation.ts';
import { benchSimulatedHistory } from './simulated-history.ts';
import { benchIncidentSearch, SEARCH_HEADINGS } from './incident-search.ts';
import { benchRacReport, RAC_HEADINGS } from './rac-report.ts';
import { printTable, type BenchRow, type TableHeadings } from './table.ts';

interface Benchmark {
  heading: string;
  headings?: Partial<TableHeadings>;
  run: () => Promise<BenchRow[]>;
}

const benchmarks: Benchmark[] = [
  { heading: 'Incident creation through HTTP — PGlite (in memory)', headings: INCIDENT_HEADINGS, run: () => benchIncidentCreation('pglite') },
  { heading: 'Incident creation through HTTP — PostgreSQL', headings: INCIDENT_HEADINGS, run: () => benchIncidentCreation('postgres') },
  { heading: 'Position ingestion through HTTP — PGlite (in memory)', headings: POSITION_HEADINGS, run: () => benchPositions('pglite') },
  { heading: 'Position ingestion through HTTP — PostgreSQL', headings: POSITION_HEADINGS, run: () => benchPositions('postgres') },
  { heading: 'Position ingestion over the feed WebSocket — PGlite (in memory)', headings: POSITION_WS_HEADINGS, run: () => benchPositionsWs('pglite') },
  { heading: 'Position ingestion over the feed WebSocket — PostgreSQL', headings: POSITION_WS_HEADINGS, run: () => benchPositionsWs('postgres') },
  { heading: 'Positions fanned out to 100 boards, and the ceiling of one process — PGlite (in memory)', headings: FANOUT_HEADINGS, run: () => benchPositionsFanout('pglite') },
  { heading: 'Positions fanned out to 100 boards, and the ceiling of one process — PostgreSQL', headings: FANOUT_HEADINGS, run: () => benchPositionsFanout('postgres') },
  { heading: 'Latency from commit to 500 connected consoles — PGlite (in memory)', headings: FEED_LATENCY_HEADINGS, run: () => benchFeedLatency('pglite') },
  { heading: 'Latency from commit to 500 connected consoles — PostgreSQL', headings: FEED_LATENCY_HEADINGS, run: () => benchFeedLatency('postgres') },
  { heading: 'EIDO import to a dispatcher’s feed — PGlite (in memory)', headings: EIDO_HEADINGS, run: () => benchEidoImport('pglite') },
  { heading: 'EIDO import to a dispatcher’s feed — PostgreSQL', headings: EIDO_HEADINGS, run: () => benchEidoImport('postgres') },
  { heading: 'Hand-off offered to the receiver’s inbox — PGlite (in memory)', headings: HANDOFF_HEADINGS, run: () => benchHandoffInbox('pglite') },
  { heading: 'Hand-off offered to the receiver’s inbox — PostgreSQL', headings: HANDOFF_HEADINGS, run: () => benchHandoffInbox('postgres') },
  { heading: 'Search by phone over many incidents — PGlite (in memory)', headings: SEARCH_HEADINGS, run: () => benchIncidentSearch('pglite') },
  { heading: 'Search by phone over 1,000,000 incidents — PostgreSQL', headings: SEARCH_HEADINGS, run: () => benchIncidentSearch('postgres') },
  { heading: 'The monthly RAC report and the dashboard — PGlite (in memory)', headings: RAC_HEADINGS, run: () => benchRacReport('pglite') },
  { heading: 'The monthly RAC report over 1,000,000 incidents and the dashboard — PostgreSQL', headings: RAC_HEADINGS, run: () => benchRacReport('postgres') },
  { heading: 'Syncing each commit to the disk — PGlite on a data folder', headings: DURABILITY_HEADINGS, run: () => benchEmbeddedDurability() },
  { heading: 'kill -9 under load, ten times — PGlite on a data folder', headings: KILL_NINE_HEADINGS, run: () => benchKillNine('pglite') },
  { heading: 'kill -9 under load, ten times — PostgreSQL', headings: KILL_NINE_HEADINGS, run: () => benchKillNine('postgres') },
  { heading: 'Simulation: a year of Illinois, and its queueing core beside SimPy 2', headings: { value: 'Continuum', baseline: 'Goal / SimPy 2' }, run: () => benchSimulation() },
  { heading: 'Simulated history: a year of Champaign County written to PGlite', headings: { value: 'Continuum', baseline: 'Goal / one call a transaction' }, run: () => benchSimulatedHistory() },
];

/** Optional benchmarks owned by other areas: run when the file exists and exports the function. */
const optional = [
  { file: './triage.ts', exported: 'benchTriage', heading: 'Triage' },
  { file: './dispatch-recommend.ts', exported: 'benchRecommend', heading: 'Dispatch recommendation over 10,000 units' },
  { file: './dispatch-recommend.ts', exported: 'benchCombinations', heading: 'Dispatch recommendation with two-unit combinations over 10,000 units' },
];

async function main(): Promise<void> {
  const cpus = os.cpus();
  const info = [
    `node ${process.version}`,
    `${os.platform()} ${os.arch()}`,
    `${cpus.length} CPU${cpus.length === 1 ? '' : 's'}${cpus[0] ? ` (${cpus[0].model.trim()})` : ''}`,
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  ];
  process.stdout.write(`## Continuum benchmarks\n\n${info.join(' · ')}\n${new Date().toISOString()}\n\n`);

  for (const spec of optional) {
    const url = new URL(spec.file, import.meta.url);
    if (!existsSync(url)) {
      process.stdout.write(`note: ${spec.file} not present; skipping ${spec.heading}\n\n`);
      continue;
    }
    benchmarks.push({
      heading: spec.heading,
      run: async () => {
        const mod = (await import(url.href)) as Record<string, unknown>;
        const fn = mod[spec.exported];
        if (typeof fn !== 'function') {
          process.stdout.write(`note: ${spec.file} exports no ${spec.exported}(); skipped\n`);
          return [];
        }
        return (await (fn as () => Promise<BenchRow[]>)()) ?? [];
      },
    });
  }

  // BENCH_ONLY=postgres (a case-insensitive substring of the heading) runs a subset.
  const only = process.env.BENCH_ONLY?.toLowerCase();
  let failed = 0;
  for (const b of benchmarks) {
    if (only && !b.heading.toLowerCase().includes(only)) continue;
    const t0 = performance.now();
    try {
      const rows = await b.run();
      printTable(rows, `${b.heading} (${((performance.now() - t0) / 1000).toFixed(1)} s)`, b.headings);
    } catch (err) {
      failed++;
      process.stdout.write(`### ${b.heading}\n\nFAILED: ${(err as Error).stack ?? String(err)}\n\n`);
    }
  }
  const rss = process.memoryUsage().rss / 2 ** 20;
  process.stdout.write(`RSS at the end: ${rss.toFixed(0)} MiB\n`);
  if (failed) {
    process.stderr.write(`${failed} benchmark(s) failed\n`);
    process.exitCode = 1;
  }
}

await main();
