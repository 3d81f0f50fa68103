import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideIncidentCommand, decideSubstanceUse } from '@continuum/domain';
import { migrate, Store } from '../src/index.ts';
import { openTestDatabase, type TestDatabase } from './harness.ts';
import { buildReceived, newId, seedTenancy } from './builders.ts';

// The contract every storage path must keep; CI runs it on PGlite and on PostgreSQL.
let t: TestDatabase;
let store: Store;
const actor = { actorId: 'u-test', occurredAt: new Date('2026-11-22T10:00:00Z') };

beforeAll(async () => {
  t = await openTestDatabase();
  store = new Store(t.database, t.feedChannel);
  await store.transaction((tx) => seedTenancy(tx));
});
afterAll(() => t.cleanup());

describe('migrations', () => {
  it('apply once: a second run applies nothing', async () => {
    const again = await migrate(t.database);
    expect(again.applied).toEqual([]);
    expect(again.current).toBeGreaterThanOrEqual(1);
  });
});

describe('incident event store', () => {
  it('appends events, keeps the projection in step, and rebuilds it from the events', async () => {
    const id = newId();
    const created = await store.transaction((tx) => tx.incidents.append(id, null, [{ event: buildReceived(), reason: null }], actor));
    expect(created.state.status).toBe('received');
    expect(created.state.version).toBe(1);

    const triage = decideIncidentCommand(created.state, { action: 'triage', level: 2, protocolVersion: 'il-irlm@1', factors: ['suicidal_thoughts_no_plan'] });
    await store.transaction((tx) => tx.incidents.append(id, created.state, triage, actor));

    const loaded = await store.read.incidents.get(id);
    expect(loaded).toMatchObject({ status: 'triaged', version: 2, triage: { level: 2, protocolVersion: 'il-irlm@1' } });
    expect(loaded?.location).toEqual({ address: '101 W Main St, Urbana, IL', lat: 40.1106, lon: -88.2073 });

    const events = await store.read.incidents.events(id);
    expect(events.map((e) => [e.sequence, e.type])).toEqual([
      [1, 'incident.received'],
      [2, 'incident.triaged'],
    ]);
    const rebuilt = await store.transaction((tx) => tx.incidents.rebuild(id));
    expect(rebuilt).toEqual(loaded);
  });

  it('refuses a second event with the same sequence, so two racing writers cannot both win', async () => {
    const id = newId();
    const created = await store.transaction((tx) => tx.incidents.append(id, null, [{ event: buildReceived(), reason: null }], actor));
    const decided = decideIncidentCommand(created.state, { action: 'cancel', reason: 'duplicate call' });
    await store.transaction((tx) => tx.incidents.append(id, created.state, decided, actor));
    // A writer that loaded the same stale state tries again.
    await expect(store.transaction((tx) => tx.incidents.append(id, created.state, decided, actor))).rejects.toThrow();
    expect((await store.read.incidents.events(id)).length).toBe(2);
  });

  it('rolls back every write of a failed transaction', async () => {
    const id = newId();
    await expect(
      store.transaction(async (tx) => {
        await tx.incidents.append(id, null, [{ event: buildReceived(), reason: null }], actor);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.read.incidents.get(id)).toBeNull();
    expect(await store.read.incidents.events(id)).toEqual([]);
  });

  it('lists the given agencies newest first', async () => {
    const list = await store.read.incidents.list({ agencyIds: ['a-test'], limit: 50 });
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list.every((i) => i.agencyId === 'a-test')).toBe(true);
  });
});

describe('the Part 2 stream', () => {
  it('appends with a version of its own and leaves the incident row and events as they were', async () => {
    const id = newId();
    const { state } = await store.transaction((tx) => tx.incidents.append(id, null, [{ event: buildReceived(), reason: null }], actor));
    const later = { ...actor, occurredAt: new Date('2026-11-22T10:05:00Z') };
    const first = await store.transaction((tx) => tx.part2.append(id, null, decideSubstanceUse(state, { note: 'a', programmeAgencyId: 'a-test' }), later));
    await store.transaction(async (tx) => tx.part2.append(id, await tx.part2.get(id, { lock: true }), decideSubstanceUse(state, { note: 'b', programmeAgencyId: 'a-test' }), later));
    expect(first.record.version).toBe(1);
    expect(await store.read.part2.get(id)).toEqual({ incidentId: id, programmeAgencyId: 'a-test', note: 'b', version: 2, updatedAt: later.occurredAt });
    expect((await store.read.part2.events(id)).map((e) => [e.sequence, e.data.note])).toEqual([[1, 'a'], [2, 'b']]);
    expect([...(await store.read.part2.recordsOf([id, newId()])).keys()]).toEqual([id]);
    expect(await store.read.incidents.get(id)).toMatchObject({ version: 1, updatedAt: actor.occurredAt });
    expect((await store.read.incidents.events(id)).map((e) => e.type)).toEqual(['incident.received']);
  });
});

describe('append-only tables', () => {
  it('refuse updates and deletes of audit rows and events, for everyone', async () => {
    await store.transaction((tx) =>
      tx.audit.write({
        at: new Date(), actorId: 'u-test', role: 'auditor', agencyId: 'a-test', action: 'test.write', outcome: 'allowed',
        resourceType: null, resourceId: null, fieldClasses: [], purpose: null, address: null, detail: {},
      }),
    );
    await expect(store.database.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(store.database.db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(store.database.db.deleteFrom('incident_events').execute()).rejects.toThrow(/append-only/);
    const rows = await store.read.audit.search({ action: 'test.write', limit: 10 });
    expect(rows).toHaveLength(1);
  });
});

describe('idempotency keys', () => {
  it('claim once, replay the stored answer, and refuse the key for a different request', async () => {
    const at = new Date();
    await store.transaction(async (tx) => {
      expect(await tx.idempotency.claim('u1', 'k1', 'h1', at)).toEqual({ kind: 'new' });
      await tx.idempotency.complete('u1', 'k1', 201, { id: 'x' });
    });
    expect(await store.transaction((tx) => tx.idempotency.claim('u1', 'k1', 'h1', at))).toEqual({ kind: 'replay', statusCode: 201, response: { id: 'x' } });
    expect(await store.transaction((tx) => tx.idempotency.claim('u1', 'k1', 'h2', at))).toEqual({ kind: 'mismatch' });
    // Keys are per actor: another user's identical key is a new request.
    expect(await store.transaction((tx) => tx.idempotency.claim('u2', 'k1', 'h1', at))).toEqual({ kind: 'new' });
  });

  it('a rolled-back claim leaves no key behind', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.idempotency.claim('u1', 'k-fail', 'h', new Date());
        throw new Error('write failed');
      }),
    ).rejects.toThrow();
    expect(await store.transaction((tx) => tx.idempotency.claim('u1', 'k-fail', 'h', new Date()))).toEqual({ kind: 'new' });
  });
});

describe('change feed', () => {
  it('gives positions in commit order and serves a resume from any position', async () => {
    const head = await store.read.feed.head();
    const entry = { entityType: 'incident', entityId: 'e1', version: 1, regionId: 'r-test', agencyId: 'a-test' };
    const [p1] = await store.transaction((tx) => tx.feed.publish([entry]));
    const [p2] = await store.transaction((tx) => tx.feed.publish([{ ...entry, version: 2 }]));
    expect(p2!).toBeGreaterThan(p1!);
    const after = await store.read.feed.after(head, 10);
    expect(after.map((e) => e.version)).toEqual([1, 2]);
    expect(await store.read.feed.head()).toBe(p2);
  });

  it('notifies listeners only when the transaction commits', async () => {
    const payloads: string[] = [];
    const stop = await t.database.listen(t.feedChannel, (p) => payloads.push(p));
    const entry = { entityType: 'incident', entityId: 'e2', version: 1, regionId: 'r-test', agencyId: 'a-test' };
    await expect(
      store.transaction(async (tx) => {
        await tx.feed.publish([entry]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow();
    const [p] = await store.transaction((tx) => tx.feed.publish([entry]));
    await expect.poll(() => payloads).toEqual([String(p)]);
    await stop();
  });
});
