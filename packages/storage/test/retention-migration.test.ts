import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, Store } from '../src/index.ts';
import { buildReceived, newId, seedTenancy } from './builders.ts';
import { openEmptyDatabase } from './harness.ts';

// The retention migration tags the fixes already stored inside an assignment window of an
// incident's response as that incident's trail, so the first prune cannot take them (ADR 0023).
let db: Awaited<ReturnType<typeof openEmptyDatabase>>;
let dir: string;
const incidentId = newId();
const t0 = new Date('2026-06-01T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

beforeAll(async () => {
  db = await openEmptyDatabase();
  dir = await mkdtemp(join(tmpdir(), 'continuum-migrations-'));
  const files = (await readdir(MIGRATIONS_DIR)).sort();
  const retention = files.find((f) => f.endsWith('_retention.sql'))!;
  expect(retention).toBeDefined();
  // Every migration but the retention one: the repository of today writes the data it then finds.
  for (const f of files.filter((f) => f !== retention)) await cp(join(MIGRATIONS_DIR, f), join(dir, f));
  await migrate(db.database, dir);

  const store = new Store(db.database, 'continuum_feed_retention_migration');
  await store.transaction((tx) => seedTenancy(tx));
  await store.transaction((tx) => tx.incidents.append(incidentId, null, [{ event: buildReceived(), reason: null }], { actorId: 'u1', occurredAt: at(0) }));
  for (const unit of ['u-a', 'u-b']) {
    await store.read.units.upsert({ id: unit, agencyId: 'a-test', name: unit, model: 'program_590_mcrt', composition: [], partnerAgencyIds: [], home: { lat: 40.1, lon: -88.2, label: null } });
  }
  // u-a was on the call from minute 10 to 20 (cleared); u-b from minute 15 and still is.
  const response = { assignments: [
    { unitId: 'u-a', assignedAt: at(10).toISOString(), clearedAt: at(20).toISOString(), releasedAt: null },
    { unitId: 'u-b', assignedAt: at(15).toISOString(), clearedAt: null, releasedAt: null },
  ] };
  await sql`UPDATE incidents SET response = ${JSON.stringify(response)}::jsonb WHERE id = ${incidentId}`.execute(db.database.db);
  for (const [unit, minute] of [['u-a', 5], ['u-a', 10], ['u-a', 15], ['u-a', 20], ['u-a', 25], ['u-b', 14], ['u-b', 16], ['u-b', 600]] as const) {
    await sql`INSERT INTO unit_positions (unit_id, at, lat, lon) VALUES (${unit}, ${at(minute)}, 40.1, -88.2)`.execute(db.database.db);
  }
  expect((await migrate(db.database)).applied).toContain(retention);
}, 60_000);
afterAll(async () => {
  await db.cleanup();
  await rm(dir, { recursive: true, force: true });
});

it('tags each stored fix inside an assignment window with its incident, and leaves the others untagged', async () => {
  const { rows } = await sql<{ unit_id: string; at: Date; incident_id: string | null }>`SELECT unit_id, at, incident_id FROM unit_positions ORDER BY unit_id, at`.execute(db.database.db);
  expect(rows.map((r) => [r.unit_id, (new Date(r.at).getTime() - t0.getTime()) / 60_000, r.incident_id])).toEqual([
    ['u-a', 5, null], ['u-a', 10, incidentId], ['u-a', 15, incidentId], ['u-a', 20, incidentId], ['u-a', 25, null],
    ['u-b', 14, null], ['u-b', 16, incidentId], ['u-b', 600, incidentId],
  ]);
  // Nothing pruned yet: every stored feed position is still a whole resume.
  const horizon = await db.database.db.selectFrom('change_feed_horizon').select('pruned_through').execute();
  expect(horizon.map((h) => Number(h.pruned_through))).toEqual([0]);
});
