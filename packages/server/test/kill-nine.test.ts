import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crashTrial } from './crash-trial.ts';

// kill -9 under load on the embedded database's data folder: nothing acknowledged is lost and a
// console resuming the feed hears each call exactly once. `npm run bench` runs ten kills.
const dataDir = mkdtempSync(join(tmpdir(), 'continuum-kill9-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('kill -9 under load — PGlite data folder', () => {
  it('keeps every acknowledged call with its events, audit and feed rows, and the feed resumes exactly once', async () => {
    const report = await crashTrial({ kind: 'pglite', dataDir }, { kills: 2 });
    process.stdout.write(`kill -9 on PGlite: ${JSON.stringify(report)}\n`);
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report).toMatchObject({ kills: 2, lost: 0, missingEvents: 0, missingAudit: 0, missingFeed: 0, feedNotOnce: 0 });
  }, 600_000);
});
