import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FacilityView, HsdsImportResult } from '@continuum/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type Session, type TestServer } from './harness.ts';

/**
 * The HSDS 3.0 schemas live beside the repository (`../shared/standards/hsds` from its root); a
 * git worktree sits one level deeper, so look upwards from here for the first `shared/` that has them.
 */
function hsdsSchemas(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'standards', 'hsds', 'compiled');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('no shared/standards/hsds/compiled above the repository');
}

let t: TestServer;
let admin: Session;
let intake: Session;
let validate: Record<'organization' | 'service' | 'service_at_location' | 'location', ValidateFunction>;

beforeAll(async () => {
  t = await startTestServer();
  [admin, intake] = await Promise.all([signIn(t.url, 'admin'), signIn(t.url, 'intake')]);
  const dir = hsdsSchemas();
  const load = (name: string) => JSON.parse(readFileSync(resolve(dir, `${name}.json`), 'utf8')) as Record<string, unknown> & { properties: Record<string, { items: object }> };
  // The compiled schemas carry Frictionless keywords (core, constraints, datapackage_metadata).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const organization = load('organization');
  validate = {
    organization: ajv.compile(organization),
    service: ajv.compile(load('service')),
    service_at_location: ajv.compile(load('service_at_location')),
    location: ajv.compile(organization.properties.locations!.items),
  };
});
afterAll(() => t.close());

type Doc = { organizations: Record<string, unknown>[]; services: Record<string, unknown>[]; locations: Record<string, unknown>[]; service_at_locations: Record<string, unknown>[] };
const exported = async () => {
  const res = await intake.get('/api/facilities/export.hsds');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as Doc;
};
const put = (path: string, body: unknown) => admin.post(path, body);

describe('GET /api/facilities/export.hsds', () => {
  it('401 without a session', async () => {
    expect((await fetch(`${t.url}/api/facilities/export.hsds`)).status).toBe(401);
  });

  it('is valid HSDS 3.0: every organization, service, location and service_at_location against the schemas', async () => {
    const doc = await exported();
    expect(doc.services).toHaveLength(5);
    for (const [kind, items] of [['organization', doc.organizations], ['service', doc.services], ['location', doc.locations], ['service_at_location', doc.service_at_locations]] as const) {
      expect(items.length, kind).toBeGreaterThan(0);
      for (const item of items) {
        const ok = validate[kind](item);
        expect(ok, `${kind} ${String(item.id)}: ${JSON.stringify(validate[kind].errors?.slice(0, 3))}`).toBe(true);
      }
    }
    const lr = doc.services.find((s) => s.name === 'Rantoul Living Room')!;
    expect(lr).toMatchObject({ minimum_age: 18, status: 'active', schedules: [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '10:00', closes_at: '22:00' }] });
    expect(doc.locations.find((l) => l.external_identifier === 'rantoul-living-room')).toMatchObject({ location_type: 'physical', addresses: [{ city: 'Rantoul', state_province: 'IL', postal_code: '61866' }] });
  });
});

