import { sql, type Kysely } from 'kysely';
import type { Tables } from '../schema.ts';

export const FEED_CHANNEL = 'continuum_feed';

export interface FeedEntry {
  position: number;
  entityType: string;
  entityId: string;
  version: number;
  regionId: string;
  agencyId: string;
}

/** The change feed: what committed, in commit order, for live consoles and their resume. */
export class FeedRepository {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly channel = FEED_CHANNEL,
  ) {}

  /**
   * Publishes changes; call it last in a transaction. The transaction-scoped lock makes feed
   * positions commit in order, so a console resuming "after N" can never skip a later-committing
   * smaller position. NOTIFY is delivered only if the transaction commits.
   */
  async publish(entries: Omit<FeedEntry, 'position'>[]): Promise<number[]> {
    if (entries.length === 0) return [];
    await sql`SELECT pg_advisory_xact_lock(7262002)`.execute(this.db);
    const rows = await this.db
      .insertInto('change_feed')
      .values(
        entries.map((e) => ({
          entity_type: e.entityType,
          entity_id: e.entityId,
          version: e.version,
          region_id: e.regionId,
          agency_id: e.agencyId,
        })),
      )
      .returning('position')
      .execute();
    const last = rows.at(-1)?.position ?? 0;
    await sql`SELECT pg_notify(${this.channel}, ${String(last)})`.execute(this.db);
    return rows.map((r) => r.position);
  }

  /**
   * Notifies the other server processes on `${channel}_${suffix}` with each payload, outside any
   * transaction and without a feed entry: for what is pushed but never replayed (fixes, ADR 0038).
   */
  async notify(suffix: string, payloads: readonly string[]): Promise<void> {
    if (payloads.length === 0) return;
    const channel = `${this.channel}_${suffix}`;
    await sql`SELECT pg_notify(${channel}, p) FROM unnest(${[...payloads]}::text[]) AS p`.execute(this.db);
  }

  async after(position: number, limit: number): Promise<FeedEntry[]> {
    const rows = await this.db
      .selectFrom('change_feed')
      .selectAll()
      .where('position', '>', position)
      .orderBy('position')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      position: r.position,
      entityType: r.entity_type,
      entityId: r.entity_id,
      version: r.version,
      regionId: r.region_id,
      agencyId: r.agency_id,
    }));
  }

  /** The last position published: the pruned horizon when retention has emptied the feed (ADR 0023). */
  async head(): Promise<number> {
    const { rows } = await sql<{ p: string | number | null }>`
      SELECT GREATEST((SELECT max(position) FROM change_feed), (SELECT pruned_through FROM change_feed_horizon)) AS p`.execute(this.db);
    return Number(rows[0]?.p ?? 0);
  }
}
