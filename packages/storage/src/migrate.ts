import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './connect.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

export interface MigrationResult {
  applied: string[];
  current: number;
}

/**
 * Applies the forward-only numbered SQL files not yet applied, each in its own transaction.
 * An advisory lock keeps two server processes starting together from migrating twice, and a
 * changed checksum of an applied file stops start-up: history is never rewritten. An aborted
 * `signal` (a SIGTERM during start-up) stops before the next file: the ones applied stay applied.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR, options: { signal?: AbortSignal } = {}): Promise<MigrationResult> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  const { db } = database;
  return db.connection().execute(async (conn) => {
    // A migration may rewrite a large table, and a second process starting beside the first waits
    // for its lock: the bounds that serve requests (ADR 0022) do not apply to this connection
    // until it goes back to the pool (RESET returns to the values the connection opened with).
    await sql`SET statement_timeout = 0`.execute(conn);
    await sql`SET lock_timeout = 0`.execute(conn);
    await sql`SELECT pg_advisory_lock(7262001)`.execute(conn);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now())`.execute(conn);
      const done = new Map(
        (await conn.selectFrom('schema_migrations').selectAll().execute()).map((r) => [r.version, r]),
      );
      const applied: string[] = [];
      for (const file of files) {
        const version = Number(file.slice(0, 4));
        const text = await readFile(`${dir}/${file}`, 'utf8');
        const checksum = createHash('sha256').update(text).digest('hex');
        const previous = done.get(version);
        if (previous) {
          if (previous.checksum !== checksum) {
            throw new Error(`Migration ${file} was changed after it was applied; add a new migration instead`);
          }
          continue;
        }
        options.signal?.throwIfAborted();
        await conn.transaction().execute(async (trx) => {
          await sql.raw(text).execute(trx);
          await trx.insertInto('schema_migrations').values({ version, name: file, checksum }).execute();
        });
        applied.push(file);
      }
      const current = Math.max(0, ...files.map((f) => Number(f.slice(0, 4))));
      return { applied, current };
    } finally {
      await sql`SELECT pg_advisory_unlock(7262001)`.execute(conn);
      await sql`RESET statement_timeout`.execute(conn);
      await sql`RESET lock_timeout`.execute(conn);
    }
  });
}
