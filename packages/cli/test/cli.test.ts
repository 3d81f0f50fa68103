import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuumBinary } from './bin.ts';
import { continuumInProcess } from './run-cli.ts';

let dataDir: string;

/** The CLI in-process (run-cli.ts); the bad-input test runs the real binary for its exit codes. */
const continuum = (...args: string[]) => continuumInProcess(args);
const continuumWith = (env: Record<string, string>, ...args: string[]) => continuumInProcess(args, { env });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'continuum-cli-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('the continuum command', () => {
  it('lists its commands, each with help', async () => {
    const help = await continuum('--help');
    expect(help.stdout).toMatch(/start[\s\S]*migrate[\s\S]*seed[\s\S]*prune[\s\S]*user/);
    expect((await continuum('user', 'add', '--help')).stdout).toMatch(/--username[\s\S]*--role[\s\S]*--agency/);
    // The demo is a choice on PostgreSQL (ADR 0021): both flags exist.
    expect((await continuum('start', '--help')).stdout).toMatch(/--demo\s+seed the demo region[\s\S]*--no-demo/);
  });

  it('migrates, seeds once, and adds a user to a folder database', async () => {
    const migrated = await continuum('migrate', '--data-dir', dataDir);
    expect(migrated.stdout).toMatch(/Applied 0001_foundation\.sql/);
    expect((await continuum('migrate', '--data-dir', dataDir)).stdout).toMatch(/Up to date/);
    expect((await continuum('seed', '--data-dir', dataDir)).stdout).toMatch(/Seeded EMS Region 6/);
    expect((await continuum('seed', '--data-dir', dataDir)).stdout).toMatch(/already has users/);
    const added = await continuum('user', 'add', '--data-dir', dataDir, '--username', 'j.doe', '--name', 'J Doe', '--role', 'crisis_dispatcher', '--agency', 'champaign-mcrt', '--password', 'a-long-enough-password');
    expect(added.stdout).toMatch(/Created j\.doe \(crisis_dispatcher at champaign-mcrt\)/);
    // Five runs, each opening the folder database: a guard against a hang, not a timing.
  }, 120_000);

  it('runs the account lifecycle on the seeded database, audited; each refusal names its flag', async () => {
    const db = ['--data-dir', dataDir];
    const ok = async (...args: string[]) => {
      const r = await continuum(...args, ...db);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    expect(await ok('user', 'disable', '--username', 'peer', '--reason', 'left the team')).toMatch(/Disabled peer/);
    const again = await continuum('user', 'disable', '--username', 'peer', '--reason', 'twice', ...db);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already disabled/);
    expect(await ok('user', 'enable', '--username', 'peer')).toMatch(/Enabled peer/);
    expect(await ok('user', 'unlock', '--username', 'peer')).toMatch(/Unlocked peer: cleared the sign-in delays of 0 address/);
    expect(await ok('user', 'reset-password', '--username', 'peer', '--password', 'a-fresh-long-passphrase')).toMatch(/new password for peer/);
    expect(await ok('user', 'end-membership', '--username', 'peer', '--agency', 'champaign-mcrt', '--role', 'engagement_specialist', '--reason', 'left')).toMatch(/Ended peer's membership/);
    expect(await ok('admin', 'grant', '--username', 'admin', '--region', 'il-ems-6', '--reason', 'county help desk')).toMatch(/admin may now manage accounts in every agency of il-ems-6/);
    const nobody = await continuum('user', 'unlock', '--username', 'nobody', '--memory');
    expect(nobody.stderr).toMatch(/--username: no account "nobody"/);
    const role = await continuum('user', 'end-membership', '--username', 'peer', '--agency', 'champaign-mcrt', '--role', 'wizard', '--memory');
    expect(role.stderr).toMatch(/--role: must be one of/);
    const notAdmin = await continuum('admin', 'grant', '--username', 'peer', '--region', 'il-ems-6', '--reason', 'no', ...db);
    expect(notAdmin.stderr).toMatch(/Only an administrator/);
  }, 300_000);

  it('prunes by the retention settings, says what it removed, dry run first; a bad setting is named', async () => {
    const db = ['--data-dir', dataDir];
    const dry = await continuum('prune', '--dry-run', ...db);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Would remove 0 change feed row\(s\) committed before \S+ \(kept 24 h;/);
    expect(dry.stdout).toMatch(/Would remove 0 unit position\(s\) between calls recorded before \S+ \(kept 30 days;/);
    const done = await continuumWith({ CONTINUUM_POSITION_RETENTION_DAYS: '7' }, 'prune', ...db);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Removed \d+ change feed row\(s\)[\s\S]*Removed \d+ unit position\(s\)[\s\S]*kept 7 days[\s\S]*Audit rows are never removed/);
    const bad = await continuumWith({ CONTINUUM_FEED_RETENTION_HOURS: 'forever' }, 'prune', ...db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/feedRetentionHours \(CONTINUUM_FEED_RETENTION_HOURS\): must be a whole number of hours/);
  }, 180_000);

  // The real binary: a refusal from the command (main's catch) and one from commander's own parsing
  // (which exits the process itself) both end the process non-zero.
  it('refuses bad input with the flag and the rule, and a non-zero exit', async () => {
    const bad = await continuumBinary(['user', 'add', '--memory', '--username', 'x', '--name', 'X', '--role', 'wizard', '--agency', 'a', '--password', 'short']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--username: .*3/);
    expect(bad.stderr).toMatch(/--role: /);
    expect(bad.stderr).toMatch(/--password: .*12/);
    const port = await continuumBinary(['start', '--memory', '--port', 'eighty']);
    expect(port.code).not.toBe(0);
    expect(port.stderr).toMatch(/port is a whole number/);
  });
});
