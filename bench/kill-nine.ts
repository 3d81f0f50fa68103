/**
 * kill -9 under load (issue 16 §5): `continuum start` processes take calls from eight concurrent
 * writers and are killed with SIGKILL at random moments, ten times on each database; beside it the
 * same trial with a graceful SIGTERM stop, in the same run. Nothing acknowledged may be lost and a
 * console resuming the feed hears each call exactly once (packages/server/test/crash-trial.ts;
 * the tests run two kills of each).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { crashTrial, type CrashReport, type CrashTarget } from '../packages/server/test/crash-trial.ts';
import { envInt, fmtMs, median } from './measure.ts';
import { ratio, type BenchRow, type TableHeadings } from './table.ts';

export const KILL_NINE_HEADINGS: Partial<TableHeadings> = { value: 'kill -9', baseline: 'graceful stop (SIGTERM)', ratio: 'kill ÷ stop' };

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function onTarget(kind: 'pglite' | 'postgres', trial: (t: CrashTarget) => Promise<CrashReport>): Promise<CrashReport> {
  if (kind === 'pglite') {
    // Under the working folder, not /tmp: /tmp may be a tmpfs, where a sync costs nothing.
    mkdirSync('.bench', { recursive: true });
    const dataDir = mkdtempSync(join('.bench', 'kill9-'));
    try {
      return await trial({ kind, dataDir });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const server = process.env.BENCH_DATABASE_URL || DEFAULT_DATABASE_URL;
  const name = `bench_kill9_${Date.now().toString(36)}_${process.pid}`;
  const run = async (statement: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    await c.query(statement).finally(() => c.end());
  };
  await run(`CREATE DATABASE ${name}`);
  try {
    const u = new URL(server);
    u.pathname = `/${name}`;
    return await trial({ kind, url: u.toString() });
  } finally {
    await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

export async function benchKillNine(kind: 'pglite' | 'postgres'): Promise<BenchRow[]> {
  const kills = envInt('BENCH_KILLS', 10);
  const killed = await onTarget(kind, (t) => crashTrial(t, { kills, signal: 'SIGKILL' }));
  const stopped = await onTarget(kind, (t) => crashTrial(t, { kills, signal: 'SIGTERM' }));
  const count = (name: string, pick: (r: CrashReport) => number, note?: string): BenchRow => ({
    name,
    value: String(pick(killed)),
    baseline: String(pick(stopped)),
    ratio: pick(stopped) === 0 ? '—' : ratio(pick(killed), pick(stopped)),
    ...(note ? { note } : {}),
  });
  return [
    count('stops under load', (r) => r.kills),
    count('calls acknowledged (201)', (r) => r.acknowledged),
    count('acknowledged calls lost', (r) => r.lost, 'must be 0'),
    count('… missing events, audit or feed rows', (r) => r.missingEvents + r.missingAudit + r.missingFeed, 'must be 0'),
    count('acknowledged calls not resumed exactly once on the feed', (r) => r.feedNotOnce, 'must be 0'),
    count('writes cut off without an answer', (r) => r.unanswered, 'their fate is unknown to the writer; both outcomes are right'),
    { name: 'restart until ready, median', value: fmtMs(median(killed.restartMs)), baseline: fmtMs(median(stopped.restartMs)), ratio: ratio(median(killed.restartMs), median(stopped.restartMs)) },
  ];
}
