import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideIncidentCommand } from '@continuum/domain';
import { MIGRATIONS_DIR, migrate, Store, type Database } from '../src/index.ts';
import { buildReceived, newId, seedTenancy } from './builders.ts';
import { openEmptyDatabase } from './harness.ts';

// Migration 0016 moves Part 2 recordings made as incident events into the Part 2 stream (ADR 0016).
// It runs here over data written as the schema before it held it, on PGlite and on PostgreSQL.
let db: Awaited<ReturnType<typeof openEmptyDatabase>>;
let dir: string;
const withPart2 = newId();
const without = newId();
const t0 = new Date('2026-11-22T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

async function writeOldStyle(database: Database) {
  const store = new Store(database, 'continuum_feed_migration');
  await store.transaction((tx) => seedTenancy(tx));
  for (const id of [withPart2, without]) {
    const { state } = await store.transaction((tx) => tx.incidents.append(id, null, [{ event: buildReceived(), reason: null }], { actorId: 'u1', occurredAt: at(0) }));
    const triage = decideIncidentCommand(state, { action: 'triage', level: 2, protocolVersion: 'p@1', factors: [] });
    await store.transaction((tx) => tx.incidents.append(id, state, triage, { actorId: 'u1', occurredAt: at(1) }));
  }
  // As the old code recorded it: an incident event, the incident's column, version and time, a feed row.
  const data = JSON.stringify({ note: 'methadone 80 mg', programmeAgencyId: 'a-test' });
  await sql`INSERT INTO incident_events (incident_id, sequence, type, occurred_at, actor_id, reason, data)
    VALUES (${withPart2}, 3, 'incident.substance_use_recorded', ${at(2)}, 'u2', 'intake note', ${data}::jsonb)`.execute(database.db);
  await sql`UPDATE incidents SET version = 3, updated_at = ${at(2)}, substance_use = ${data}::jsonb WHERE id = ${withPart2}`.execute(database.db);
  const current = (await store.read.incidents.get(withPart2))!;
  await store.transaction(async (tx) => {
    await tx.incidents.append(withPart2, current, decideIncidentCommand(current, { action: 'queue_for_dispatch' }), { actorId: 'u1', occurredAt: at(3) });
    await tx.feed.publish([2, 3, 4].map((version) => ({ entityType: 'incident', entityId: withPart2, version, regionId: 'r-test', agencyId: 'a-test' })));
  });
}

beforeAll(async () => {
  db = await openEmptyDatabase();
  dir = await mkdtemp(join(tmpdir(), 'continuum-migrations-'));
  // Every migration but 0016: the repository of today (numbers, districts, …) writes the data that
  // 0016 then finds, as it found it when it shipped; 0016 touches nothing the later ones made.
  for (const f of (await readdir(MIGRATIONS_DIR)).filter((f) => !f.startsWith('0016_'))) await cp(join(MIGRATIONS_DIR, f), join(dir, f));
  const before = await migrate(db.database, dir);
  expect(before.applied.length).toBeGreaterThan(15);
  expect(before.applied).not.toContain('0016_part2_stream.sql');
  await writeOldStyle(db.database);
  expect((await migrate(db.database)).applied).toContain('0016_part2_stream.sql');
}, 60_000);
afterAll(async () => {
  await db.cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe('migration 0016: Part 2 recordings leave the incident stream', () => {
  const store = () => new Store(db.database, 'continuum_feed_migration');

  it('renumbers the incident stream without a gap; version and time are those of its last remaining event', async () => {
    const events = await store().read.incidents.events(withPart2);
    expect(events.map((e) => [e.sequence, e.type])).toEqual([[1, 'incident.received'], [2, 'incident.triaged'], [3, 'incident.queued_for_dispatch']]);
    const incident = await store().read.incidents.get(withPart2);
    expect(incident).toMatchObject({ version: 3, updatedAt: at(3), status: 'awaiting_dispatch' });
    // The projection rebuilt from the events agrees.
    expect(await store().transaction((tx) => tx.incidents.rebuild(withPart2))).toMatchObject({ version: 3, updatedAt: at(3) });
  });

  it('keeps the recording in the Part 2 stream, numbered from 1, with its record', async () => {
    expect(await store().read.part2.events(withPart2)).toEqual([
      { incidentId: withPart2, sequence: 1, type: 'part2.substance_use_recorded', occurredAt: at(2), actorId: 'u2', reason: 'intake note', data: { note: 'methadone 80 mg', programmeAgencyId: 'a-test' } },
    ]);
    expect(await store().read.part2.get(withPart2)).toEqual({ incidentId: withPart2, programmeAgencyId: 'a-test', note: 'methadone 80 mg', version: 1, updatedAt: at(2) });
  });

  it('drops the feed row that announced the recording, and leaves an incident without Part 2 as it was', async () => {
    const feed = (await store().read.feed.after(0, 100)).filter((e) => e.entityId === withPart2).map((e) => e.version);
    expect(feed).toEqual([2, 4]);
    expect((await store().read.incidents.events(without)).map((e) => e.sequence)).toEqual([1, 2]);
    expect(await store().read.incidents.get(without)).toMatchObject({ version: 2, updatedAt: at(1) });
    expect(await store().read.part2.get(without)).toBeNull();
  });

  it('keeps the incident stream append-only afterwards', async () => {
    await expect(sql`DELETE FROM incident_events WHERE incident_id = ${without}`.execute(db.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE part2_events SET reason = 'x'`.execute(db.database.db)).rejects.toThrow(/append-only/);
  });
});
