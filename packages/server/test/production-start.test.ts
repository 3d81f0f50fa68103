import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../storage/test/harness.ts';
import { hashPassword } from '../src/auth/secrets.ts';
import { loadConfig, type AdminConfig, type ConfigInput } from '../src/config.ts';
import { DEMO_PASSWORD } from '../src/demo/demo-region.ts';
import { createUser, resetPassword, startServer, type RunningServer } from '../src/index.ts';
import { signIn } from './harness.ts';

// A production start (issue 16 §3, ADR 0021): the first administrator from settings, the demo
// only where asked for, and never the demo's public password outside the demo.
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function database(): Promise<TestDatabase> {
  const db = await openTestDatabase();
  cleanups.push(() => db.cleanup());
  return db;
}

const start = (db: TestDatabase, opts: ConfigInput = {}): Promise<RunningServer> =>
  startServer({ database: db.database, port: 0, host: '127.0.0.1', logLevel: 'silent', feedChannel: db.feedChannel, ...opts });

const ADMIN: AdminConfig = {
  username: 'first.admin', password: 'a long county passphrase', displayName: 'First Admin', agencyId: 'macon-hub',
  agencyName: 'Macon County Crisis Hub', agencyKind: 'mcrt_provider', regionId: 'il-macon', regionName: 'Macon County',
};

const auditCount = async (db: TestDatabase, action: string, outcome = 'allowed') =>
  (await db.database.db.selectFrom('audit_log').select('id').where('action', '=', action).where('outcome', '=', outcome).execute()).length;
const userCount = async (db: TestDatabase) => (await db.database.db.selectFrom('users').select('id').execute()).length;

describe('the embedded database keeps the demo as easy as before', () => {
  it('seeds the demo when nothing is said, and nothing with --no-demo', async () => {
    const demo = await startServer({ memory: true, port: 0, host: '127.0.0.1', logLevel: 'silent' });
    try {
      expect(demo.services.store.database.kind).toBe('pglite');
      expect(demo.demo?.seeded).toBe(true);
      expect(await demo.services.store.read.users.count()).toBeGreaterThan(5);
      expect((await signIn(demo.url, 'dispatcher')).role).toBe('crisis_dispatcher');
    } finally {
      await demo.close();
    }
    const empty = await startServer({ memory: true, port: 0, host: '127.0.0.1', logLevel: 'silent', seedDemo: false });
    try {
      expect(empty.demo).toBeNull();
      expect(await empty.services.store.read.users.count()).toBe(0);
    } finally {
      await empty.close();
    }
  }, 60_000);
});

