import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regionalAdmin, square } from './admin-fixtures.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

/**
 * Administration of the region's organisation through the API (issue 16 §1, ADR 0025): regions,
 * agencies, units and police districts, each audited, each refused with the field and the rule.
 * `admin` is the demo's administrator (the PSAP, no grant); `regional` holds a regional grant.
 */
let t: TestServer;
let admin: Session;
let regional: Session;
let supervisor: Session;
let telecom: Session;

interface Problem { error: { code: string; issues?: { field: string; rule: string }[] } }

const send = (s: Session, method: string, path: string, body?: unknown) =>
  fetch(`${t.url}${path}`, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'idempotency-key': randomUUID(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const json = async <T>(res: Response, status: number): Promise<T> => {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
};
const issuesOf = async (res: Response, status: number) => (await json<Problem>(res, status)).error.issues?.map((i) => `${i.field}:${i.rule}`) ?? [];
const lastAudit = async (action: string) => (await t.server.services.store.read.audit.search({ action, limit: 1 }))[0];

beforeAll(async () => {
  t = await startTestServer();
  [admin, regional, supervisor, telecom] = await Promise.all([signIn(t.url, 'admin'), regionalAdmin(t), signIn(t.url, 'supervisor'), signIn(t.url, 'telecom')]);
});
afterAll(() => t.close());

describe('regions', () => {
  it('an administrator reads their region, with the defaults, and may not change it without a grant', async () => {
    const list = await json<{ items: { id: string; timeZone: string; mayChange: boolean }[] }>(await admin.get('/api/admin/regions'), 200);
    expect(list.items.map((r) => [r.id, r.timeZone, r.mayChange])).toEqual([['il-ems-6', 'America/Chicago', false]]);
    const refused = await send(admin, 'PATCH', '/api/admin/regions/il-ems-6', { timeZone: 'America/New_York' });
    expect((await json<Problem>(refused, 403)).error.code).toBe('forbidden');
    // The state above it is no region of theirs: as if absent.
    expect((await json<Problem>(await admin.get('/api/admin/regions/il'), 404)).error.issues?.[0]).toMatchObject({ field: 'regionId', rule: 'exists' });
  });

  it('with a grant: name, time zone, maxima, follow-up provider and backup 988 centre change, one version on, audited', async () => {
    const before = await json<{ version: number }>(await regional.get('/api/admin/regions/il-ems-6'), 200);
    const body = {
      name: 'EMS Region 6',
      timeZone: 'America/Chicago',
      maxResponseMinutes: { default: 60, byLevel: { '3': 45, '4': 30 }, byEmergencyType: { youth: 40 } },
      followupProviderId: 'champaign-followup',
      backup988CentreId: 'champaign-988',
      expectedVersion: before.version,
    };
    const after = await json<Record<string, unknown>>(await send(regional, 'PATCH', '/api/admin/regions/il-ems-6', body), 200);
    expect(after).toMatchObject({ name: 'EMS Region 6', maxResponseMinutes: body.maxResponseMinutes, followupProviderId: 'champaign-followup', backup988CentreId: 'champaign-988', version: before.version + 1, mayChange: true });
    const row = await lastAudit('region.update');
    expect(row).toMatchObject({ outcome: 'allowed', resourceType: 'region', resourceId: 'il-ems-6' });
    expect((row!.detail as { changed: string[] }).changed.sort()).toEqual(['backup988CentreId', 'followupProviderId', 'maxResponseMinutes', 'name', 'timeZone']);
    // A stale version: 409 naming it.
    expect(await issuesOf(await send(regional, 'PATCH', '/api/admin/regions/il-ems-6', { name: 'x', expectedVersion: before.version }), 409)).toEqual(['expectedVersion:current_version']);
  });

  it('refuses bad settings naming the field and the rule, and changes nothing', async () => {
    const before = await json<{ version: number }>(await regional.get('/api/admin/regions/il-ems-6'), 200);
    expect(await issuesOf(await send(regional, 'PATCH', '/api/admin/regions/il-ems-6', { timeZone: 'Mars/Olympus' }), 400)).toEqual(['timeZone:time_zone']);
    expect(await issuesOf(await send(regional, 'PATCH', '/api/admin/regions/il-ems-6', { followupProviderId: 'champaign-911', backup988CentreId: 'nowhere' }), 400)).toEqual([
      'followupProviderId:agency_kind',
      'backup988CentreId:exists',
    ]);
    const tooShort = await issuesOf(await send(regional, 'PATCH', '/api/admin/regions/il-ems-6', { maxResponseMinutes: { default: 2, byLevel: {}, byEmergencyType: {} } }), 400);
    expect(tooShort).toEqual(['maxResponseMinutes.default:min']);
    expect((await issuesOf(await send(regional, 'PATCH', '/api/admin/regions/il-ems-6', {}), 400)).length).toBe(1);
    expect((await json<{ version: number }>(await regional.get('/api/admin/regions/il-ems-6'), 200)).version).toBe(before.version);
  });

  it('other roles are refused', async () => {
    expect((await supervisor.get('/api/admin/regions')).status).toBe(403);
    expect((await send(supervisor, 'PATCH', '/api/admin/regions/il-ems-6', { name: 'x' })).status).toBe(403);
  });
});

describe('agencies', () => {
  it('an administrator changes their own agency; another needs a grant', async () => {
    const own = await json<{ contact: unknown; version: number }>(await send(admin, 'PATCH', '/api/admin/agencies/champaign-911', { contact: { phone: '+1 217 555 0100', email: 'ops@example.org' } }), 200);
    expect(own.contact).toEqual({ phone: '+1 217 555 0100', email: 'ops@example.org' });
    expect((await send(admin, 'PATCH', '/api/admin/agencies/champaign-mcrt', { name: 'x' })).status).toBe(403);
    const list = await json<{ items: { id: string; mayChange: boolean }[] }>(await admin.get('/api/admin/agencies?regionId=il-ems-6'), 200);
    expect(list.items.length).toBeGreaterThan(10);
    expect(list.items.filter((a) => a.mayChange).map((a) => a.id)).toEqual(['champaign-911']);
    expect(await issuesOf(await send(admin, 'PATCH', '/api/admin/agencies/champaign-911', { contact: { email: 'not an address' } }), 400)).toEqual(['contact.email:format']);
  });

  it('creating an agency needs a grant for its region; a taken id is 409', async () => {
    const body = { id: 'rantoul-police', regionId: 'il-ems-6', kind: 'law_enforcement', name: 'Rantoul Police Department', countyFips: '17019', location: { lat: 40.308, lon: -88.156 }, contact: { phone: '217 555 0199' } };
    expect((await send(admin, 'POST', '/api/admin/agencies', body)).status).toBe(403);
    const created = await json<{ id: string; kind: string; mayChange: boolean }>(await send(regional, 'POST', '/api/admin/agencies', body), 201);
    expect(created).toMatchObject({ id: 'rantoul-police', kind: 'law_enforcement', mayChange: true });
    expect(await lastAudit('agency.create')).toMatchObject({ resourceId: 'rantoul-police', outcome: 'allowed' });
    expect(await issuesOf(await send(regional, 'POST', '/api/admin/agencies', body), 409)).toEqual(['id:unique']);
    expect(await issuesOf(await send(regional, 'POST', '/api/admin/agencies', { ...body, id: 'x-1', kind: 'bakery' }), 400)).toEqual(['kind:enum']);
  });
});

describe('units', () => {
  const unit = (id: string) => ({
    id, agencyId: 'champaign-mcrt', name: `Probe ${id}`, model: 'program_590_mcrt', composition: ['mcrt_clinician', 'engagement_specialist'],
    home: { lat: 40.11, lon: -88.24, label: 'Champaign' }, capabilities: { youth: true, languages: ['EN', 'es'], naloxone: true, canTransport: false },
  });

  it('an administrator of the owning agency (or a grant) creates a unit; it is off duty with its capabilities', async () => {
    expect((await send(admin, 'POST', '/api/admin/units', unit('probe-unit-1'))).status).toBe(403);
    const created = await json<{ capabilities: { languages: string[] }; serviceArea: { source: string } }>(await send(regional, 'POST', '/api/admin/units', unit('probe-unit-1')), 201);
    expect(created.capabilities.languages).toEqual(['en', 'es']);
    expect(created.serviceArea.source).toBe('county');
    const live = await t.server.services.store.read.unitStatus.get('probe-unit-1');
    expect(live?.status).toBe('off_duty');
    expect(await issuesOf(await send(regional, 'POST', '/api/admin/units', unit('probe-unit-1')), 409)).toEqual(['id:unique']);
    expect(await issuesOf(await send(regional, 'POST', '/api/admin/units', { ...unit('probe-unit-x'), partnerAgencyIds: ['nowhere'] }), 400)).toEqual(['partnerAgencyIds.0:exists']);
  });

  it('changes model and agency, imports a service area from GeoJSON, and refuses an open ring by its place', async () => {
    await json(await send(regional, 'POST', '/api/admin/units', unit('probe-unit-2')), 201);
    const moved = await json<{ model: string; agencyId: string }>(await send(regional, 'PATCH', '/api/admin/units/probe-unit-2', { model: 'medicaid_mobile_crisis', agencyId: 'champaign-co-response' }), 200);
    expect(moved).toMatchObject({ model: 'medicaid_mobile_crisis', agencyId: 'champaign-co-response' });
    const area = square(-88.2, 40.1);
    const file = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'east' }, geometry: area }] };
    const set = await json<{ serviceArea: { source: string; geometry: unknown } }>(await send(regional, 'PUT', '/api/admin/units/probe-unit-2/service-area', { geojson: file }), 200);
    expect(set.serviceArea).toEqual({ source: 'custom', geometry: area });
    const open = { ...area, coordinates: [area.coordinates[0]!.slice(0, 4)] };
    expect(await issuesOf(await send(regional, 'PUT', '/api/admin/units/probe-unit-2/service-area', { geojson: { type: 'Feature', properties: null, geometry: open } }), 400)).toEqual(['geojson.geometry.coordinates.0:closed_ring']);
    expect((await json<Problem>(await send(regional, 'PUT', '/api/admin/units/probe-unit-2/service-area', { geojson: { type: 'FeatureCollection', features: [] } }), 400)).error.issues?.[0]?.field).toBe('geojson.features');
  });

  it('retiring takes the unit off the board; a retired unit is not changed; the list shows it only when asked', async () => {
    await json(await send(regional, 'POST', '/api/admin/units', unit('probe-unit-3')), 201);
    const retired = await json<{ retiredAt: string | null }>(await send(regional, 'POST', '/api/admin/units/probe-unit-3/retire', { reason: 'vehicle sold' }), 200);
    expect(retired.retiredAt).not.toBeNull();
    expect(await lastAudit('unit.retire')).toMatchObject({ resourceId: 'probe-unit-3', detail: { reason: 'vehicle sold' } });
    const board = await json<{ items: { id: string }[] }>(await supervisor.get('/api/units'), 200);
    expect(board.items.length).toBeGreaterThan(0);
    expect(board.items.map((u) => u.id)).not.toContain('probe-unit-3');
    expect((await send(regional, 'PATCH', '/api/admin/units/probe-unit-3', { name: 'again' })).status).toBe(409);
    const active = await json<{ items: { id: string }[] }>(await regional.get('/api/admin/units?agencyId=champaign-mcrt'), 200);
    const all = await json<{ items: { id: string }[] }>(await regional.get('/api/admin/units?agencyId=champaign-mcrt&retired=true'), 200);
    expect(active.items.map((u) => u.id)).not.toContain('probe-unit-3');
    expect(all.items.map((u) => u.id)).toContain('probe-unit-3');
  });
});

