import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir } from '@continuum/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuumBinary } from './bin.ts';
import { continuumInProcess } from './run-cli.ts';

// `continuum import` and `continuum export` on a folder database, in-process (run-cli.ts): the plan
// as a table, a question before applying (refused without a terminal unless --yes), refused rows as
// a table with a non-zero exit, and a live folder refused (by the real binary). Each run opens the
// folder database, so the runs are few: re-imports and access are the API tests' (server/test/onboarding*.test.ts).
const EXAMPLE = new URL('../../../docs/examples/second-county/', import.meta.url).pathname;
let dataDir: string;

const continuum = (...args: string[]) => continuumInProcess([...args, '--data-dir', dataDir]);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'continuum-onboard-'));
  // The demo region is there to import into: the example's agencies join it.
  const seeded = await continuum('seed');
  expect(seeded.stdout, seeded.stderr).toMatch(/Seeded/);
}, 240_000);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('continuum import / export', () => {
  it('dry-runs, refuses to apply without --yes off a terminal, and applies with it', async () => {
    const file = join(EXAMPLE, 'agencies.csv');
    const dry = await continuum('import', 'agencies', file, '--dry-run', '--region', 'il-ems-6');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^agencies: 8 would create, 0 would change, 0 would leave alone/);
    expect(dry.stdout).toMatch(/LINE {2}ACTION {2}KEY/);
    expect(dry.stdout).toMatch(/\n {2}2 {5}create {2}vermilion-911/);
    expect(dry.stdout).toMatch(/Dry run: nothing was written\./);
    const unasked = await continuum('import', 'agencies', file, '--region', 'il-ems-6');
    expect(unasked.code).toBe(1);
    expect(unasked.stderr).toMatch(/add --yes/);
    const applied = await continuum('import', 'agencies', file, '--region', 'il-ems-6', '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/agencies: 8 created, 0 changed, 0 left alone/);
  }, 400_000);

  it('lists every refused row as line, field and rule, writes nothing, and exits 1', async () => {
    const bad = join(dataDir, 'bad-users.csv');
    await writeFile(bad, 'username,displayName,memberships\nok.name,Ok,vermilion-911:telecommunicator\nBad Name,X,vermilion-911:wizard\n');
    const refused = await continuum('import', 'users', bad, '--region', 'il-ems-6', '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Refused, nothing written: 2 problem/);
    expect(refused.stderr).toMatch(/\n {2}3 {5}username {12}format/);
    expect(refused.stderr).toMatch(/\n {2}3 {5}memberships {9}format/);
  }, 400_000);

  it('exports in the shape import reads', async () => {
    const exported = await continuum('export', 'agencies', '--format', 'csv', '--region', 'il-ems-6');
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.split('\n')[0]).toBe('id,name,kind,countyFips,lat,lon,contactName,contactPhone,contactEmail,contactAddress');
    expect(exported.stdout).toMatch(/\nvermilion-911,Vermilion County Emergency Telephone System \(911\),psap,17183,40\.1245,-87\.63,Operations Manager,217-555-0101,ops@vermilion911\.example,"200 S College St, Danville, IL 61832"\n/);
  }, 200_000);

  it('refuses a folder a running server holds, naming the process', async () => {
    const release = lockDataDir(dataDir);
    try {
      // The real binary: the holder is another process, this test's.
      const refused = await continuumBinary(['import', 'agencies', join(EXAMPLE, 'agencies.csv'), '--dry-run', '--region', 'il-ems-6', '--data-dir', dataDir]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`open in process ${process.pid}`));
    } finally {
      release();
    }
  }, 200_000);
});