describe('the first administrator from CONTINUUM_ADMIN_*', () => {
  it('is created once, audited, with its agency and region on an empty database; a restart does nothing', async () => {
    const db = await database();
    const first = await start(db, { seedDemo: false, admin: ADMIN });
    const admin = await signIn(first.url, ADMIN.username, ADMIN.password);
    expect(admin.role).toBe('administrator');
    expect(await first.services.store.read.users.memberships(admin.userId)).toMatchObject([{ agencyId: 'macon-hub', role: 'administrator', regionId: 'il-macon' }]);
    expect(await first.services.store.read.organisations.agency('macon-hub')).toMatchObject({ kind: 'mcrt_provider', name: 'Macon County Crisis Hub', regionId: 'il-macon' });
    // The administrator cannot hand out the demo's public password here: it would stop the next start.
    const demoPassword = await admin.post('/api/users', { username: 'kiosk', displayName: 'Kiosk', role: 'telecommunicator', agencyId: 'macon-hub', password: DEMO_PASSWORD });
    expect(demoPassword.status).toBe(400);
    expect(((await demoPassword.json()) as { error: { issues: unknown[] } }).error.issues).toEqual([{ field: 'password', rule: 'not_demo_password', message: "is the demo's public password; choose another" }]);
    await first.close();

    const again = await start(db, { seedDemo: false, admin: ADMIN });
    await again.close();
    expect(await userCount(db)).toBe(1);
    expect(await auditCount(db, 'user.create')).toBe(1);
    // The refused one left its audit row only.
    expect(await auditCount(db, 'user.create', 'failed') + await auditCount(db, 'user.create', 'denied')).toBe(1);
    expect(await auditCount(db, 'agency.create')).toBe(1);
    expect(await auditCount(db, 'region.create')).toBe(1);
  });

  it('takes an existing agency, and then needs no region or agency settings; the demo is not seeded beside it', async () => {
    const db = await database();
    await db.database.db.insertInto('regions').values({ id: 'il-dewitt', kind: 'ems_region', name: 'DeWitt County' }).execute();
    await db.database.db.insertInto('agencies').values({ id: 'dewitt-mcrt', region_id: 'il-dewitt', kind: 'mcrt_provider', name: 'DeWitt MCRT' }).execute();
    const { username, password, displayName } = ADMIN;
    // seedDemo unset on the embedded database means demo mode: the administrator comes first, and
    // a database with an account is never seeded.
    const server = await start(db, { ...(db.database.kind === 'postgres' ? { seedDemo: true } : {}), admin: { username, password, displayName, agencyId: 'dewitt-mcrt' } });
    try {
      expect(server.demo).toBeNull();
      expect(await userCount(db)).toBe(1);
      // No demo sign-ins offered on the sign-in page of a database that is not the demo's.
      expect(await (await fetch(`${server.url}/api/meta`)).json()).toMatchObject({ demo: false, demoSignIns: [] });
      expect((await signIn(server.url, username, password)).role).toBe('administrator');
    } finally {
      await server.close();
    }
  });

  it('stops start-up naming the missing setting, and writes nothing', async () => {
    const partial = { CONTINUUM_ADMIN_USERNAME: 'first.admin', CONTINUUM_ADMIN_PASSWORD: 'short' };
    expect(() => loadConfig({}, partial)).toThrow(/admin\.displayName \(CONTINUUM_ADMIN_NAME\): is required/);
    expect(() => loadConfig({}, partial)).toThrow(/admin\.agencyId \(CONTINUUM_ADMIN_AGENCY\): is required/);
    expect(() => loadConfig({}, partial)).toThrow(/admin\.password \(CONTINUUM_ADMIN_PASSWORD\): must be at least 12 characters/);
    const whole = { ...partial, CONTINUUM_ADMIN_PASSWORD: ADMIN.password, CONTINUUM_ADMIN_NAME: 'First Admin', CONTINUUM_ADMIN_AGENCY: 'macon-hub' };
    expect(loadConfig({}, whole).admin).toEqual({ username: 'first.admin', password: ADMIN.password, displayName: 'First Admin', agencyId: 'macon-hub' });

    const db = await database();
    const { regionName: _r, ...noRegionName } = ADMIN;
    await expect(start(db, { seedDemo: false, admin: noRegionName })).rejects.toThrow(/admin\.regionName \(CONTINUUM_ADMIN_REGION_NAME\): is required when the database has no agencies/);
    await expect(start(db, { seedDemo: false, admin: { ...ADMIN, agencyKind: 'castle' } })).rejects.toThrow(/CONTINUUM_ADMIN_AGENCY_KIND\): must be one of state_agency/);
    // The password rules beyond length, named by their setting too.
    await expect(start(db, { seedDemo: false, admin: { ...ADMIN, password: 'first.admin-1234' } })).rejects.toThrow(/CONTINUUM_ADMIN_PASSWORD\): /);
    expect(await userCount(db)).toBe(0);
    await db.database.db.insertInto('regions').values({ id: 'il-piatt', kind: 'ems_region', name: 'Piatt County' }).execute();
    await db.database.db.insertInto('agencies').values({ id: 'piatt-mcrt', region_id: 'il-piatt', kind: 'mcrt_provider', name: 'Piatt MCRT' }).execute();
    await expect(start(db, { seedDemo: false, admin: ADMIN })).rejects.toThrow(/admin\.agencyId \(CONTINUUM_ADMIN_AGENCY\): no agency "macon-hub" in this database; its agencies include piatt-mcrt/);
    expect(await userCount(db)).toBe(0);
    expect(await db.database.db.selectFrom('agencies').select('id').execute()).toEqual([{ id: 'piatt-mcrt' }]);
  });
});

