import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir } from '@continuum/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuumBinary } from './bin.ts';
import { continuumInProcess } from './run-cli.ts';

/**
 * The administration commands (issue 16 §1) on a seeded folder database, in-process (run-cli.ts):
 * each change printed and refused with its flag and rule; destructive ones ask first (and, with no
 * terminal to ask on, refuse without --yes); a folder another process holds is refused by the
 * real binary.
 */
const SHIPPED = new URL('../../../protocols/il-irlm/il-irlm-2025.09.yaml', import.meta.url).pathname;
let dir: string;
let db: string[];

const ok = async (...args: string[]) => {
  const r = await continuumInProcess([...args, ...db]);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
};
const refused = async (...args: string[]) => {
  const r = await continuumInProcess([...args, ...db]);
  expect(r.code, `${args.join(' ')} should fail: ${r.stdout}`).toBe(1);
  return r.stderr;
};
const square = (lon: number, lat: number, d = 0.01) => ({ type: 'Polygon', coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]] });
const file = async (name: string, value: unknown) => {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(value));
  return path;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'continuum-admin-'));
  db = ['--data-dir', join(dir, 'data')];
  // Seeding hashes fourteen demo passwords: minutes on a loaded machine. A guard against a hang, not a timing.
  await ok('seed');
}, 900_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('continuum administration commands', () => {
  it('shows and sets a region; a bad value names its flag and rule', async () => {
    expect(await ok('region', 'show', 'il-ems-6')).toMatch(/il-ems-6 {2}EMS Region 6 \(East Central\)[\s\S]*time zone: {10}America\/Chicago[\s\S]*follow-up provider: none named/);
    expect(await refused('region', 'set', 'il-ems-6', '--time-zone', 'Mars/Olympus')).toMatch(/--time-zone: must be an IANA time zone such as America\/Chicago \(time_zone\)/);
    expect(await refused('region', 'set', 'il-ems-6', '--followup-provider', 'champaign-911')).toMatch(/--followup-provider: champaign-911 is a psap;.*\(agency_kind\)/);
    const set = await ok('region', 'set', 'il-ems-6', '--max-default', '60', '--max-level', '4=30', '--max-type', 'youth=45', '--followup-provider', 'champaign-followup', '--backup-988', 'champaign-988');
    expect(set).toMatch(/Updated il-ems-6 \(version 2\)[\s\S]*default 60 min[\s\S]*by risk level: {4}4 30 min[\s\S]*youth 45 min[\s\S]*follow-up provider: champaign-followup[\s\S]*backup 988 centre: {2}champaign-988/);
  }, 900_000);

  it('adds, lists and changes agencies and units, with a service area from a GeoJSON file', async () => {
    expect(await ok('agency', 'add', '--id', 'rantoul-police', '--region', 'il-ems-6', '--kind', 'law_enforcement', '--name', 'Rantoul Police', '--phone', '217 555 0199')).toMatch(/Created agency rantoul-police \(law_enforcement\) in il-ems-6/);
    expect(await refused('agency', 'add', '--id', 'Bad Id', '--region', 'il-ems-6', '--kind', 'bakery', '--name', 'X')).toMatch(/--id: must be lower-case[\s\S]*--kind: /);
    expect(await ok('agency', 'set', 'rantoul-police', '--email', 'desk@example.org')).toMatch(/Updated agency rantoul-police \(version 2\)/);
    expect(await ok('agency', 'list', '--region', 'il-ems-6')).toMatch(/rantoul-police\s+il-ems-6\s+law_enforcement\s+Rantoul Police\s+217 555 0199 desk@example.org/);
    const area = await file('area.geojson', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: square(-88.156, 40.308, 0.05) }] });
    expect(await ok('unit', 'add', '--id', 'rantoul-mcrt-9', '--agency', 'champaign-mcrt', '--name', 'Mobile Crisis 9', '--model', 'program_590_mcrt', '--composition', 'mcrt_clinician,engagement_specialist', '--home', '40.308,-88.156', '--languages', 'en,ES', '--youth', '--service-area', area))
      .toMatch(/Created unit rantoul-mcrt-9 \(program_590_mcrt\) of champaign-mcrt, off duty, with its service area from area.geojson/);
    const open = await file('open.geojson', { type: 'Polygon', coordinates: [square(-88.1, 40.3).coordinates[0]!.slice(0, 4)] });
    expect(await refused('unit', 'set', 'rantoul-mcrt-9', '--service-area', open)).toMatch(/--service-area \(coordinates\.0\): a ring must end at the position it starts from \(closed_ring\)/);
    await ok('unit', 'set', 'rantoul-mcrt-9', '--model', 'medicaid_mobile_crisis', '--no-youth');
    expect(await ok('unit', 'list', '--agency', 'champaign-mcrt')).toMatch(/rantoul-mcrt-9\s+champaign-mcrt\s+medicaid_mobile_crisis\s+en,es\s+custom\s+Mobile Crisis 9/);
  }, 900_000);

  it('asks before retiring a unit, removing a district or revoking a token: no terminal and no --yes is a refusal', async () => {
    expect(await refused('unit', 'retire', 'rantoul-mcrt-9', '--reason', 'sold')).toMatch(/Retire rantoul-mcrt-9 for good\?.*pass --yes to confirm/);
    expect(await ok('unit', 'list', '--agency', 'champaign-mcrt')).toMatch(/rantoul-mcrt-9/);
    expect(await ok('unit', 'retire', 'rantoul-mcrt-9', '--reason', 'sold', '--yes')).toMatch(/Retired rantoul-mcrt-9/);
    expect(await ok('unit', 'list', '--agency', 'champaign-mcrt')).not.toMatch(/rantoul-mcrt-9/);

    const created = await ok('token', 'create', '--username', 'admin', '--agency', 'champaign-911', '--role', 'administrator', '--name', 'CAD bridge', '--scopes', 'incident.read,protocol.read', '--expires-in-days', '30');
    const [, id] = created.match(/Created token (\S+) for admin/)!;
    expect(created).toMatch(/\nctm_\S+\n/);
    expect(await refused('token', 'create', '--username', 'admin', '--agency', 'champaign-911', '--role', 'administrator', '--name', 'x', '--scopes', 'incident.dispatch')).toMatch(/--scopes: incident.dispatch is not held by your role \(within_role\)/);
    expect(await ok('token', 'list', '--username', 'admin')).toMatch(new RegExp(`${id}\\s+CAD bridge\\s+administrator@champaign-911\\s+incident.read,protocol.read\\s+until`));
    expect(await refused('token', 'revoke', id!)).toMatch(/pass --yes/);
    expect(await ok('token', 'revoke', id!, '--yes')).toMatch(/Revoked token/);
    expect(await ok('token', 'list', '--username', 'admin')).toMatch(/revoked \d{4}-/);
  }, 900_000);

  it('imports districts with a dry run first; a bad file names the feature and the rule', async () => {
    expect(await ok('district', 'list', '--region', 'il-ems-6')).toMatch(/champaign-county-sheriff[\s\S]*urbana-pd/);
    const beat = { type: 'Feature', geometry: square(-88.156, 40.308, 0.003), properties: { id: 'rantoul-beat-1', kind: 'beat', name: 'Downtown Rantoul', agencyId: 'rantoul-police' } };
    const good = await file('districts.geojson', { type: 'FeatureCollection', features: [beat] });
    expect(await ok('district', 'import', good, '--region', 'il-ems-6', '--dry-run')).toMatch(/Would create 1 \(rantoul-beat-1\)[\s\S]*Dry run: nothing was changed/);
    expect(await ok('district', 'list', '--region', 'il-ems-6')).not.toMatch(/rantoul-beat-1/);
    expect(await ok('district', 'import', good, '--region', 'il-ems-6')).toMatch(/Imported 1 district\(s\) into il-ems-6/);
    const bad = await file('bad.geojson', { type: 'FeatureCollection', features: [beat, { ...beat, properties: { ...beat.properties, id: 'x-2', kind: 'ward' } }] });
    expect(await refused('district', 'import', bad, '--region', 'il-ems-6')).toMatch(/FILE \(features\.1\.properties\.kind\): must be one of police_district, municipality, beat \(district_kind\)/);
    expect(await refused('district', 'remove', 'rantoul-beat-1')).toMatch(/pass --yes/);
    expect(await ok('district', 'remove', 'rantoul-beat-1', '--yes')).toMatch(/Removed rantoul-beat-1/);
  }, 900_000);

  it('checks, publishes and pins protocol versions', async () => {
    expect(await ok('protocol', 'upload', SHIPPED)).toMatch(/il-irlm@2025\.09\.0 is published already with this content/);
    expect(await refused('protocol', 'publish', SHIPPED, '--yes')).toMatch(/FILE \(version\): use a new version number \(unique\)/);
    expect(await refused('protocol', 'pin', 'il-irlm@9.9.9', '--region', 'il-ems-6', '--yes')).toMatch(/Protocol il-irlm@9\.9\.9 was not found/);
    expect(await ok('protocol', 'pin', 'il-irlm@2025.09.0', '--region', 'il-ems-6', '--yes')).toMatch(/il-ems-6 triages new calls with il-irlm@2025\.09\.0 \(was il-irlm@2025\.12\.0\)/);
  }, 900_000);

  it('refuses a folder a running process holds, naming it', async () => {
    const release = lockDataDir(join(dir, 'data'));
    try {
      // The real binary: the holder is another process, this test's.
      const r = await continuumBinary(['region', 'show', ...db]);
      expect(r.code, r.stdout).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`open in process ${process.pid} .*Only one process may open it`));
    } finally {
      release();
    }
  }, 120_000);
});
