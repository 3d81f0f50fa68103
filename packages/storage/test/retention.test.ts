import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, type Database } from '../src/index.ts';
import { openTestDatabase, type TestDatabase } from './harness.ts';
import { buildReceived, newId, seedTenancy } from './builders.ts';

// Retention (ADR 0023), part of the contract every storage path keeps: CI runs it on PGlite and PostgreSQL.
let t: TestDatabase;
let store: Store;
const HOUR = 3_600_000;
const now = Date.now();
const entry = (id: string) => ({ entityType: 'incident', entityId: id, version: 1, regionId: 'r-test', agencyId: 'a-test' });

/** Publishes n feed rows and dates them `hoursAgo` back, as if committed then. */
async function publishAged(n: number, hoursAgo: number): Promise<number[]> {
  const positions = await store.transaction((tx) => tx.feed.publish(Array.from({ length: n }, (_, i) => entry(`aged-${hoursAgo}-${i}`))));
  await t.database.db.updateTable('change_feed').set({ committed_at: new Date(now - hoursAgo * HOUR) }).where('position', 'in', positions).execute();
  return positions;
}

async function addUnit(id: string, status = 'available'): Promise<void> {
  await store.read.units.upsert({ id, agencyId: 'a-test', name: id, model: 'program_590_mcrt', composition: [], partnerAgencyIds: [], home: { lat: 40.11, lon: -88.24, label: null } });
  await t.database.db.updateTable('units').set({ status }).where('id', '=', id).execute();
}

