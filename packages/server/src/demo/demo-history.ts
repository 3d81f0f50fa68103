import { readFileSync } from 'node:fs';
import { parseScenario } from '@continuum/sim';
import { writeHistory, type WriteHistoryResult } from '@continuum/sim/history/write';
import type { Services } from '../services/context.ts';
import { DEMO_REGION_ID } from './demo-region.ts';

/** The demo region's scenario: the same file `continuum simulate` documents. */
export const DEMO_SCENARIO_FILE = new URL('../../../sim/scenarios/demo-region.yaml', import.meta.url);

/**
 * Writes `days` of simulated history for the demo region ending now (issue 13 §5, ADR 0037):
 * every record flagged simulated, left out of reports unless asked for. The demo's own live calls
 * are the seed's, so the writer is told it may write beside them.
 */
export async function writeDemoHistory(services: Services, days: number, signal?: AbortSignal): Promise<WriteHistoryResult> {
  const parsed = parseScenario(readFileSync(DEMO_SCENARIO_FILE, 'utf8'));
  if (!parsed.ok) throw new Error(`the demo scenario does not parse: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return writeHistory(services.store, parsed.scenario, {
    regionId: DEMO_REGION_ID,
    days,
    endAt: services.clock(),
    besideRealCalls: true,
    ...(signal ? { signal } : {}),
    onProgress: (written, total) => services.logger.info({ written, total }, 'demo history: simulated calls written'),
  });
}
