import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from '../src/index.ts';
import { EIDO_SCHEMA } from '../src/services/eido/schema.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';
import { cadEido, eidoSample, publishedEidoSchema, publishedEidoValidator } from './eido-fixtures.ts';

let t: TestServer;
let telecom: Session;
let dispatcher: Session;
let admin: Session;
let cadToken: string;

const mint = async (s: Session, scopes: string[] | undefined) => {
  const res = await s.post('/api/tokens', { name: 'CAD bridge', expiresInDays: 30, ...(scopes ? { scopes } : {}) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
};
const asToken = (token: string, method: string, path: string, body?: unknown) =>
  fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const valid = (doc: unknown) => {
  const validate = publishedEidoValidator();
  const ok = validate(doc);
  return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};
type Incident = { id: string; status: string; riskLevel: number | null; location?: { address: string; lat?: number; lon?: number }; callbackNumber?: string; callerName?: string; personName?: string; personAge?: number; summary?: string; safetyFlags?: string[] };
type Imported = { outcome: string; eidoId: string; version: string; incident: Incident };

beforeAll(async () => {
  t = await startTestServer({ config: { eidoPollMs: 20, eidoRetryBaseMs: 20 } });
  telecom = await signIn(t.url, 'telecom');
  dispatcher = await signIn(t.url, 'dispatcher');
  admin = await signIn(t.url, 'admin');
  cadToken = await mint(telecom, ['eido.write', 'incident.read']);
});
afterAll(async () => {
  await t?.close();
});

describe('the EIDO schema', () => {
  it("the server's copy is the published schema, its quirks normalised", () => {
    expect(Object.keys(EIDO_SCHEMA.components.schemas).length).toBeGreaterThan(20);
    expect(EIDO_SCHEMA).toEqual(publishedEidoSchema());
  });

  it('accepts the published sample and refuses a broken one', () => {
    expect(valid(eidoSample())).toEqual([]);
    const broken = eidoSample() as { callComponent: { direction: string }[] };
    broken.callComponent[0]!.direction = 'sideways';
    expect(valid(broken).length).toBeGreaterThan(0);
  });
});

describe('POST /api/eido', () => {
  it('imports the sample call transfer, once: a retry of the same EIDO id and version changes nothing', async () => {
    const res = await asToken(cadToken, 'POST', '/api/eido', eidoSample());
    const body = (await res.json()) as Imported;
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.outcome).toBe('created');
    expect(body.eidoId).toBe('urn:emergency:uid:incidentid:a56e556d871:bcf.state.pa.us');
    expect(body.incident.status).toBe('received');
    expect(body.incident.location).toEqual({ address: '42 W Cellular Street, Wilmington, DE, US' });
    expect(body.incident.callbackNumber).toBe('8195551212');
    const again = await asToken(cadToken, 'POST', '/api/eido', eidoSample());
    expect(again.status).toBe(200);
    const second = (await again.json()) as Imported;
    expect(second.outcome).toBe('unchanged');
    expect(second.incident.id).toBe(body.incident.id);
    const links = await sql<{ n: number }>`SELECT count(*)::int AS n FROM eido_links WHERE eido_id = ${body.eidoId}`.execute(t.server.services.store.database.db);
    expect(links.rows[0]!.n).toBe(1);
  });

  it('refuses a document failing the schema with the JSON path of each fault, changing nothing', async () => {
    const doc = eidoSample() as Record<string, unknown> & { callComponent: Record<string, unknown>[]; agencyComponent: Record<string, unknown>[] };
    doc.$id = `urn:emergency:uid:incidentid:${crypto.randomUUID()}:x`;
    doc.callComponent[0]!.direction = 'sideways';
    doc.agencyComponent[0]!.agencyType = 'psap';
    delete doc.lastUpdateTimeStamp;
    const res = await asToken(cadToken, 'POST', '/api/eido', doc);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { issues: { field: string; rule: string; message: string }[] } };
    expect(error.issues.map((i) => [i.field, i.rule]).sort()).toEqual([
      ['agencyComponent.0.agencyType', 'type'],
      ['callComponent.0.direction', 'enum'],
      ['lastUpdateTimeStamp', 'required'],
    ]);
    expect(error.issues.map((i) => i.message.split(' ')[0]).sort()).toEqual(['$.agencyComponent[0].agencyType', '$.callComponent[0].direction', '$.lastUpdateTimeStamp']);
    const links = await sql<{ n: number }>`SELECT count(*)::int AS n FROM eido_links WHERE eido_id = ${doc.$id as string}`.execute(t.server.services.store.database.db);
    expect(links.rows[0]!.n).toBe(0);
  });

  it('is refused to a signed-in person and to a token without the eido.write scope (403)', async () => {
    expect((await telecom.post('/api/eido', cadEido())).status).toBe(403);
    const plain = await mint(telecom, undefined);
    expect((await asToken(plain, 'POST', '/api/eido', cadEido())).status).toBe(403);
    const readOnly = await mint(telecom, ['incident.read']);
    expect((await asToken(readOnly, 'POST', '/api/eido', cadEido())).status).toBe(403);
  });

  it('maps the incident type and the location, keeps the caller position as sent, and starts triage from the CAD code', async () => {
    const res = await asToken(cadToken, 'POST', '/api/eido', cadEido());
    expect(res.status).toBe(201);
    const { incident } = (await res.json()) as Imported;
    expect(incident.status).toBe('triaged');
    expect(incident.riskLevel).toBe(3);
    expect(incident.location).toEqual({ address: '204 Race St, Urbana, IL, US', lat: 40.1098, lon: -88.2084 });
    expect(incident.safetyFlags).toEqual(['suicide_threat']);
    expect(incident.summary).toContain('Threatening suicide (SUICTHRT)');
    expect(incident.summary).toContain('pills');
    expect(incident.callerName).toBe('Ana Diaz');
    expect(incident.personName).toBe('Luis Diaz');
    expect(incident.personAge).toBe(29);
  });

  it('updates the incident it names with a newer version, and ignores an older one', async () => {
    const id = `urn:emergency:uid:incidentid:${crypto.randomUUID()}:cad`;
    const first = (await (await asToken(cadToken, 'POST', '/api/eido', cadEido({ id, code: 'none', at: '2026-12-05T10:00:00.000Z' }))).json()) as Imported;
    expect(first.incident.status).toBe('received');
    const newer = await asToken(cadToken, 'POST', '/api/eido', cadEido({ id, code: '25-A-1', at: '2026-12-05T10:05:00.000Z' }));
    const updated = (await newer.json()) as Imported;
    expect(newer.status).toBe(200);
    expect([updated.outcome, updated.incident.id, updated.incident.status, updated.incident.riskLevel]).toEqual(['updated', first.incident.id, 'triaged', 2]);
    const older = (await (await asToken(cadToken, 'POST', '/api/eido', cadEido({ id, at: '2026-12-05T09:00:00.000Z' }))).json()) as Imported;
    expect([older.outcome, older.version]).toEqual(['unchanged', '2026-12-05T10:05:00.000Z']);
  });

  it("refuses an EIDO naming another region's incident (403, naming the region)", async () => {
    const db = t.server.services.store.database.db;
    await sql`INSERT INTO regions (id, kind, name) VALUES ('il-ems-9', 'ems_region', 'EMS Region 9') ON CONFLICT DO NOTHING`.execute(db);
    await sql`INSERT INTO agencies (id, region_id, kind, name) VALUES ('other-911', 'il-ems-9', 'psap', 'Other 911') ON CONFLICT DO NOTHING`.execute(db);
    await createUser(t.server.services, 'system', { username: 'othercad', displayName: 'Other CAD', password: 'a-long-enough-password', role: 'telecommunicator', agencyId: 'other-911' });
    const other = await signIn(t.url, 'othercad', 'a-long-enough-password');
    const otherToken = await mint(other, ['eido.write']);
    // Our export of a Champaign incident names it: the other region's CAD may not update it.
    const created = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
    const ours = (await (await asToken(cadToken, 'GET', `/api/incidents/${created.id}/eido`)).json()) as Record<string, unknown>;
    const res = await asToken(otherToken, 'POST', '/api/eido', { ...cadEido(), $id: ours.$id });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/region il-ems-6.*region il-ems-9/);
    // Nor the incident Champaign's CAD sent.
    const sent = cadEido();
    expect((await asToken(cadToken, 'POST', '/api/eido', sent)).status).toBe(201);
    expect((await asToken(otherToken, 'POST', '/api/eido', { ...sent, lastUpdateTimeStamp: '2026-12-06T00:00:00.000Z' })).status).toBe(403);
  });
});

