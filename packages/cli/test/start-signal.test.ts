import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A stop requested while `continuum start` is still migrating and seeding (issue 16 §5): the real
// binary on a fresh data folder, as a supervisor would stop it.
const BIN = new URL('../bin/continuum.mjs', import.meta.url).pathname;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'continuum-signal-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('continuum start stopped while starting', () => {
  // The folder is reopened once (a fresh folder's migrations take a while on a busy machine).
  it.each([
    { signal: 'SIGTERM', reopen: true },
    { signal: 'SIGINT', reopen: false },
  ] as const)('$signal during start-up exits 0 and releases the folder lock', async ({ signal, reopen }) => {
    const folder = join(dataDir, signal);
    const lock = join(folder, 'continuum.lock');
    const child = spawn(process.execPath, [BIN, 'start', '--data-dir', folder, '--port', '0', '--host', '127.0.0.1'], {
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', CONTINUUM_DEMO_HISTORY_DAYS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
    // The lock file appears once the database is open, i.e. start-up is under way and past the
    // point where the command installed its handlers; the migrations and the demo seed follow.
    const deadline = Date.now() + 60_000;
    while (!existsSync(lock) && Date.now() < deadline && child.exitCode === null) await sleep(10);
    expect(existsSync(lock), `no lock file appeared: ${err}`).toBe(true);
    child.kill(signal);
    const result = await exited;
    expect(result, err).toEqual({ code: 0, signal: null });
    // Stopped during start-up, not after: no banner, the start-up's own message instead.
    expect(out).toMatch(/Stopped while starting/);
    expect(out).not.toMatch(/Continuum is running/);
    expect(existsSync(lock)).toBe(false);
    if (!reopen) return;
    // The folder opens again, with no holder to take over and nothing half made.
    const again = spawn(process.execPath, [BIN, 'migrate', '--data-dir', folder], { env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let migrated = '';
    again.stdout.on('data', (d: Buffer) => (migrated += d.toString()));
    const code = await new Promise<number | null>((resolve) => again.on('exit', resolve));
    expect(code).toBe(0);
    expect(migrated).toMatch(/Applied|Up to date/);
  }, 120_000);
});
