import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, LOCK_FILE, lockDataDir, openDatabase } from '../src/index.ts';

// One process per PGlite folder: two servers on one folder corrupt it (issue 16 measured lost
// acknowledged incidents and a folder that would not open).
const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'continuum-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// Each test makes a PGlite database from nothing (initdb, no template): seconds each, more on a busy machine.
describe('the data folder lock', { timeout: 120_000 }, () => {
  it('refuses a second opener while the first holds the folder, naming the holder', async () => {
    const dir = freshDir();
    const first = await openDatabase({ dataDir: dir });
    try {
      const second = openDatabase({ dataDir: dir });
      await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
      await expect(second).rejects.toThrow(`process ${process.pid} on ${hostname()}`);
      // The first opener is untouched by the refusal.
      await expect(first.ping()).resolves.toBeUndefined();
    } finally {
      await first.close();
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });

  it('refuses a folder held by another live process', () => {
    const dir = freshDir();
    // A live process that is not us: this test's parent (vitest's main process).
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: hostname(), since: '2026-12-05T00:00:00.000Z' }));
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(`process ${process.ppid}`);
  });

  it('takes over a lock whose process has died, and releases it', () => {
    const dir = freshDir();
    // A process that has certainly exited: run one and wait for it.
    const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString());
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid, host: hostname(), since: '2026-12-05T00:00:00.000Z' }));
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('treats an unreadable lock file as stale', () => {
    const dir = freshDir();
    writeFileSync(join(dir, LOCK_FILE), '{"pid": 12');
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('leaves an in-memory database unlocked', async () => {
    const a = await openDatabase({ memory: true });
    const b = await openDatabase({ memory: true });
    await Promise.all([a.close(), b.close()]);
    expect(a.kind).toBe('pglite');
  });
});
