import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import type { OnboardingPlan } from '@continuum/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRegionalAdmin } from '../src/index.ts';
import { signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// The documented example set (docs/examples/second-county) on a fresh database, as its README
// walks an administrator through it: the first administrator from CONTINUUM_ADMIN_*, a regional
// grant, then each file with a dry run first; importing it again changes nothing, and its staff sign in.
const DIR = resolve(import.meta.dirname, '../../../docs/examples/second-county');
const file = (name: string) => readFileSync(resolve(DIR, name), 'utf8');

/** The example's shifts are a template week (from 4 January 2027): moved whole weeks ahead so they are still to come. */
function shiftsFromNextWeek(text: string, now: Date): string {
  const base = Date.parse('2027-01-04T00:00:00-06:00');
  const week = 7 * 86_400_000;
  const delta = now.getTime() < base - week ? 0 : (Math.ceil((now.getTime() - base) / week) + 1) * week;
  return text.replace(/\d{4}-\d{2}-\d{2}T[\d:]+-06:00/g, (ts) => new Date(Date.parse(ts) + delta).toISOString());
}

const ADMIN = { username: 'k.alvarez', password: 'vermilion-onboarding-2026', displayName: 'Kim Alvarez', agencyId: 'vermilion-911', agencyName: 'Vermilion County 911', agencyKind: 'psap', regionId: 'il-vermilion', regionName: 'Vermilion County' };
const TABLES = ['agencies', 'users', 'memberships', 'units', 'unit_crew', 'unit_shifts', 'facilities'] as const;

let t: TestServer;
let admin: Session;

const counts = async () => {
  const out: Record<string, number> = {};
  for (const table of TABLES) out[table] = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.db.database.db)).rows[0]!.n);
  return out;
};

const post = async (kind: string, body: string, dryRun: boolean): Promise<{ status: number; plan: OnboardingPlan }> => {
  const type = kind === 'facilities' ? 'application/json' : 'text/csv';
  const res = await admin.post(`/api/onboarding/${kind}?dryRun=${dryRun}`, body, { 'content-type': type });
  return { status: res.status, plan: (await res.json()) as OnboardingPlan };
};

const FILES: [kind: string, body: () => string, expected: OnboardingPlan['counts']][] = [
  // The administrator's own agency exists (from CONTINUUM_ADMIN_*): the file changes its name and adds its county.
  ['agencies', () => file('agencies.csv'), { create: 7, change: 1, unchanged: 0 }],
  ['users', () => file('users.csv'), { create: 13, change: 0, unchanged: 0 }],
  ['units', () => file('units.csv'), { create: 5, change: 0, unchanged: 0 }],
  ['crews', () => file('crews.csv'), { create: 5, change: 0, unchanged: 0 }],
  ['shifts', () => shiftsFromNextWeek(file('shifts.csv'), new Date()), { create: 8, change: 0, unchanged: 0 }],
  ['facilities', () => file('facilities.json'), { create: 3, change: 0, unchanged: 0 }],
];

beforeAll(async () => {
  t = await startTestServer({ seedDemo: false, config: { admin: ADMIN } });
  const user = (await t.server.services.store.read.users.byUsername(ADMIN.username))!;
  await grantRegionalAdmin(t.server.services, 'system', { userId: user.id, regionId: ADMIN.regionId, reason: 'onboarding Vermilion County' });
  admin = await signIn(t.url, ADMIN.username, ADMIN.password);
});
afterAll(async () => t?.close());

describe('the second county from its documented files', () => {
  it('dry-runs each file (writing nothing), imports it, and a second import changes nothing', async () => {
    expect(FILES.length).toBe(6);
    for (const [kind, body, expected] of FILES) {
      const before = await counts();
      const dry = await post(kind, body(), true);
      expect(dry.status, `${kind} dry run: ${JSON.stringify(dry.plan)}`).toBe(200);
      expect(dry.plan).toMatchObject({ kind, dryRun: true, counts: expected });
      if (kind === 'agencies') {
        // The administrator's own agency, from CONTINUUM_ADMIN_*: its name and place change, field by field.
        const own = dry.plan.entries.find((e) => e.key === 'vermilion-911')!;
        expect(own).toMatchObject({ line: 2, action: 'change' });
        expect(own.changes.map((c) => c.field)).toEqual(['name', 'countyFips', 'lat', 'lon', 'contactName', 'contactPhone', 'contactEmail', 'contactAddress']);
        expect(own.changes[0]).toEqual({ field: 'name', before: 'Vermilion County 911', after: 'Vermilion County Emergency Telephone System (911)' });
      }
      expect(await counts(), `${kind}: a dry run writes nothing`).toEqual(before);
      const applied = await post(kind, body(), false);
      expect(applied.status).toBe(200);
      expect(applied.plan).toMatchObject({ kind, dryRun: false, counts: expected });
    }
    const agencies = await post('agencies', file('agencies.csv'), true);
    expect(agencies.plan.counts).toEqual({ create: 0, change: 0, unchanged: 8 });
    for (const [kind, body, expected] of FILES) {
      const again = await post(kind, body(), true);
      expect(again.plan.counts, kind).toEqual({ create: 0, change: 0, unchanged: expected.create + expected.change + expected.unchanged });
    }
  });

  it('exports every kind in the shape import reads: importing the export leaves everything alone', async () => {
    for (const [kind] of FILES) {
      const format = kind === 'facilities' ? 'json' : 'csv';
      const res = await admin.get(`/api/onboarding/${kind}?format=${format}`);
      expect(res.status).toBe(200);
      const exported = await res.text();
      const again = await post(kind, exported, true);
      expect(again.status, `${kind}: ${JSON.stringify(again.plan)}`).toBe(200);
      expect(again.plan.counts.create + again.plan.counts.change, kind).toBe(0);
      expect(again.plan.counts.unchanged, kind).toBeGreaterThan(0);
    }
  });

  it('lets a member of its staff sign in once an administrator sets a first password', async () => {
    const refused = await fetch(`${t.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'l.moreno', password: 'anything-at-all-1' }) });
    expect(refused.status).toBe(401);
    const user = (await t.server.services.store.read.users.byUsername('l.moreno'))!;
    const reset = await admin.post(`/api/users/${user.id}/password`, { password: 'kestrel-harbour-lantern-42' });
    expect(reset.status).toBe(200);
    const clinician = await signIn(t.url, 'l.moreno', 'kestrel-harbour-lantern-42');
    expect(clinician.role).toBe('mcrt_clinician');
    const me = await (await clinician.get('/api/units')).json() as { units?: { id: string }[] } | { id: string }[];
    expect(JSON.stringify(me)).toContain('VM-1');
  });
});
