import { setImmediate as yieldToOthers } from 'node:timers/promises';
import type { Services } from './context.ts';

/** How long the feed and the position history are kept (CONTINUUM_FEED_RETENTION_HOURS, CONTINUUM_POSITION_RETENTION_DAYS). */
export interface RetentionSettings {
  feedRetentionHours: number;
  positionRetentionDays: number;
}

/** What a prune removed (or, in a dry run, would remove). */
export interface PruneReport {
  dryRun: boolean;
  feed: { before: string; rows: number; prunedThrough: number };
  positions: { before: string; rows: number };
}

/**
 * Rows per DELETE. Each batch is its own short transaction, so a prune of a month's backlog never
 * holds locks (or PGlite's one connection) for longer than one batch takes.
 */
export const PRUNE_BATCH = 1000;

const HOUR_MS = 3_600_000;

/**
 * Removes feed rows and fixes between calls older than the retention settings (ADR 0023), batch
 * by batch, and writes a system audit row of what went when anything went (always from the command
 * line, dry runs too). Fixes on a call are the incident's trail and are never removed here;
 * audit rows are never removed at all.
 */
export async function pruneByAge(
  services: Services,
  settings: RetentionSettings,
  opts: { dryRun?: boolean; origin: 'timer' | 'cli'; batch?: number },
): Promise<PruneReport> {
  const now = services.clock();
  const feedBefore = new Date(now.getTime() - settings.feedRetentionHours * HOUR_MS);
  const positionsBefore = new Date(now.getTime() - settings.positionRetentionDays * 24 * HOUR_MS);
  const retention = services.store.read.retention;
  const batch = opts.batch ?? PRUNE_BATCH;
  const report: PruneReport = {
    dryRun: opts.dryRun ?? false,
    feed: { before: feedBefore.toISOString(), rows: 0, prunedThrough: 0 },
    positions: { before: positionsBefore.toISOString(), rows: 0 },
  };
  if (report.dryRun) {
    const counts = await retention.countPrunable(feedBefore, positionsBefore);
    report.feed.rows = counts.feed;
    report.positions.rows = counts.positions;
  } else {
    for (;;) {
      const done = await retention.pruneFeedBatch(feedBefore, batch);
      report.feed.rows += done.rows;
      if (done.rows < batch) break;
      await yieldToOthers();
    }
    for (;;) {
      const done = await retention.prunePositionsBatch(positionsBefore, batch);
      report.positions.rows += done.rows;
      if (done.rows < batch) break;
      await yieldToOthers();
    }
  }
  report.feed.prunedThrough = await retention.feedHorizon();
  if (opts.origin === 'cli' || report.feed.rows + report.positions.rows > 0) {
    await services.store.read.audit.write({
      at: now, actorId: null, role: null, agencyId: null, action: 'retention.prune', outcome: 'allowed',
      resourceType: null, resourceId: null, fieldClasses: [], purpose: null, address: null,
      detail: { by: 'system', origin: opts.origin, ...report },
    });
  }
  return report;
}

/**
 * The pruning job of one server process: every `everyMinutes` (0: never; an operator then runs
 * `continuum prune` from cron). Several processes may prune one database at once: their batches
 * take disjoint rows. A run never overlaps the last one of the same process.
 */
export function startPruneTimer(services: Services, settings: RetentionSettings & { pruneEveryMinutes: number }): { stop(): Promise<void> } {
  if (settings.pruneEveryMinutes === 0) return { stop: async () => {} };
  let running: Promise<unknown> | null = null;
  const run = () => {
    if (running) return;
    running = pruneByAge(services, settings, { origin: 'timer' })
      .then((r) => {
        if (r.feed.rows + r.positions.rows > 0) services.logger.info({ feed: r.feed.rows, positions: r.positions.rows }, 'retention: pruned');
      })
      .catch((err) => services.logger.warn({ err: { message: (err as Error).message } }, 'retention: prune failed; will retry at the next run'))
      .finally(() => (running = null));
  };
  // The first run comes a minute after start, not during it, so a restart is never slowed by a backlog.
  const first = setTimeout(run, Math.min(60_000, settings.pruneEveryMinutes * 60_000));
  const timer = setInterval(run, settings.pruneEveryMinutes * 60_000);
  first.unref();
  timer.unref();
  return {
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
