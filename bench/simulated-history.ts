/**
 * The history writer (issue 13 §5, ADR 0037): a year of Champaign County written into PGlite as
 * simulated incidents, against the one-minute goal; and the same month written a batch of calls a
 * transaction (as the writer does) beside one transaction per call, in the same run.
 */
import { readFileSync } from 'node:fs';
import { startServer } from '@continuum/server';
import { parseScenario, type ScenarioFile } from '@continuum/sim';
import { writeHistory, type WriteHistoryResult } from '@continuum/sim/history/write';
import type { BenchRow } from './table.ts';

const DEMO = new URL('../packages/sim/scenarios/demo-region.yaml', import.meta.url);

async function writeInto(scenario: ScenarioFile, days: number, batchSize: number): Promise<WriteHistoryResult> {
  // A fresh demo database in memory: the region, its agencies, units and facilities to write against.
  const server = await startServer({ port: 0, host: '127.0.0.1', memory: true, seedDemo: true, logLevel: 'warn', demoHistoryDays: 0 });
  try {
    return await writeHistory(server.services.store, scenario, { days, endAt: new Date(), besideRealCalls: true, batchSize });
  } finally {
    await server.close();
  }
}

export async function benchSimulatedHistory(): Promise<BenchRow[]> {
  const parsed = parseScenario(readFileSync(DEMO, 'utf8'));
  if (!parsed.ok) throw new Error('demo-region.yaml does not parse');
  const year = await writeInto(parsed.scenario, 365, 1000);
  const total = year.simulateSeconds + year.writeSeconds;
  const rows: BenchRow[] = [{
    name: `A year of Champaign County written to PGlite: ${year.incidents.toLocaleString('en-US')} calls, ${year.episodes.toLocaleString('en-US')} episodes, ${year.auditRows.toLocaleString('en-US')} audit rows`,
    value: `${total.toFixed(1)} s`,
    baseline: '60 s goal',
    ratio: `${(60 / total).toFixed(1)}× under`,
    note: `simulated and decided in ${year.simulateSeconds.toFixed(1)} s, written in ${year.writeSeconds.toFixed(1)} s (${Math.round(year.incidents / year.writeSeconds).toLocaleString('en-US')} calls/s)`,
  }];
  const batched = await writeInto(parsed.scenario, 30, 1000);
  const single = await writeInto(parsed.scenario, 30, 1);
  rows.push({
    name: `30 days (${batched.incidents} calls) written: 1,000 calls a transaction vs one call a transaction`,
    value: `${batched.writeSeconds.toFixed(2)} s`,
    baseline: `${single.writeSeconds.toFixed(2)} s`,
    ratio: `${(single.writeSeconds / batched.writeSeconds).toFixed(1)}× faster`,
    note: 'write time only; the same calls (same seed and period)',
  });
  return rows;
}
