import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate, openDatabase, type Database } from '../src/index.ts';

export interface TestDatabase {
  database: Database;
  /** The feed channel for this database; unique per test file on a shared server. */
  feedChannel: string;
  /** Options that open another connection to the same database (a second server process). */
  reopen(): Promise<Database>;
  cleanup(): Promise<void>;
}

let template: Blob | null = null;

/**
 * A migrated database of its own for one test file: a copy of the PGlite template, or a fresh
 * schema on the PostgreSQL server named by TEST_DATABASE_URL (dropped afterwards).
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  const suffix = randomBytes(6).toString('hex');
  if (url) {
    const schema = `t_${suffix}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const database = await openDatabase({ url, schema, maxConnections: 5 });
    await migrate(database);
    const opened: Database[] = [database];
    return {
      database,
      feedChannel: `continuum_feed_${suffix}`,
      reopen: async () => {
        const d = await openDatabase({ url, schema, maxConnections: 5 });
        opened.push(d);
        return d;
      },
      cleanup: async () => {
        for (const d of opened) await d.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    };
  }
  template ??= new Blob([await readFile(inject('pgliteTemplate'))]);
  const database = await openDatabase({ memory: true, template });
  return {
    database,
    feedChannel: 'continuum_feed',
    reopen: () => {
      throw new Error('PGlite is a single process; a second process needs TEST_DATABASE_URL');
    },
    cleanup: () => database.close(),
  };
}

/**
 * A database of its own with no migration applied (for a test of a migration over existing
 * data): an empty PGlite, or a fresh schema on TEST_DATABASE_URL's server (dropped afterwards).
 */
export async function openEmptyDatabase(): Promise<{ database: Database; cleanup(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ memory: true });
    return { database, cleanup: () => database.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const database = await openDatabase({ url, schema, maxConnections: 2 });
  return {
    database,
    cleanup: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
