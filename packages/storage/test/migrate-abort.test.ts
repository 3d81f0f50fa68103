import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../src/index.ts';
import { openEmptyDatabase } from './harness.ts';

// A stop requested during start-up (issue 16 §5): migrate() ends before the next file, keeps the
// files already applied, releases its advisory lock, and a later run finishes the work.
let db: Awaited<ReturnType<typeof openEmptyDatabase>>;
beforeAll(async () => {
  db = await openEmptyDatabase();
});
afterAll(() => db.cleanup());

const appliedVersions = async () =>
  (await sql<{ version: number }>`SELECT version FROM schema_migrations ORDER BY version`.execute(db.database.db)).rows.map((r) => r.version);

it('stops between migrations when its signal is aborted, and a later run applies the rest', async () => {
  const abort = new AbortController();
  const reason = new Error('stopped by a signal while starting');
  // The signal arrives while the first file is being applied: migrate() looks at the signal before
  // each file, so the stop is seen at its second look, after the first file committed.
  const { signal } = abort;
  const look = signal.throwIfAborted.bind(signal);
  let looks = 0;
  signal.throwIfAborted = () => {
    if (++looks === 2) abort.abort(reason);
    look();
  };
  await expect(migrate(db.database, undefined, { signal })).rejects.toBe(reason);
  expect(looks).toBe(2);
  const partial = await appliedVersions();
  expect(partial).toEqual([1]);
  const rest = await migrate(db.database);
  expect(rest.applied.length).toBeGreaterThan(0);
  const all = await appliedVersions();
  expect(all.length).toBe(partial.length + rest.applied.length);
  expect(all.at(-1)).toBe(rest.current);
  // The advisory lock was released on the way out: a lock taken now is granted. On PostgreSQL the
  // lock is the database's, and other test files migrating their own schemas take it for moments:
  // wait for them (bounded), where a lock leaked on a pooled connection would never come back.
  // (Taken and given back on one connection: a session lock left on a pooled one would stall others.)
  const granted = await db.database.db.connection().execute(async (conn) => {
    await sql`SET lock_timeout = '20s'`.execute(conn);
    try {
      await sql`SELECT pg_advisory_lock(7262001)`.execute(conn);
      await sql`SELECT pg_advisory_unlock(7262001)`.execute(conn);
      return true;
    } finally {
      await sql`RESET lock_timeout`.execute(conn);
    }
  });
  expect(granted).toBe(true);
});

it('applies nothing when its signal is already aborted', async () => {
  const fresh = await openEmptyDatabase();
  try {
    const abort = new AbortController();
    abort.abort(new Error('stopped'));
    await expect(migrate(fresh.database, undefined, { signal: abort.signal })).rejects.toThrow('stopped');
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migrations`.execute(fresh.database.db);
    expect(rows[0]!.n).toBe(0);
  } finally {
    await fresh.cleanup();
  }
});
