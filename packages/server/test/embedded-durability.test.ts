import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startServer, type RunningServer } from '../src/index.ts';

// The embedded database keeps what it acknowledged through a power cut unless told otherwise
// (ADR 0024); CONTINUUM_EMBEDDED_FSYNC trades that for speed.
describe('CONTINUUM_EMBEDDED_FSYNC', () => {
  it('is on unless set', () => {
    expect(loadConfig({}, {}).embeddedFsync).toBe(true);
  });

  it('reads on and off', () => {
    expect(loadConfig({}, { CONTINUUM_EMBEDDED_FSYNC: 'off' }).embeddedFsync).toBe(false);
    expect(loadConfig({}, { CONTINUUM_EMBEDDED_FSYNC: 'ON' }).embeddedFsync).toBe(true);
  });

  it('refuses anything else, naming the setting and the rule', () => {
    expect(() => loadConfig({}, { CONTINUUM_EMBEDDED_FSYNC: 'false' })).toThrow(
      'embeddedFsync (CONTINUUM_EMBEDDED_FSYNC): must be on or off',
    );
  });
});

// A server on a fresh folder runs initdb, migrations and the seed: give it time on a busy machine.
describe('a server on a data folder', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const fsyncOf = async (embeddedFsync?: boolean) => {
    const dir = mkdtempSync(join(tmpdir(), 'continuum-durable-server-'));
    dirs.push(dir);
    server = await startServer({ dataDir: dir, seedDemo: false, port: 0, host: '127.0.0.1', logLevel: 'silent', ...(embeddedFsync === undefined ? {} : { embeddedFsync }) });
    const rows = (await sql<{ fsync: string }>`SHOW fsync`.execute(server.services.store.database.db)).rows;
    return rows[0]?.fsync;
  };

  it('runs the embedded PostgreSQL with fsync on by default', async () => {
    expect(await fsyncOf()).toBe('on');
  });

  it('runs it as PGlite ships it (fsync off) when the setting is off', async () => {
    expect(await fsyncOf(false)).toBe('off');
  });
});