describe('police districts', () => {
  it('the demo places every call in its police district', async () => {
    const list = await json<{ items: { id: string; kind: string }[] }>(await admin.get('/api/admin/districts?regionId=il-ems-6'), 200);
    expect(list.items.map((d) => d.id).sort()).toEqual(['champaign-county-sheriff', 'champaign-pd', 'rantoul-pd', 'urbana-pd']);
    const created = await json<{ id: string }>(await telecom.post('/api/incidents', buildIncidentInput()), 201);
    expect(await t.server.services.store.read.incidents.districtIdOf(created.id)).toBe('urbana-pd');
    const rural = await json<{ id: string }>(await telecom.post('/api/incidents', buildIncidentInput({ location: { address: 'County Road 1000 N', lat: 40.2, lon: -88.35 } })), 201);
    expect(await t.server.services.store.read.incidents.districtIdOf(rural.id)).toBe('champaign-county-sheriff');
  });

  it('a dry run says what would change and changes nothing; the import places the calls again', async () => {
    const call = await json<{ id: string }>(await telecom.post('/api/incidents', buildIncidentInput({ location: { address: 'Lincoln Square', lat: 40.1125, lon: -88.2075 } })), 201);
    expect(await t.server.services.store.read.incidents.districtIdOf(call.id)).toBe('urbana-pd');
    // The report's facts follow the placement and the district's setting (ADR 0045).
    const facts = async () => (await sql<{ district_id: string; rural_urban: string }>`SELECT district_id, rural_urban FROM report_facts WHERE incident_id = ${call.id}::uuid`.execute(t.server.services.store.database.db)).rows[0];
    expect(await facts()).toEqual({ district_id: 'urbana-pd', rural_urban: 'urban' });
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: square(-88.2075, 40.1125, 0.002), properties: { id: 'urbana-beat-1', kind: 'beat', name: 'Downtown beat', agencyId: 'urbana-police' } },
        { type: 'Feature', geometry: square(-88.2075, 40.1125, 0.003), properties: { id: 'urbana-downtown', kind: 'police_district', name: 'Downtown Urbana', agencyId: 'urbana-police', setting: 'rural' } },
      ],
    };
    const dry = await json<{ created: string[]; incidentsPlaced: number }>(await send(regional, 'POST', '/api/admin/districts/import', { regionId: 'il-ems-6', dryRun: true, collection }), 200);
    expect(dry).toMatchObject({ created: ['urbana-beat-1', 'urbana-downtown'], incidentsPlaced: 0 });
    expect(await t.server.services.store.read.districts.get('urbana-beat-1')).toBeNull();
    const done = await json<{ created: string[]; incidentsPlaced: number }>(await send(regional, 'POST', '/api/admin/districts/import', { regionId: 'il-ems-6', collection }), 200);
    expect(done.created).toEqual(['urbana-beat-1', 'urbana-downtown']);
    expect(done.incidentsPlaced).toBeGreaterThanOrEqual(1);
    // The police district before the beat; the smaller police district before the city's.
    expect(await t.server.services.store.read.incidents.districtIdOf(call.id)).toBe('urbana-downtown');
    expect(await facts()).toEqual({ district_id: 'urbana-downtown', rural_urban: 'rural' });
    expect(await lastAudit('district.import')).toMatchObject({ outcome: 'allowed', resourceId: 'il-ems-6' });
    const again = await json<{ unchanged: string[] }>(await send(regional, 'POST', '/api/admin/districts/import', { regionId: 'il-ems-6', collection }), 200);
    expect(again.unchanged).toEqual(['urbana-beat-1', 'urbana-downtown']);
    // Removing it places its calls again.
    const removed = await json<{ incidentsPlaced: number }>(await send(regional, 'DELETE', '/api/admin/districts/urbana-downtown'), 200);
    expect(removed.incidentsPlaced).toBeGreaterThanOrEqual(1);
    expect(await t.server.services.store.read.incidents.districtIdOf(call.id)).toBe('urbana-pd');
    expect(await facts()).toEqual({ district_id: 'urbana-pd', rural_urban: 'urban' });
  });

  it('refuses a bad file naming the feature index and the rule, writing nothing; needs a grant', async () => {
    const good = { type: 'Feature', geometry: square(-88.1, 40.0), properties: { id: 'probe-ok', kind: 'municipality', name: 'Probe', agencyId: null } };
    const open = square(-88.1, 40.0);
    const bad = {
      type: 'FeatureCollection',
      features: [
        good,
        { ...good, properties: { ...good.properties, id: 'probe-2', kind: 'ward' } },
        { ...good, geometry: { ...open, coordinates: [open.coordinates[0]!.slice(0, 4)] }, properties: { ...good.properties, id: 'probe-3' } },
        { ...good, properties: { ...good.properties, agencyId: 'nowhere' } },
      ],
    };
    expect(await issuesOf(await send(regional, 'POST', '/api/admin/districts/import', { regionId: 'il-ems-6', collection: bad }), 400)).toEqual([
      'collection.features.1.properties.kind:district_kind',
      'collection.features.2.geometry.coordinates.0:closed_ring',
      'collection.features.3.properties.id:unique',
      'collection.features.3.properties.agencyId:exists',
    ]);
    expect(await t.server.services.store.read.districts.get('probe-ok')).toBeNull();
    expect((await send(admin, 'POST', '/api/admin/districts/import', { regionId: 'il-ems-6', collection: { type: 'FeatureCollection', features: [good] } })).status).toBe(403);
    expect((await send(admin, 'DELETE', '/api/admin/districts/champaign-pd')).status).toBe(403);
  });
});
