import { sql } from 'kysely';
import type { TestServer } from './harness.ts';

/** What a request may have changed: every table's row count, the feed's last position, the audit trail's length. */
export interface DbState {
  /** Row counts of every table but the audit trail (which every request may grow), by table. */
  rows: Record<string, number>;
  feedPosition: number;
  auditRows: number;
}

/** Reads the whole state in one statement (the tables are listed once, from the catalogue). */
export async function stateReader(t: TestServer): Promise<() => Promise<DbState>> {
  const db = t.server.services.store.database.db;
  const tables = (
    await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db)
  ).rows.map((r) => r.name).filter((n) => n !== 'audit_log' && !n.startsWith('kysely_'));
  if (tables.length < 10) throw new Error(`expected the schema's tables, found ${tables.join(', ')}`);
  const counts = sql.join(tables.map((name) => sql`(SELECT count(*) FROM ${sql.ref(name)})::int AS ${sql.ref(name)}`));
  return async () => {
    const row = (
      await sql<Record<string, number>>`SELECT ${counts}, (SELECT coalesce(max(position), 0) FROM change_feed)::int AS "~feed", (SELECT count(*) FROM audit_log)::int AS "~audit"`.execute(db)
    ).rows[0]!;
    const { '~feed': feedPosition, '~audit': auditRows, ...rows } = row;
    return { rows, feedPosition: Number(feedPosition), auditRows: Number(auditRows) };
  };
}
