import fs, { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/index.ts';

// PGlite on its own never syncs a commit to the disk (ADR 0024); the embedded database must.
const dirs: string[] = [];
const open: Database[] = [];
afterEach(async () => {
  for (const database of open.splice(0)) await database.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const openIn = async (fsync?: boolean) => {
  const dir = mkdtempSync(join(tmpdir(), 'continuum-durable-'));
  dirs.push(dir);
  const database = await openDatabase({ dataDir: dir, ...(fsync === undefined ? {} : { fsync }) });
  open.push(database);
  await sql`CREATE TABLE t (id serial PRIMARY KEY, v text NOT NULL)`.execute(database.db);
  return { dir, database };
};

const setting = async (database: Database, name: 'fsync' | 'wal_sync_method') =>
  (await sql.raw<Record<string, string>>(`SHOW ${name}`).execute(database.db)).rows[0]?.[name];

/** The files fsync'ed while `work` runs: the real fs.fsyncSync, wrapped to record its file. */
const syncedDuring = async (work: () => Promise<unknown>): Promise<string[]> => {
  const paths: string[] = [];
  const real = fs.fsyncSync;
  fs.fsyncSync = ((fd: number) => {
    paths.push(readlinkSync(`/proc/self/fd/${fd}`));
    real(fd);
  }) as typeof fs.fsyncSync;
  try {
    await work();
  } finally {
    fs.fsyncSync = real;
  }
  return paths;
};

// Fresh folders (initdb, no template) and synced checkpoints: give them time on a busy machine.
describe('the embedded database on a data folder', { timeout: 120_000 }, () => {
  it('runs PostgreSQL with fsync on by default, syncing the WAL with fsync', async () => {
    const { database } = await openIn();
    expect(await setting(database, 'fsync')).toBe('on');
    expect(await setting(database, 'wal_sync_method')).toBe('fsync');
  });

  it('syncs the WAL segment to the disk at each commit before answering', async () => {
    const { dir, database } = await openIn();
    const synced = await syncedDuring(() => sql`INSERT INTO t (v) VALUES ('acknowledged')`.execute(database.db));
    expect(synced.length).toBeGreaterThan(0);
    expect(synced.some((path) => path.startsWith(join(dir, 'pg_wal') + '/'))).toBe(true);
  });

  it('keeps what it committed across a reopen', async () => {
    const { dir, database } = await openIn();
    await sql`INSERT INTO t (v) VALUES ('kept')`.execute(database.db);
    await database.close();
    open.splice(open.indexOf(database), 1);
    const again = await openDatabase({ dataDir: dir });
    open.push(again);
    const rows = (await sql<{ v: string }>`SELECT v FROM t`.execute(again.db)).rows;
    expect(rows.map((r) => r.v)).toEqual(['kept']);
  });

  it('with fsync off, is PGlite as shipped: no sync at a commit', async () => {
    const { database } = await openIn(false);
    expect(await setting(database, 'fsync')).toBe('off');
    const synced = await syncedDuring(() => sql`INSERT INTO t (v) VALUES ('relaxed')`.execute(database.db));
    expect(synced).toEqual([]);
  });
});
