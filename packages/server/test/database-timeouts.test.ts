import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../storage/test/harness.ts';
import { loadConfig } from '../src/config.ts';
import { toProblem } from '../src/http/problems.ts';

// A bound on waiting that ran out is the database being busy, not the request being wrong: 503
// (with Retry-After, set by the error handler for every 503), never 500 (ADR 0022). PGlite
// enforces no timeouts itself, but an error with these codes is a 503 on either driver; this file
// runs on PGlite, and on PostgreSQL in CI's second pass. Real bounds: stalled-process.pg.test.ts.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t.cleanup());

/** The error the database itself raises with `condition`, as the driver hands it over. */
async function raised(condition: string): Promise<unknown> {
  const err = await sql.raw(`DO $$ BEGIN RAISE EXCEPTION 'bounded wait' USING ERRCODE = '${condition}'; END $$`)
    .execute(t.database.db)
    .then(() => null, (e: unknown) => e);
  expect(err).not.toBeNull();
  return err;
}

describe('a wait the database cut short is a 503, not a 500', () => {
  const conditions = [
    ['query_canceled', '57014', 'statement_timeout'],
    ['lock_not_available', '55P03', 'lock_timeout'],
    ['idle_in_transaction_session_timeout', '25P03', 'a session ended while idle in a transaction'],
    ['deadlock_detected', '40P01', 'one of two waiters cancelled'],
  ] as const;
  it.each(conditions)('%s (%s: %s)', async (condition, code) => {
    const err = await raised(condition);
    expect((err as { code?: string }).code).toBe(code);
    const problem = toProblem(err, 'req-1');
    expect(problem).toMatchObject({ status: 503, body: { error: { code: 'unavailable', requestId: 'req-1' } } });
    // The body says what to do, and nothing of the database's own message.
    expect(problem.body.error.message).toBe('The database did not answer in time; try again shortly');
  });

  it('an error the database raises for another reason is still a 500', async () => {
    const problem = toProblem(await raised('internal_error'), 'req-1');
    expect(problem.status).toBe(500);
  });
});

describe('the bounds are settings', () => {
  it('default to 10 s a statement, 5 s a lock wait, 5 s an idle transaction, and are read from the environment', () => {
    expect(loadConfig({}, {})).toMatchObject({ dbStatementTimeoutMs: 10_000, dbLockTimeoutMs: 5_000, dbIdleTransactionTimeoutMs: 5_000 });
    const env = { CONTINUUM_DB_STATEMENT_TIMEOUT_MS: '30000', CONTINUUM_DB_LOCK_TIMEOUT_MS: '2000', CONTINUUM_DB_IDLE_TRANSACTION_TIMEOUT_MS: '3000' };
    expect(loadConfig({}, env)).toMatchObject({ dbStatementTimeoutMs: 30_000, dbLockTimeoutMs: 2_000, dbIdleTransactionTimeoutMs: 3_000 });
  });

  it('refuses a bound of nothing or no bound at all, naming the variable', () => {
    for (const bad of ['0', '50', 'soon', '3600000']) {
      expect(() => loadConfig({}, { CONTINUUM_DB_LOCK_TIMEOUT_MS: bad }), bad).toThrow(/dbLockTimeoutMs \(CONTINUUM_DB_LOCK_TIMEOUT_MS\)/);
    }
  });
});