describe("the demo's public password outside the demo", () => {
  it('stops start-up, naming the accounts and the command, until their passwords change', async () => {
    const db = await database();
    const server = await start(db, { seedDemo: false, admin: ADMIN });
    const { services } = server;
    await server.close();
    // Refused when set: an account with it would stop the next start.
    const refused = createUser(services, 'system', { username: 'kiosk', displayName: 'Kiosk', role: 'telecommunicator', agencyId: 'macon-hub', password: DEMO_PASSWORD });
    await expect(refused).rejects.toMatchObject({ code: 'validation_failed', issues: [{ field: 'password', rule: 'not_demo_password' }] });
    const admin = (await services.store.read.users.byUsername(ADMIN.username))!;
    await expect(resetPassword(services, 'system', admin.id, DEMO_PASSWORD)).rejects.toMatchObject({ issues: [{ field: 'password', rule: 'not_demo_password' }] });

    // An account whose demo password was set before the flag existed (an earlier version).
    await db.database.db.insertInto('users').values({ id: 'u-old', username: 'old.telecom', display_name: 'Old', password_hash: await hashPassword(DEMO_PASSWORD), password_is_demo: null }).execute();
    await db.database.db.insertInto('memberships').values({ user_id: 'u-old', agency_id: 'macon-hub', role: 'telecommunicator' }).execute();
    const message = /Refusing to start: 1 account\(s\) can sign in with the demo's public password \("continuum-demo"\): old\.telecom\.[\s\S]*continuum user reset-password --username NAME/;
    await expect(start(db, { seedDemo: false })).rejects.toThrow(message);
    // Verified once, then remembered: the next start reads the flag.
    expect((await db.database.db.selectFrom('users').select('password_is_demo').where('id', '=', 'u-old').executeTakeFirstOrThrow()).password_is_demo).toBe(true);
    expect((await db.database.db.selectFrom('users').select('password_is_demo').where('id', '=', admin.id).executeTakeFirstOrThrow()).password_is_demo).toBe(false);
    await expect(start(db, { seedDemo: false })).rejects.toThrow(message);

    await resetPassword(services, 'system', 'u-old', 'a brand new passphrase');
    const fixed = await start(db, { seedDemo: false });
    try {
      expect((await signIn(fixed.url, 'old.telecom', 'a brand new passphrase')).role).toBe('telecommunicator');
    } finally {
      await fixed.close();
    }
  });

  it('is allowed on the demo: a demo database starts again without --demo', async () => {
    const db = await database();
    const seeded = await start(db, { seedDemo: true });
    expect(seeded.demo?.seeded).toBe(true);
    expect(await seeded.services.store.read.organisations.demoMarker()).toMatchObject({ regionId: 'il-ems-6' });
    await seeded.close();
    const plain = await start(db, { seedDemo: false });
    try {
      expect((await signIn(plain.url, 'telecom', DEMO_PASSWORD)).role).toBe('telecommunicator');
    } finally {
      await plain.close();
    }
  });

  it('a demo an earlier version seeded (no marker) starts only when started as a demo', async () => {
    const db = await database();
    await (await start(db, { seedDemo: true })).close();
    await db.database.db.deleteFrom('demo_marker').execute();
    await db.database.db.updateTable('users').set({ password_is_demo: null }).execute();
    await expect(start(db, { seedDemo: false })).rejects.toThrow(/Refusing to start: \d+ account\(s\)[\s\S]*admin, [\s\S]*start it with --demo/);
    const adopted = await start(db, { seedDemo: true });
    try {
      expect(await adopted.services.store.read.organisations.demoMarker()).toMatchObject({ regionId: 'il-ems-6' });
    } finally {
      await adopted.close();
    }
  });
});
