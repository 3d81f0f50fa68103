import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The file inside a PGlite data folder that says which process has it open. */
export const LOCK_FILE = 'continuum.lock';

/** A second process tried to open a data folder that a live process holds. */
export class DataDirInUseError extends Error {
  readonly code = 'data_dir_in_use';
  constructor(readonly dataDir: string, readonly holder: LockHolder) {
    super(
      `The embedded database in ${dataDir} is open in process ${holder.pid} on ${holder.host} (since ${holder.since}). ` +
        'Only one process may open it: stop that server first, or use its API. ' +
        `If no such process is running, delete ${join(dataDir, LOCK_FILE)}.`,
    );
  }
}

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/**
 * PGlite is PostgreSQL in this process, with no postmaster to refuse a second opener: two
 * processes on one folder both write, and the folder is corrupted (acknowledged calls lost, or a
 * folder that will not open). So a process takes the folder with a lock file created exclusively
 * (O_EXCL) and removes it on close. A lock left by a process that died (same host, no such pid)
 * is taken over. Returns the release.
 */
export function lockDataDir(dataDir: string, now: () => Date = () => new Date()): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), since: now().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return once(() => releaseIfMine(path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      if (holder && isAlive(holder)) throw new DataDirInUseError(dataDir, holder);
      // The holder died without releasing (kill -9, power cut). Two processes starting in the
      // same instant over a stale lock could both get here; the second's O_EXCL create then fails
      // and it reads the first one's live lock on its next attempt.
      unlinkQuietly(path);
    }
  }
  throw new DataDirInUseError(dataDir, readHolder(path) ?? { pid: -1, host: 'unknown', since: 'unknown' });
}

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? { pid: parsed.pid, host: parsed.host, since: String(parsed.since) } : null;
  } catch {
    // Unreadable or half-written (a crash during the write): treat as stale.
    return null;
  }
}

function isAlive(holder: LockHolder): boolean {
  // Another host shares the folder (a network disk): we cannot see its processes, so assume alive.
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfMine(path: string): void {
  const holder = readHolder(path);
  if (holder?.pid === process.pid && holder.host === hostname()) unlinkQuietly(path);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
