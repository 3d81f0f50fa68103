import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateReader, type DbState } from './db-state.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { callerFor, closeIdentityProvider, documentedOperations, operationCatalogue, withIdentityProvider, type Caller } from './operations.ts';

// Every write of the OpenAPI document, retried with the same Idempotency-Key, replays its first
// answer and changes nothing the second time: a new write route that skips performWrite fails here.

/** Fixes have their natural key, (unit, time): a retry is answered `duplicate` (ADR 0010). */
const NATURAL_KEY = new Set(['POST /api/units/{id}/positions', 'POST /api/positions']);
/** A token's secret is shown once: the replay of its creation withholds it (null), the rest is the same. */
const WITHHELD_ON_REPLAY: Record<string, string[]> = { 'POST /api/tokens': ['token'] };
/** Signing in and out act on the session itself: a replayed sign-in could not hand out its cookie again. */
const SESSION = new Set(['POST /api/session', 'DELETE /api/session']);

let t: TestServer;
let real: Caller | null = null;
let state: () => Promise<DbState>;
const caller: Caller = { session: (role) => real!.session(role), send: (...args) => real!.send(...args) };
const catalogue = operationCatalogue(caller);
const writes = Object.keys(catalogue).filter((k) => !k.startsWith('GET '));
const replaying = writes.filter((k) => !NATURAL_KEY.has(k) && !SESSION.has(k));

beforeAll(async () => {
  t = await startTestServer({ config: await withIdentityProvider() });
  real = await callerFor(t, Object.values(catalogue).flatMap((o) => (o.role ? [o.role] : [])));
  state = await stateReader(t);
});
afterAll(async () => {
  await t?.close();
  await closeIdentityProvider();
});

const parts = (key: string) => {
  const [method, path] = key.split(' ') as [string, string];
  return { method, path };
};

/** Sends the operation's request once with `key`, and again; returns both answers and the state around the retry. */
async function twice(opKey: string, key: string) {
  const op = catalogue[opKey]!;
  const { method } = parts(opKey);
  const req = await op.request();
  const before = await state();
  const first = await caller.send(op.role, method, req.url, req.body, { ...req.headers, 'idempotency-key': key });
  const firstText = await first.text();
  const between = await state();
  const second = await caller.send(op.role, method, req.url, req.body, { ...req.headers, 'idempotency-key': key });
  const secondText = await second.text();
  return { first, firstText, second, secondText, before, between, after: await state() };
}

async function assertReplays(opKey: string) {
  const r = await twice(opKey, `replay-${crypto.randomUUID()}`);
  expect(r.first.status, r.firstText).toBeGreaterThanOrEqual(200);
  expect(r.first.status, r.firstText).toBeLessThan(300);
  expect(r.between.auditRows - r.before.auditRows, 'one audit row for the write').toBe(1);
  expect(r.second.status).toBe(r.first.status);
  expect(r.second.headers.get('idempotent-replay')).toBe('true');
  const withheld = WITHHELD_ON_REPLAY[opKey] ?? [];
  const first = withheld.length ? (JSON.parse(r.firstText) as Record<string, unknown>) : null;
  if (first) {
    for (const k of withheld) expect(first[k], k).toEqual(expect.any(String));
    expect(JSON.parse(r.secondText)).toEqual({ ...first, ...Object.fromEntries(withheld.map((k) => [k, null])) });
  } else expect(r.secondText).toBe(r.firstText);
  // The retry acted on nothing: no row, no feed entry; only its own audit row (replayed: true).
  expect(r.after.rows).toEqual(r.between.rows);
  expect(r.after.feedPosition).toBe(r.between.feedPosition);
  expect(r.after.auditRows - r.between.auditRows).toBe(1);
}

describe('idempotency on every write', () => {
  it('knows every write operation of the OpenAPI document, and no other', async () => {
    const documented = (await documentedOperations(t.url)).filter((o) => o.method !== 'GET').map((o) => o.key);
    expect(documented.length).toBeGreaterThan(40);
    expect(documented.filter((k) => !(k in catalogue))).toEqual([]);
    expect(writes.filter((k) => !documented.includes(k))).toEqual([]);
    expect(replaying.length).toBeGreaterThan(30);
  });

  it.each(replaying)('%s replays its first answer to a retry with the same key', async (opKey) => {
    await assertReplays(opKey);
  });

  it.each([...NATURAL_KEY])('%s answers a retried fix as a duplicate and stores it once', async (opKey) => {
    const r = await twice(opKey, `replay-${crypto.randomUUID()}`);
    expect(r.first.status, r.firstText).toBeLessThan(300);
    expect(r.secondText).toContain('duplicate');
    expect(r.after.rows).toEqual(r.between.rows);
  });

  it('refuses a key reused for a different request with 422, changing nothing', async () => {
    const key = `reuse-${crypto.randomUUID()}`;
    const first = await caller.send('administrator', 'POST', '/api/agreements', { name: 'one', agencyIds: ['champaign-911', 'champaign-ed'], purposes: ['reporting'], fieldClasses: ['operational'], startsAt: new Date().toISOString() }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const before = await state();
    const other = await caller.send('administrator', 'POST', '/api/agreements', { name: 'two', agencyIds: ['champaign-911', 'champaign-ed'], purposes: ['reporting'], fieldClasses: ['operational'], startsAt: new Date().toISOString() }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
    expect((await state()).rows).toEqual(before.rows);
  });
});

describe('one key limit on every write', () => {
  const BAD_KEYS: [string, string, string][] = [
    ['too long', 'k'.repeat(129), 'max'],
    ['too short', 'short', 'min'],
    ['other characters', 'a key with spaces and é', 'format'],
  ];

  it.each(writes)('%s refuses a malformed Idempotency-Key with 400 naming the header and the rule, changing nothing', async (opKey) => {
    const op = catalogue[opKey]!;
    const { method } = parts(opKey);
    const req = await op.request();
    for (const [what, key, rule] of BAD_KEYS) {
      const before = await state();
      const res = await caller.send(op.role, method, req.url, req.body, { ...req.headers, 'idempotency-key': key });
      const body = (await res.json()) as { error: { code: string; issues?: { field: string; rule: string }[] } };
      expect(res.status, `${what}: ${JSON.stringify(body)}`).toBe(400);
      expect(body.error.issues).toEqual([expect.objectContaining({ field: 'headers.idempotency-key', rule })]);
      const after = await state();
      expect(after.rows).toEqual(before.rows);
      expect(after.feedPosition).toBe(before.feedPosition);
      // A refused write leaves its audit row only.
      expect(after.auditRows - before.auditRows, what).toBe(1);
    }
  });
});
