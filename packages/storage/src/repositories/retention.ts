import { sql, type Kysely } from 'kysely';
import type { Tables } from '../schema.ts';

/** What one pruning batch removed. */
export interface PrunedBatch {
  rows: number;
  /** The highest feed position removed (feed batches only; 0 when none). */
  throughPosition: number;
}

/**
 * Retention of the change feed and the position history (ADR 0023). Each prune is one bounded
 * batch in its own short transaction, taking only rows no other pruner holds (SKIP LOCKED), so
 * several server processes can prune one database at once without waiting on each other, and
 * neither the feed's publish lock nor new fixes ever wait on a prune: they touch other rows.
 */
export class RetentionRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /**
   * The highest feed position pruned. A resume from below it may have lost changes; a resume
   * from it or above is whole. Read it after reading the feed: a prune that committed before the
   * read shows here, one that commits after it took nothing the read returned.
   */
  async feedHorizon(): Promise<number> {
    const row = await this.db.selectFrom('change_feed_horizon').select('pruned_through').executeTakeFirst();
    return Number(row?.pruned_through ?? 0);
  }

  /**
   * Removes up to `limit` feed rows committed before `cutoff`, oldest first, and raises the
   * horizon past them in the same transaction, so no reader sees the rows gone and the horizon
   * not yet moved. Run it outside any other transaction.
   */
  async pruneFeedBatch(cutoff: Date, limit: number): Promise<PrunedBatch> {
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ position: string | number }>`
        DELETE FROM change_feed WHERE position IN (
          SELECT position FROM change_feed WHERE committed_at < ${cutoff}
          ORDER BY committed_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ) RETURNING position`.execute(trx);
      const through = rows.reduce((m, r) => Math.max(m, Number(r.position)), 0);
      if (through > 0) {
        await sql`UPDATE change_feed_horizon SET pruned_through = GREATEST(pruned_through, ${through}::bigint)`.execute(trx);
      }
      return { rows: rows.length, throughPosition: through };
    });
  }

  /** Removes up to `limit` fixes older than `cutoff` that belong to no incident's trail. */
  async prunePositionsBatch(cutoff: Date, limit: number): Promise<PrunedBatch> {
    const { rows } = await sql<{ n: number }>`
      WITH gone AS (
        DELETE FROM unit_positions WHERE (unit_id, at) IN (
          SELECT unit_id, at FROM unit_positions WHERE incident_id IS NULL AND at < ${cutoff}
          ORDER BY at LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ) RETURNING 1
      ) SELECT count(*)::int AS n FROM gone`.execute(this.db);
    return { rows: Number(rows[0]?.n ?? 0), throughPosition: 0 };
  }

  /** How many rows a prune with these cutoffs would remove (the dry run). */
  async countPrunable(feedCutoff: Date, positionCutoff: Date): Promise<{ feed: number; positions: number }> {
    const { rows } = await sql<{ feed: number; positions: number }>`
      SELECT (SELECT count(*) FROM change_feed WHERE committed_at < ${feedCutoff})::int AS feed,
        (SELECT count(*) FROM unit_positions WHERE incident_id IS NULL AND at < ${positionCutoff})::int AS positions`.execute(this.db);
    return { feed: Number(rows[0]?.feed ?? 0), positions: Number(rows[0]?.positions ?? 0) };
  }
}
