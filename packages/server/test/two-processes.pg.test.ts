import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeed, type FeedProbe } from './feed-client.ts';
import { buildIncidentInput, freePort, signIn, type Session } from './harness.ts';

/*
 * Two separate server processes (`continuum start`, each its own Node process, as a deployment
 * runs them behind a proxy) on one PostgreSQL database. Everything one process decides must act
 * on the other's consoles: writes, revoked tokens, disabled accounts, ended agreements, positions;
 * and one process restarting must not stop the other serving. The `postgres` project only.
 */
if (!process.env.TEST_DATABASE_URL) throw new Error('two-processes tests need TEST_DATABASE_URL');

const CLI = fileURLToPath(new URL('../../cli/bin/continuum.mjs', import.meta.url));
const COUNTY_AGREEMENT = '6b3f1c2e-0d4a-4c55-9a11-2b7e5c0a0001';
const dbName = `continuum_two_${Date.now()}_${process.pid}`;
const admin = new URL(process.env.TEST_DATABASE_URL);
const dbUrl = (() => {
  const u = new URL(process.env.TEST_DATABASE_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

interface Proc {
  url: string;
  port: number;
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

const procs: Proc[] = [];

/** `continuum start` in a process of its own; resolves once /readyz answers 200. */
async function startProcess(port: number, ...extra: string[]): Promise<Proc> {
  const child = spawn(process.execPath, [CLI, 'start', '--port', String(port), '--host', '127.0.0.1', '--database-url', dbUrl, ...extra], {
    env: { ...process.env, DATABASE_URL: '', CONTINUUM_PRUNE_EVERY_MINUTES: '0', CONTINUUM_DEMO_HISTORY_DAYS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const p: Proc = { url: `http://127.0.0.1:${port}`, port, child, output, exited };
  procs.push(p);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`continuum start exited ${child.exitCode}:\n${output.join('')}`);
    const ok = await fetch(`${p.url}/readyz`).then((r) => r.status === 200, () => false);
    if (ok) return p;
    if (Date.now() > deadline) throw new Error(`continuum start not ready in 120 s:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stopProcess(p: Proc): Promise<number | null> {
  if (p.child.exitCode === null) p.child.kill('SIGTERM');
  return p.exited;
}

async function onAdminDb(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The command line is one more process on the database. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args, '--database-url', dbUrl], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

let a: Proc;
let b: Proc;
const feeds: FeedProbe[] = [];
const feedOn = async (p: Proc, opts: Parameters<typeof openFeed>[1]) => {
  const f = await openFeed(p.url, opts);
  feeds.push(f);
  await f.waitFor((m) => m.type === 'ready');
  return f;
};
const createIncident = async (s: Session) => {
  const res = await s.post('/api/incidents', buildIncidentInput());
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
};

beforeAll(async () => {
  await onAdminDb(`CREATE DATABASE ${dbName}`);
  // One process migrates and seeds the demo first; the second then finds both done.
  a = await startProcess(await freePort(), '--demo');
  b = await startProcess(await freePort(), '--demo');
}, 300_000);

afterAll(async () => {
  for (const f of feeds) f.close();
  await Promise.all(procs.map(stopProcess));
  await onAdminDb(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
}, 120_000);

describe('two server processes on one PostgreSQL database', () => {
  it('are separate operating-system processes', () => {
    expect(a.child.pid).toBeGreaterThan(0);
    expect(b.child.pid).toBeGreaterThan(0);
    expect(a.child.pid).not.toBe(b.child.pid);
    expect(a.child.pid).not.toBe(process.pid);
  });

  it('a console on one hears a call written through the other, and reads it there', async () => {
    const dispatcher = await signIn(b.url, 'dispatcher');
    const feed = await feedOn(b, { cookie: dispatcher.cookie });
    const telecom = await signIn(a.url, 'telecom');
    const id = await createIncident(telecom);
    await feed.waitFor((m) => m.type === 'invalidate' && m.id === id, 10_000);
    const read = await dispatcher.get(`/api/incidents/${id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { id: string }).id).toBe(id);
  });

  it('a position sent to one reaches the board read from the other, and is pushed to its feed', async () => {
    const clinician = await signIn(a.url, 'clinician');
    const at = new Date(Date.now() + 2_000).toISOString();
    const dispatcher = await signIn(b.url, 'dispatcher');
    const before = ((await (await dispatcher.get('/api/units')).json()) as { items: { id: string; position?: { lat: number; lon: number } }[] }).items;
    const unit = before.find((u) => u.id === 'champaign-mcrt-1');
    expect(unit?.position).toBeTruthy();
    const board = await feedOn(b, { cookie: dispatcher.cookie });
    const fix = { lat: unit!.position!.lat + 0.0004, lon: unit!.position!.lon, accuracy: 6, at };
    const sent = await clinician.post('/api/units/champaign-mcrt-1/positions', fix);
    expect(sent.status).toBe(201);
    // Pushed to the board on the other process too (ADR 0038): relayed by NOTIFY, not polled.
    const pushed = await board.waitFor((m) => m.type === 'positions.update', 10_000);
    expect(pushed).toEqual({ type: 'positions.update', items: [{ unitId: 'champaign-mcrt-1', lat: fix.lat, lon: fix.lon, at, accuracy: 6, heading: null, speed: null }] });
    const after = ((await (await dispatcher.get('/api/units')).json()) as { items: { id: string; position?: { lat: number; lon: number; at: string } }[] }).items;
    expect(after.find((u) => u.id === 'champaign-mcrt-1')?.position).toMatchObject({ lat: fix.lat, lon: fix.lon, at });
  });

  it('a token revoked through one closes its feed on the other at once', async () => {
    const clinician = await signIn(a.url, 'clinician');
    const created = await clinician.post('/api/tokens', { name: 'tablet', scopes: ['incident.read', 'feed.subscribe'], expiresInDays: 1 });
    expect(created.status).toBe(201);
    const token = (await created.json()) as { id: string; token: string };
    const feed = await feedOn(b, { token: token.token });
    const revoked = await fetch(`${a.url}/api/tokens/${token.id}`, { method: 'DELETE', headers: { cookie: clinician.cookie, 'x-csrf-token': clinician.csrf, 'idempotency-key': randomUUID() } });
    expect(revoked.status).toBe(204);
    expect(await feed.closed).toBe(4401);
    const refused = await fetch(`${b.url}/api/incidents?limit=1`, { headers: { authorization: `Bearer ${token.token}` } });
    expect(refused.status).toBe(401);
  });

  it('an account disabled through one (and from the command line) is signed out of the other', async () => {
    const made = await cli(['user', 'add', '--username', 'mcrt.admin', '--name', 'Mina Admin', '--role', 'administrator', '--agency', 'champaign-mcrt'], { CONTINUUM_PASSWORD: 'blue-heron-passphrase' });
    expect(made.code, made.out).toBe(0);
    const mcrtAdmin = await signIn(a.url, 'mcrt.admin', 'blue-heron-passphrase');
    const peer = await signIn(b.url, 'peer');
    const feed = await feedOn(b, { cookie: peer.cookie });
    const disabled = await mcrtAdmin.post(`/api/users/${peer.userId}/disable`, { reason: 'left the team' });
    expect(disabled.status).toBe(200);
    expect(await feed.closed).toBe(4401);
    expect((await peer.get('/api/session')).status).toBe(401);

    const clinician = await signIn(b.url, 'clinician');
    const clinicianFeed = await feedOn(b, { cookie: clinician.cookie });
    const byCli = await cli(['user', 'disable', '--username', 'clinician', '--reason', 'from the command line']);
    expect(byCli.code, byCli.out).toBe(0);
    expect(await clinicianFeed.closed).toBe(4401);
  });

  it('an agreement ended through one stops the other delivering the partner agency its calls', async () => {
    const dispatcher = await signIn(b.url, 'dispatcher');
    const telecom = await signIn(a.url, 'telecom');
    const adminSession = await signIn(a.url, 'admin');
    const shared = await feedOn(b, { cookie: dispatcher.cookie });
    const before = await createIncident(telecom);
    await shared.waitFor((m) => m.type === 'invalidate' && m.id === before, 10_000);

    expect((await adminSession.post(`/api/agreements/${COUNTY_AGREEMENT}/end`, { reason: 'agreement lapsed pending renewal' })).status).toBe(200);
    const own = await feedOn(b, { cookie: (await signIn(b.url, 'telecom')).cookie });
    const after = await createIncident(telecom);
    // The telecommunicator's own console on the other process hears it; the partner's must not.
    await own.waitFor((m) => m.type === 'invalidate' && m.id === after, 10_000);
    expect(shared.messages.some((m) => m.type === 'invalidate' && m.id === after)).toBe(false);
    expect((await dispatcher.get(`/api/incidents/${after}`)).status).toBe(404);
  });

  it('one process restarts while the other keeps serving, and comes back level with it', async () => {
    const telecomB = await signIn(b.url, 'telecom');
    const telecomA = await signIn(a.url, 'telecom');
    const feedB = await feedOn(b, { cookie: telecomB.cookie });
    expect(await stopProcess(a)).toBe(0);
    expect(await fetch(`${a.url}/readyz`).then(() => 'up', () => 'down')).toBe('down');

    // While A is down, B takes calls and its consoles hear them.
    const during = await createIncident(telecomB);
    await feedB.waitFor((m) => m.type === 'invalidate' && m.id === during, 10_000);

    a = await startProcess(a.port);
    // A session made before the restart still works: sessions live in the database.
    const read = await telecomA.get(`/api/incidents/${during}`);
    expect(read.status).toBe(200);
    // A console on the restarted process hears writes made through the other.
    const feedA = await feedOn(a, { cookie: telecomA.cookie });
    const later = await createIncident(telecomB);
    await feedA.waitFor((m) => m.type === 'invalidate' && m.id === later, 10_000);
  });
});
