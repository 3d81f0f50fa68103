import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../storage/test/harness.ts';
import { toProblem } from '../src/http/problems.ts';
import { startServer } from '../src/index.ts';
import { buildIncidentInput, signIn } from './harness.ts';

// A second process frozen (SIGSTOP, a long GC pause, a partition) in the middle of a write holds
// the feed's order lock until PostgreSQL ends its transaction (ADR 0022). Only PostgreSQL has a
// second process, so this file runs in the `postgres` project. The bounds are set short here.
if (!process.env.TEST_DATABASE_URL) throw new Error('stalled-process tests need TEST_DATABASE_URL');
const url = process.env.TEST_DATABASE_URL;
const LOCK_MS = 1000;
const IDLE_MS = 3000;
const STATEMENT_MS = 2000;
/** Slack for the request itself on a busy two-core machine: far below a hang. */
const SLACK_MS = 1500;
/** The feed's order lock (packages/storage/src/repositories/feed.ts). */
const FEED_LOCK = 7262002;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface Answer { status: number; retryAfter: string | null; code: string | null; ms: number }

async function timed(send: () => Promise<Response>): Promise<Answer> {
  const started = Date.now();
  const res = await send();
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), code: body.error?.code ?? null, ms: Date.now() - started };
}

async function serverWithShortBounds() {
  const db = await openTestDatabase();
  const schema = (await db.database.db.selectNoFrom((eb) => eb.fn<string>('current_schema').as('s')).executeTakeFirstOrThrow()).s;
  const server = await startServer({
    databaseUrl: url, databaseSchema: schema, port: 0, host: '127.0.0.1', logLevel: 'silent', feedChannel: db.feedChannel, seedDemo: true,
    dbLockTimeoutMs: LOCK_MS, dbIdleTransactionTimeoutMs: IDLE_MS, dbStatementTimeoutMs: STATEMENT_MS,
  });
  cleanups.push(async () => {
    await server.close();
    await db.cleanup();
  });
  return { server, schema };
}

describe('a process frozen in the middle of a write', () => {
  it('does not stall writes through another process: each answers within the bound, 503 with Retry-After while the lock is held, and 201 once PostgreSQL ends the frozen transaction', async () => {
    const { server, schema } = await serverWithShortBounds();
    const telecom = await signIn(server.url, 'telecom');
    expect((await telecom.post('/api/incidents', buildIncidentInput())).status).toBe(201);

    // What a frozen Continuum process leaves behind: its session (with the same bounds every
    // process sets) began a write, took the feed lock, published, and then sent nothing more.
    const frozen = new pg.Client({ connectionString: url, options: `-c search_path=${schema}`, idle_in_transaction_session_timeout: IDLE_MS } as pg.ClientConfig);
    const ended: (Error & { code?: string })[] = [];
    frozen.on('error', (err) => ended.push(err));
    await frozen.connect();
    await frozen.query('BEGIN');
    await frozen.query('SELECT pg_advisory_xact_lock($1)', [FEED_LOCK]);
    await frozen.query(`INSERT INTO change_feed (entity_type, entity_id, version, region_id, agency_id)
      SELECT 'incident', id, 99, region_id, agency_id FROM incidents LIMIT 1`);
    const frozenAt = Date.now();
    cleanups.push(() => frozen.end().catch(() => {}));

    // Writes through the serving process while the lock is held: bounded refusals, never a 500.
    const during = await Promise.all(Array.from({ length: 4 }, () => timed(() => telecom.post('/api/incidents', buildIncidentInput()))));
    expect(during).toHaveLength(4);
    for (const answer of during) {
      expect(answer).toMatchObject({ status: 503, code: 'unavailable', retryAfter: '2' });
      expect(answer.ms).toBeLessThan(LOCK_MS + SLACK_MS);
    }
    expect(Date.now() - frozenAt).toBeLessThan(IDLE_MS);

    // Retrying as Retry-After says: PostgreSQL ends the frozen transaction, its lock goes, writes succeed.
    const retries: Answer[] = [];
    while (retries.at(-1)?.status !== 201 && Date.now() - frozenAt < IDLE_MS + LOCK_MS + 3 * SLACK_MS) {
      retries.push(await timed(() => telecom.post('/api/incidents', buildIncidentInput())));
    }
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.at(-1)?.status).toBe(201);
    for (const answer of retries) {
      expect([201, 503]).toContain(answer.status);
      expect(answer.ms).toBeLessThan(LOCK_MS + SLACK_MS);
    }
    expect(Date.now() - frozenAt).toBeLessThan(IDLE_MS + LOCK_MS + 2 * SLACK_MS);
    // The frozen session was ended by the server, and what it had not committed is gone.
    await expect.poll(() => ended.map((e) => e.code), { timeout: 2000 }).toContain('25P03');
    // Had that process woken and sent its next statement, its request would have been a 503 too.
    expect(toProblem(ended.find((e) => e.code === '25P03'), 'req-1').status).toBe(503);
    const check = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await check.connect();
    const orphan = await check.query(`SELECT count(*)::int AS n FROM change_feed WHERE version = 99`);
    await check.end();
    expect(orphan.rows[0]).toEqual({ n: 0 });
  });

  it('a write waiting on a row another process holds answers 503 within the bound, not 500', async () => {
    const { server, schema } = await serverWithShortBounds();
    const telecom = await signIn(server.url, 'telecom');
    const created = await telecom.post('/api/incidents', buildIncidentInput());
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const triage = () => telecom.post(`/api/incidents/${id}/transitions`, { action: 'triage', level: 3, protocolVersion: 'il-irlm@2025.09', factors: ['psychosis_with_agitation'] });
    const holder = new pg.Client({ connectionString: url, options: `-c search_path=${schema}`, idle_in_transaction_session_timeout: IDLE_MS } as pg.ClientConfig);
    holder.on('error', () => {});
    await holder.connect();
    cleanups.push(() => holder.end().catch(() => {}));
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE', [id]);
    const answer = await timed(triage);
    expect(answer).toMatchObject({ status: 503, code: 'unavailable', retryAfter: '2' });
    expect(answer.ms).toBeLessThan(LOCK_MS + SLACK_MS);
    // Once the holder's transaction is gone (it would have been ended the same way), the retry succeeds.
    await holder.query('ROLLBACK');
    expect((await triage()).status).toBe(200);
  });
});

describe('the PostgreSQL driver\'s timeouts are 503s', () => {
  const problemOf = async (config: pg.ClientConfig, query: string) => {
    const client = new pg.Client({ connectionString: url, ...config });
    client.on('error', () => {});
    await client.connect();
    const err = await client.query(query).then(() => null, (e: unknown) => e);
    await client.end().catch(() => {});
    expect(err).not.toBeNull();
    return toProblem(err, 'req-1');
  };

  it('a statement the server cancelled (statement_timeout, 57014)', async () => {
    const problem = await problemOf({ statement_timeout: 200 }, 'SELECT pg_sleep(2)');
    expect(problem).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
  });

  it('an answer the client stopped waiting for (query_timeout: "Query read timeout")', async () => {
    const problem = await problemOf({ query_timeout: 200 }, 'SELECT pg_sleep(2)');
    expect(problem).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
  });
});
