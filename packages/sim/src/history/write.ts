import { randomUUID } from 'node:crypto';
import { REGION_TIME_ZONE } from '@continuum/domain';
import type { Store } from '@continuum/storage';
import { Engine } from '../engine.ts';
import { onlyRegion } from '../index.ts';
import type { ScenarioFile } from '../scenario.ts';
import { buildWorld } from '../world.ts';
import { HistoryBuilder, type BuiltCall } from './build.ts';

/** A write of history refused before anything was written: the message says why and what to do. */
export class HistoryRefused extends Error {
  constructor(message: string, readonly code: 'real_incidents' | 'unknown_region' | 'no_region') {
    super(message);
  }
}

export interface WriteHistoryOptions {
  /** The region of the scenario to write; it must exist in the database by the same id. */
  regionId?: string;
  days: number;
  /** The history ends here (the demo: now). */
  endAt: Date;
  seed?: number;
  /** Write beside real calls: asked for explicitly (`--yes`). Never needed on a database of simulated calls only. */
  besideRealCalls?: boolean;
  /** Calls a transaction: fewer transactions, bigger statements. */
  batchSize?: number;
  onProgress?: (written: number, total: number) => void;
  /** Stops between transactions (a server shutting down): what was written stays, flagged. */
  signal?: AbortSignal;
}

export interface WriteHistoryResult {
  regionId: string;
  from: Date;
  to: Date;
  incidents: number;
  episodes: number;
  auditRows: number;
  simulateSeconds: number;
  writeSeconds: number;
}

/** Minutes the zone is ahead of UTC at an instant (Chicago: -360 or -300). */
function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Math.round((Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The Monday 00:00 in the region's zone on or before an instant: the simulator's minute 0. The
 * run keeps that offset throughout, so a clock change inside the period shifts later calls by an
 * hour of local time; the shape of the day is unaffected.
 */
export function mondayBefore(at: Date, timeZone = REGION_TIME_ZONE): Date {
  const offset = zoneOffsetMinutes(at, timeZone) * 60_000;
  const wall = at.getTime() + offset;
  const day = 86_400_000;
  const midnight = Math.floor(wall / day) * day;
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * day - offset);
}

/**
 * Writes a simulated period into a database as real incidents would be (issue 13 §5, ADR 0037):
 * the scenario's region is run from the Monday before the period, each call finished inside it
 * is decided by the domain's functions (HistoryBuilder) and written through the storage layer's
 * history repository, a batch of calls a transaction, every row flagged simulated. A database
 * holding real calls in the region is refused unless `besideRealCalls` is given.
 */
export async function writeHistory(store: Store, scenario: ScenarioFile, options: WriteHistoryOptions): Promise<WriteHistoryResult> {
  const regionId = options.regionId ?? (scenario.regions.length === 1 ? scenario.regions[0]!.id : undefined);
  if (!regionId) throw new HistoryRefused(`the scenario has ${scenario.regions.length} regions: say which to write with --region (one of ${scenario.regions.map((r) => r.id).join(', ')})`, 'no_region');
  const region = await store.read.organisations.region(regionId);
  if (!region) throw new HistoryRefused(`region "${regionId}" is not in the database: create it (or seed the demo) before writing its history`, 'unknown_region');
  const real = await store.read.history.realIncidents(regionId);
  if (real > 0 && !options.besideRealCalls) {
    throw new HistoryRefused(`the database holds ${real} real call(s) in region ${regionId}: writing simulated history beside them needs --yes (every simulated record is flagged and left out of reports)`, 'real_incidents');
  }
  const from = new Date(options.endAt.getTime() - options.days * 86_400_000);
  const startAt = mondayBefore(from);
  const runDays = Math.ceil((options.endAt.getTime() - startAt.getTime()) / 86_400_000);

  const simStarted = performance.now();
  const world = buildWorld(onlyRegion(scenario, regionId));
  const engine = new Engine(world, options.seed ?? scenario.seed, runDays);
  const rec = engine.run();
  const [agencies, units, facilities] = await Promise.all([
    store.read.organisations.agencies(regionId),
    store.read.units.inRegion(regionId),
    store.read.facilities.list({ regionId }),
  ]);
  const builder = new HistoryBuilder(world, { regionId, agencies, units, facilities }, startAt, options.endAt, randomUUID);
  const calls = [...builder.calls(rec, from)];
  const simulateSeconds = (performance.now() - simStarted) / 1000;

  const writeStarted = performance.now();
  const size = options.batchSize ?? 1000;
  let episodes = 0;
  let auditRows = 0;
  for (let i = 0; i < calls.length; i += size) {
    if (options.signal?.aborted) break;
    const chunk: BuiltCall[] = calls.slice(i, i + size);
    await store.transaction((tx) =>
      tx.history.write({
        incidents: chunk.map((c) => c.incident),
        episodes: chunk.flatMap((c) => (c.episode ? [c.episode] : [])),
        audit: chunk.flatMap((c) => c.audit),
      }),
    );
    episodes += chunk.filter((c) => c.episode).length;
    auditRows += chunk.reduce((n, c) => n + c.audit.length, 0);
    options.onProgress?.(Math.min(i + size, calls.length), calls.length);
  }
  return { regionId, from, to: options.endAt, incidents: calls.length, episodes, auditRows, simulateSeconds, writeSeconds: (performance.now() - writeStarted) / 1000 };
}