/** Whether the plan of `query` (with sequential scans priced out) reads `index`. */
async function usesIndex(db: Database, query: string, index: string): Promise<boolean> {
  return db.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${sql.raw(query)}`.execute(trx);
    return rows.some((r) => r['QUERY PLAN'].includes(index));
  });
}

beforeAll(async () => {
  t = await openTestDatabase();
  store = new Store(t.database, t.feedChannel);
  await store.transaction((tx) => seedTenancy(tx));
});
afterAll(() => t.cleanup());

describe('feed retention', () => {
  it('removes rows committed before the cutoff in bounded batches and raises the horizon past them', async () => {
    const old = await publishAged(5, 30);
    const kept = await publishAged(3, 1);
    expect(old.length).toBe(5);
    const cutoff = new Date(now - 24 * HOUR);
    expect(await store.read.retention.countPrunable(cutoff, new Date(0))).toEqual({ feed: 5, positions: 0 });

    const first = await store.read.retention.pruneFeedBatch(cutoff, 2);
    expect(first).toEqual({ rows: 2, throughPosition: old[1] });
    expect(await store.read.retention.feedHorizon()).toBe(old[1]);
    let rest = 0;
    for (let done = await store.read.retention.pruneFeedBatch(cutoff, 2); done.rows > 0; done = await store.read.retention.pruneFeedBatch(cutoff, 2)) rest += done.rows;
    expect(rest).toBe(3);

    expect(await store.read.retention.feedHorizon()).toBe(old.at(-1));
    const left = await store.read.feed.after(0, 100);
    expect(left.map((e) => e.position)).toEqual(kept);
    // A resume from the horizon is whole: every later change, once.
    expect((await store.read.feed.after(old.at(-1)!, 100)).map((e) => e.position)).toEqual(kept);
  });

  it('keeps the head where it was when the whole feed is pruned, so positions never run backwards', async () => {
    const [last] = (await publishAged(1, 48)).slice(-1);
    await t.database.db.updateTable('change_feed').set({ committed_at: new Date(now - 48 * HOUR) }).execute();
    const done = await store.read.retention.pruneFeedBatch(new Date(now - 24 * HOUR), 1000);
    expect(done.rows).toBeGreaterThan(0);
    expect(await store.read.feed.after(0, 10)).toEqual([]);
    expect(await store.read.feed.head()).toBe(last);
    expect(await store.read.retention.feedHorizon()).toBe(last);
    const [next] = await store.transaction((tx) => tx.feed.publish([entry('after-empty')]));
    expect(next).toBeGreaterThan(last!);
  });

  it('never lowers the horizon', async () => {
    const before = await store.read.retention.feedHorizon();
    expect(before).toBeGreaterThan(0);
    expect(await store.read.retention.pruneFeedBatch(new Date(0), 10)).toEqual({ rows: 0, throughPosition: 0 });
    expect(await store.read.retention.feedHorizon()).toBe(before);
  });

  it('lets several pruners run at once: they take disjoint rows and remove each exactly once', async () => {
    const old = await publishAged(40, 72);
    const other = process.env.TEST_DATABASE_URL ? new Store(await t.reopen(), t.feedChannel) : store;
    const cutoff = new Date(now - 24 * HOUR);
    const prune = async (s: Store) => {
      let n = 0;
      for (let done = await s.read.retention.pruneFeedBatch(cutoff, 5); done.rows > 0; done = await s.read.retention.pruneFeedBatch(cutoff, 5)) n += done.rows;
      return n;
    };
    const [a, b] = await Promise.all([prune(store), prune(other)]);
    expect(a + b).toBe(old.length);
    expect(await store.read.retention.feedHorizon()).toBe(old.at(-1));
  });

  it('finds the rows to prune through an index', async () => {
    expect(await usesIndex(t.database, `SELECT position FROM change_feed WHERE committed_at < now() ORDER BY committed_at LIMIT 1000`, 'change_feed_committed_idx')).toBe(true);
  });
});

describe('position retention', () => {
  it('tags a fix with the call its unit holds, and none between calls', async () => {
    const incidentId = newId();
    await store.transaction((tx) => tx.incidents.append(incidentId, null, [{ event: buildReceived(), reason: null }], { actorId: 'u-test', occurredAt: new Date(now) }));
    await addUnit('u-tag');
    const at = (m: number) => new Date(now - m * 60_000);
    expect(await store.read.unitStatus.recordFix('u-tag', { lat: 40.1, lon: -88.2, at: at(30) })).toBe('stored');
    await store.read.unitStatus.setCurrentIncident('u-tag', incidentId);
    expect(await store.read.unitStatus.recordFix('u-tag', { lat: 40.1, lon: -88.2, at: at(20) })).toBe('stored');
    expect((await store.read.unitStatus.recordFixes([{ unitId: 'u-tag', lat: 40.1, lon: -88.2, at: at(10) }])).size).toBe(1);
    const rows = await t.database.db.selectFrom('unit_positions').select(['at', 'incident_id']).where('unit_id', '=', 'u-tag').orderBy('at').execute();
    expect(rows.map((r) => r.incident_id)).toEqual([null, incidentId, incidentId]);
  });

  it('removes fixes between calls older than the cutoff and keeps every fix on a call, however old', async () => {
    await addUnit('u-old');
    const incidentId = newId();
    const day = (d: number) => new Date(now - d * 24 * HOUR);
    await t.database.db
      .insertInto('unit_positions')
      .values([
        ...[40, 39, 38].map((d) => ({ unit_id: 'u-old', at: day(d), lat: 40.1, lon: -88.2, incident_id: null })),
        ...[45, 44].map((d) => ({ unit_id: 'u-old', at: day(d), lat: 40.1, lon: -88.2, incident_id: incidentId })),
        { unit_id: 'u-old', at: day(2), lat: 40.1, lon: -88.2, incident_id: null },
      ])
      .execute();
    const cutoff = day(30);
    expect((await store.read.retention.countPrunable(new Date(0), cutoff)).positions).toBe(3);
    const first = await store.read.retention.prunePositionsBatch(cutoff, 2);
    const second = await store.read.retention.prunePositionsBatch(cutoff, 2);
    expect([first.rows, second.rows]).toEqual([2, 1]);
    const left = await store.read.unitStatus.trail('u-old', day(50), new Date(now));
    expect(left.map((p) => p.at.getTime())).toEqual([day(45), day(44), day(2)].map((d) => d.getTime()));
  });

  it('finds the fixes to prune through an index', async () => {
    expect(await usesIndex(t.database, `SELECT unit_id, at FROM unit_positions WHERE incident_id IS NULL AND at < now() ORDER BY at LIMIT 1000`, 'unit_positions_prunable_idx')).toBe(true);
  });
});
