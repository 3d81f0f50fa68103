import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuumBinary } from './bin.ts';
import { continuumInProcess } from './run-cli.ts';

const DEMO = fileURLToPath(new URL('../../sim/scenarios/demo-region.yaml', import.meta.url));
let dir: string;

/** The CLI in-process (run-cli.ts), in the temp folder so file names print as given. */
const continuum = (...args: string[]) => continuumInProcess(args, { cwd: dir });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'continuum-sim-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('continuum simulate', () => {
  it('refuses a scenario with an unknown field, a negative rate and an unknown county, naming each path and rule, before running', async () => {
    await writeFile(join(dir, 'bad.yaml'), 'name: bad\nregions:\n  - { id: r, counties: ["17019", "17998"] }\ndemand:\n  contactsPer100kPerMonth: { "911": -3, "988": 1, cares: 0 }\nteamz: []\n');
    // The real binary: the exit code the command sets (not throws) is the process's.
    const r = await continuumBinary(['simulate', '--scenario', 'bad.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toContain('bad.yaml: regions.0.counties.1: known_county: no Illinois county has this FIPS code');
    expect(lines.some((l) => l.startsWith('bad.yaml: demand.contactsPer100kPerMonth.911: non_negative:'))).toBe(true);
    expect(lines).toContain('bad.yaml: teamz: unknown_field: unknown field "teamz"');
    expect(lines.at(-1)).toBe('✗ bad.yaml: 3 problem(s); nothing was simulated');
  });

  it('prints the same JSON for the same seed, and CSV with one figure per row', async () => {
    const a = await continuum('simulate', '--scenario', DEMO, '--days', '14', '--seed', '3', '--json');
    const b = await continuum('simulate', '--scenario', DEMO, '--days', '14', '--seed', '3', '--json');
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const result = JSON.parse(a.stdout) as { days: number; seed: number; levels: { level: number; calls: number }[]; counties: { fips: string }[] };
    expect(result.days).toBe(14);
    expect(result.seed).toBe(3);
    expect(result.levels.map((l) => l.level)).toEqual([1, 2, 3, 4]);
    expect(result.counties.map((c) => c.fips)).toEqual(['17019']);
    const csv = await continuum('simulate', '--scenario', DEMO, '--days', '14', '--seed', '3', '--csv');
    const rows = csv.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('section,id,name,level,metric,value');
    expect(rows).toContain(`level,2,Level 2,2,calls,${result.levels[1]!.calls}`);
  });

  it('plans: says where and when the region misses and which teams meet the target', async () => {
    const r = await continuum('plan', '--scenario', DEMO, '--target', 'within=90%,fallback=5%', '--days', '30', '--json');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as { before: { meets: boolean; worstCounties: { fips: string }[]; worstHours: unknown[] }; after: { meets: boolean; policeFallback: number }; added: { county: string }[] };
    expect(p.before.meets).toBe(false);
    expect(p.before.worstCounties.map((c) => c.fips)).toEqual(['17019']);
    expect(p.before.worstHours.length).toBeGreaterThan(0);
    expect(p.after.meets).toBe(true);
    expect(p.after.policeFallback).toBeLessThanOrEqual(0.05);
    expect(p.added.length).toBeGreaterThan(0);
  });
});

describe('continuum simulate --write', () => {
  it('refuses a database with real calls without --yes and writes nothing; with --yes writes flagged calls only', async () => {
    const data = join(dir, 'db');
    expect((await continuum('seed', '--data-dir', data)).stdout).toMatch(/Seeded EMS Region 6/);
    const refused = await continuum('simulate', '--scenario', DEMO, '--days', '7', '--write', '--data-dir', data);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/holds \d+ real call\(s\) in region il-ems-6: .*needs --yes.*nothing was written/);
    const wrote = await continuum('simulate', '--scenario', DEMO, '--days', '7', '--write', '--yes', '--data-dir', data);
    expect(wrote.code, wrote.stderr).toBe(0);
    const m = /^Wrote (\d+) simulated calls of region il-ems-6 .* every one flagged simulated/.exec(wrote.stdout);
    expect(m, wrote.stdout).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(20);
  }, 300_000);

  it('refuses a region that is not in the database, naming it', async () => {
    const r = await continuum('simulate', '--scenario', DEMO, '--days', '7', '--write', '--memory');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/region "il-ems-6" is not in the database/);
  }, 120_000);
});
