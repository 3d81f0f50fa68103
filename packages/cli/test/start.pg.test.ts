import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

// `continuum start` on a PostgreSQL server (issue 16 §3, ADR 0021): the real binary, on a database
// of its own, as an operator would run it. PostgreSQL only: this file runs in the `postgres` project.
if (!process.env.TEST_DATABASE_URL) throw new Error('start.pg tests need TEST_DATABASE_URL');
const BIN = new URL('../bin/continuum.mjs', import.meta.url).pathname;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function admin<T>(work: (c: pg.Client) => Promise<T>, url = process.env.TEST_DATABASE_URL!): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** A fresh, empty database on the test server, dropped afterwards. */
async function freshDatabase(): Promise<string> {
  const name = `continuum_start_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  cleanups.push(async () => {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `continuum start` until its banner (or its exit), then stops it with SIGTERM. */
async function startOnce(url: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string; consoleUrl: string | null }> {
  const child = spawn(process.execPath, [BIN, 'start', '--database-url', url, '--port', '0', '--host', '127.0.0.1', ...args], {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', CONTINUUM_DEMO_HISTORY_DAYS: '0', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const up = await Promise.race([
    new Promise<boolean>((resolve) => child.stdout.on('data', () => /Press Ctrl\+C/.test(out) && resolve(true))),
    exited.then(() => false),
  ]);
  const consoleUrl = up ? /Console:\s+(\S+)/.exec(out)![1]! : null;
  return {
    code: up ? (child.kill('SIGTERM'), await exited) : await exited,
    out, err, consoleUrl,
  };
}

const users = (url: string) => admin(async (c) => (await c.query<{ username: string }>('SELECT username FROM users ORDER BY username')).rows.map((r) => r.username), url);

describe('continuum start on PostgreSQL', () => {
  it('seeds nothing unless --demo is given; a demo database then starts without it', async () => {
    const url = await freshDatabase();
    const plain = await startOnce(url, []);
    expect(plain.err).toBe('');
    expect(plain.consoleUrl).toMatch(/^http:\/\/localhost:\d+$/);
    expect(plain.out).not.toMatch(/Demo sign-ins/);
    expect(await users(url)).toEqual([]);

    const demo = await startOnce(url, ['--demo']);
    expect(demo.out).toMatch(/Demo sign-ins \(password "continuum-demo"/);
    expect(await users(url)).toContain('dispatcher');

    const again = await startOnce(url, []);
    expect(again.consoleUrl, again.err).not.toBeNull();
    expect(await users(url)).toContain('dispatcher');
  }, 120_000);

  it('creates the first administrator from CONTINUUM_ADMIN_* once; refuses a partial set naming the missing setting', async () => {
    const url = await freshDatabase();
    const settings = {
      CONTINUUM_ADMIN_USERNAME: 'county.admin', CONTINUUM_ADMIN_PASSWORD: 'winter harbour lantern', CONTINUUM_ADMIN_NAME: 'County Admin',
      CONTINUUM_ADMIN_AGENCY: 'ford-hub', CONTINUUM_ADMIN_AGENCY_NAME: 'Ford County Crisis Hub', CONTINUUM_ADMIN_AGENCY_KIND: 'mcrt_provider',
      CONTINUUM_ADMIN_REGION: 'il-ford', CONTINUUM_ADMIN_REGION_NAME: 'Ford County',
    };
    const { CONTINUUM_ADMIN_NAME: _name, ...partial } = settings;
    const refused = await startOnce(url, [], partial);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/admin\.displayName \(CONTINUUM_ADMIN_NAME\): is required/);

    for (let i = 0; i < 2; i++) {
      const started = await startOnce(url, [], settings);
      expect(started.consoleUrl, started.err).not.toBeNull();
      expect(started.out).not.toMatch(/Demo sign-ins/);
    }
    expect(await users(url)).toEqual(['county.admin']);
    const created = await admin(async (c) => (await c.query<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE action = 'user.create'")).rows[0]!.n, url);
    expect(Number(created)).toBe(1);
  }, 120_000);

  it("refuses to start while an account has the demo's password on a database that is not the demo's", async () => {
    const url = await freshDatabase();
    await startOnce(url, ['--demo']);
    await admin((c) => c.query('DELETE FROM demo_marker'), url);
    const refused = await startOnce(url, []);
    expect(refused.code).toBe(1);
    expect(refused.consoleUrl).toBeNull();
    expect(refused.err).toMatch(/Refusing to start: \d+ account\(s\) can sign in with the demo's public password[\s\S]*continuum user reset-password --username NAME/);
  }, 120_000);
});