describe('GET /api/incidents/{id}/eido', () => {
  it('round trip: an imported EIDO exports with every field Continuum keeps, and validates', async () => {
    const sent = cadEido();
    const { incident } = (await (await asToken(cadToken, 'POST', '/api/eido', sent)).json()) as Imported;
    const res = await telecom.get(`/api/incidents/${incident.id}/eido`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(valid(doc)).toEqual([]);
    const s = sent as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(doc.$id).toBe(s.$id);
    expect(doc.incidentComponent.incidentTypeCommonRegistryText).toBe('SUICTHRT');
    expect(doc.incidentComponent.incidentTypeInternalCode).toBe('25-B-3');
    expect(doc.incidentComponent.incidentCommonPriorityNumber).toBe(3);
    expect(doc.callComponent.map((c: { $id: string }) => c.$id)).toEqual([s.callComponent[0].$id]);
    expect(doc.callComponent[0]).toMatchObject({ queueIdentifier: '911@champaign', callStartTimestamp: '2026-12-05T09:58:00.000Z', answerDate: '2026-12-05T09:58:05.000Z', direction: 'incoming' });
    expect(doc.callbackComponent[0]).toMatchObject({ $id: s.callbackComponent[0].$id, callBackInformationUri: ['tel:+12175550142'] });
    expect(doc.locationComponent[0].$id).toBe(s.locationComponent[0].$id);
    expect(doc.locationComponent[0].locationTypeDescriptionRegistryText).toBe('Caller');
    expect(doc.locationComponent[0].locationByValue).toContain('<gml:pos>40.1098 -88.2084</gml:pos>');
    expect(doc.locationComponent[0].locationByValue).toContain('<HNO>204</HNO>');
    const people = doc.personComponent.map((p: { $id: string; ncPersonComponent: unknown }) => [p.$id, p.ncPersonComponent]);
    expect(people).toEqual([
      [s.personComponent[0].$id, { PersonName: { PersonFullName: 'Ana Diaz' } }],
      [s.personComponent[1].$id, { PersonName: { PersonFullName: 'Luis Diaz' }, PersonAgeMeasure: { MeasureIntegerValue: 29 } }],
    ]);
    expect(doc.notesComponent.map((n: { $id: string; notesActionComments: string }) => [n.$id, n.notesActionComments])).toEqual([[s.notesComponent[0].$id, s.notesComponent[0].notesActionComments]]);
    expect(doc.agencyComponent.map((a: { $id: string }) => a.$id)).toContain('cad.champaign911.example');
  });

  it("redacts by the reader's field classes: police get no people or clinical notes; the read is audited", async () => {
    const { incident } = (await (await asToken(cadToken, 'POST', '/api/eido', cadEido())).json()) as Imported;
    const officer = await signIn(t.url, 'officer');
    const res = await officer.get(`/api/incidents/${incident.id}/eido`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(valid(doc)).toEqual([]);
    expect(doc.personComponent).toBeUndefined();
    expect(doc.notesComponent).toBeUndefined();
    expect(JSON.stringify(doc)).not.toContain('Luis');
    expect(JSON.stringify(doc)).not.toContain('pills');
    expect(doc.locationComponent).toBeDefined();
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'incident.eido_export' AND resource_id = ${incident.id}`.execute(t.server.services.store.database.db);
    expect(audit.rows[0]!.n).toBe(1);
  });
});

describe('updates back to the CAD', () => {
  let cad: Server;
  let cadUrl: string;
  const received: { headers: IncomingHttpHeaders; doc: Record<string, any> }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  let failFirst = 0;

  beforeAll(async () => {
    cad = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        if (failFirst > 0) {
          failFirst -= 1;
          res.writeHead(503).end();
          return;
        }
        received.push({ headers: req.headers, doc: JSON.parse(text) as Record<string, unknown> });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => cad.listen(0, '127.0.0.1', r));
    cadUrl = `http://127.0.0.1:${(cad.address() as AddressInfo).port}/eido`;
  });
  afterAll(async () => {
    await new Promise((r) => cad.close(r));
  });

  it('a subscribed CAD receives each step of the crisis team, in order, once per version, after retries', async () => {
    const sub = await asToken(cadToken, 'POST', '/api/eido/subscriptions', { url: cadUrl });
    expect(sub.status).toBe(201);
    const subscription = (await sub.json()) as { id: string };
    const list = (await (await asToken(cadToken, 'GET', '/api/eido/subscriptions')).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).toContain(subscription.id);
    failFirst = 2;
    const sent = cadEido({ code: '25-A-1' });
    const { incident } = (await (await asToken(cadToken, 'POST', '/api/eido', sent)).json()) as Imported;
    const step = async (s: Session, path: string, body: unknown) => {
      const res = await s.post(path, body);
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    };
    await step(telecom, `/api/incidents/${incident.id}/transitions`, { action: 'queue_for_dispatch' });
    await step(dispatcher, `/api/incidents/${incident.id}/assignments`, { units: ['champaign-mcrt-1'] });
    for (const action of ['acknowledge', 'en_route', 'on_scene', 'clear']) await step(dispatcher, `/api/incidents/${incident.id}/assignments/champaign-mcrt-1`, { action });
    await step(telecom, `/api/incidents/${incident.id}/transitions`, { action: 'close', disposition: 'referred' });

    const mine = () => received.filter((r) => r.headers['eido-id'] === sent.$id);
    await vi.waitFor(() => expect(mine().at(-1)?.doc.incidentComponent.incidentStatusInternalText).toEqual(['closed']), { timeout: 15_000, interval: 50 });
    const versions = mine().map((r) => Number(r.headers['eido-version']));
    expect(versions.length).toBeGreaterThan(5);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    for (const r of mine()) expect(valid(r.doc)).toEqual([]);
    const unitStatuses = mine().flatMap((r) => (r.doc.emergencyResourceComponent ?? []).map((u: { primaryUnitStatusRegistryText: string }) => u.primaryUnitStatusRegistryText));
    for (const s of ['dispatched', 'enroute', 'onScene', 'cleared']) expect(unitStatuses).toContain(s);
    expect(mine()[0]!.doc.$id).toBe(sent.$id);

    // The administrator sees the link: the token, the webhook, its deliveries and the failed attempts.
    const links = await admin.get('/api/admin/cad-links');
    expect(links.status).toBe(200);
    const view = (await links.json()) as { tokens: { username: string }[]; subscriptions: { id: string; delivered: number }[]; deliveries: { attempts: number; state: string }[] };
    expect(view.tokens.map((x) => x.username)).toContain('telecom');
    expect(view.subscriptions.find((s) => s.id === subscription.id)?.delivered).toBe(versions.length);
    expect(view.deliveries.some((d) => d.attempts === 3 && d.state === 'delivered')).toBe(true);

    // Ended, the webhook receives nothing more.
    expect((await asToken(cadToken, 'DELETE', `/api/eido/subscriptions/${subscription.id}`)).status).toBe(200);
    expect((await asToken(cadToken, 'DELETE', `/api/eido/subscriptions/${subscription.id}`)).status).toBe(404);
  });

  it('two workers never send one row twice: a claimed row is skipped by the other claimer', async () => {
    const repos = t.server.services.store.read.eido;
    const now = new Date(Date.now() + 3_600_000);
    const [a, b] = await Promise.all([repos.claimDue(now, 50, 60_000), repos.claimDue(now, 50, 60_000)]);
    const ids = [...a, ...b].map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