describe('POST /api/facilities/import.hsds', () => {
  it('401 without a session, 403 for anyone but an administrator', async () => {
    const doc = await exported();
    expect((await fetch(`${t.url}/api/facilities/import.hsds`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) })).status).toBe(401);
    expect((await intake.post('/api/facilities/import.hsds', doc)).status).toBe(403);
  });

  it('round-trips: the export imported again changes nothing', async () => {
    const res = await put('/api/facilities/import.hsds', await exported());
    expect(res.status).toBe(200);
    const result = (await res.json()) as HsdsImportResult;
    expect(result).toMatchObject({ dryRun: false, created: [], updated: [] });
    expect(result.unchanged).toHaveLength(5);
  });

  it('a dry run reports what would change and writes nothing; the import then does it', async () => {
    const doc = await exported();
    const lr = doc.services.find((s) => s.name === 'Rantoul Living Room')!;
    lr.name = 'Rantoul Living Room (Century Blvd)';
    const loc = doc.locations.find((l) => l.external_identifier === 'rantoul-living-room')!;
    // A respite house run by the same agency: a new location, service and link, without our ids.
    doc.locations.push({ ...loc, id: '6f1d7c0e-2f4b-4c6a-9d39-1a2b3c4d5e6f', external_identifier: undefined, external_identifier_type: undefined, name: 'Rantoul Respite House' });
    doc.services.push({ ...lr, id: '7a2e8d1f-3a5c-4d7b-8e4a-2b3c4d5e6f70', name: 'Rantoul Respite House', attributes: [{ id: 'a1', value: 'respite', taxonomy_term: { code: 'facility_kind' } }] });
    doc.service_at_locations.push({ id: 'sal-new', service_id: '7a2e8d1f-3a5c-4d7b-8e4a-2b3c4d5e6f70', location_id: '6f1d7c0e-2f4b-4c6a-9d39-1a2b3c4d5e6f' });

    const dry = (await (await put('/api/facilities/import.hsds?dryRun=true', doc)).json()) as HsdsImportResult;
    expect(dry).toMatchObject({ dryRun: true, created: ['hsds-6f1d7c0e-2f4b-4c6a-9d39-1a2b3c4d5e6f'], updated: ['rantoul-living-room'] });
    expect(((await (await intake.get('/api/facilities/rantoul-living-room')).json()) as FacilityView).name).toBe('Rantoul Living Room');

    const done = (await (await put('/api/facilities/import.hsds', doc)).json()) as HsdsImportResult;
    expect(done).toMatchObject({ dryRun: false, created: ['hsds-6f1d7c0e-2f4b-4c6a-9d39-1a2b3c4d5e6f'], updated: ['rantoul-living-room'] });
    const renamed = (await (await intake.get('/api/facilities/rantoul-living-room')).json()) as FacilityView;
    // The directory facts changed; the live figure staff gave did not.
    expect(renamed).toMatchObject({ name: 'Rantoul Living Room (Century Blvd)', capacity: { available: 4, total: 6 }, hoursText: '10:00-22:00 daily' });
    const respite = (await (await intake.get('/api/facilities/hsds-6f1d7c0e-2f4b-4c6a-9d39-1a2b3c4d5e6f')).json()) as FacilityView;
    expect(respite).toMatchObject({ kind: 'respite', agencyId: 'rantoul-living-room', criteria: { minAge: 18, voluntaryOnly: true }, capacity: { unit: 'beds', available: 0, stale: true } });
    const [row] = await t.server.services.store.read.audit.search({ action: 'facility.import', outcome: 'allowed', limit: 1 });
    expect(row).toMatchObject({ actorId: admin.userId, detail: { dryRun: false, created: ['hsds-6f1d7c0e-2f4b-4c6a-9d39-1a2b3c4d5e6f'] } });
  });

  it('refuses invalid input naming the field path, and writes nothing', async () => {
    const doc = await exported();
    delete doc.services[0]!.name;
    const res = await put('/api/facilities/import.hsds', doc);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { field: string; rule: string }[] } };
    expect(body.error.issues.map((i) => [i.field, i.rule])).toEqual([['services.0.name', 'required']]);

    const dangling = await exported();
    dangling.service_at_locations[0]!.location_id = 'nowhere';
    (dangling.services[1]!.attributes as { taxonomy_term: { code: string }; value: string }[])[0]!.value = 'spa';
    const res2 = await put('/api/facilities/import.hsds', dangling);
    expect(res2.status).toBe(400);
    const issues = ((await res2.json()) as { error: { issues: { field: string; rule: string }[] } }).error.issues.map((i) => [i.field, i.rule]);
    expect(issues).toEqual([['service_at_locations.0.location_id', 'unknown_reference'], ['services.1.attributes', 'facility_kind']]);
  });
});
