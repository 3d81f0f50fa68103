import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeed } from './feed-client.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

let t: TestServer;
let telecom: Session;
let dispatcher: Session;
let admin: Session;
const COUNTY = '6b3f1c2e-0d4a-4c55-9a11-2b7e5c0a0001';

beforeAll(async () => {
  t = await startTestServer();
  [telecom, dispatcher, admin] = await Promise.all([signIn(t.url, 'telecom'), signIn(t.url, 'dispatcher'), signIn(t.url, 'admin')]);
});
afterAll(() => t.close());

const create = async () => ((await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string }).id;
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; issues?: { field: string; rule: string }[] } }).error;

describe('data-sharing agreements', () => {
  it('administrators record them; bad ones are refused naming the field; others may not', async () => {
    const input = { name: 'Test', agencyIds: ['champaign-911', 'champaign-ed'], purposes: ['care_coordination'], fieldClasses: ['operational'], startsAt: new Date().toISOString() };
    expect((await admin.post('/api/agreements', input)).status).toBe(201);
    const unknown = await admin.post('/api/agreements', { ...input, agencyIds: ['champaign-911', 'nowhere'] });
    expect((await errorOf(unknown)).issues?.[0]).toMatchObject({ field: 'agencyIds', rule: 'exists' });
    const part2 = await admin.post('/api/agreements', { ...input, fieldClasses: ['substance_use_part2'] });
    expect(part2.status).toBe(400);
    expect((await errorOf(part2)).issues?.[0]?.field).toBe('fieldClasses.0');
    expect((await telecom.post('/api/agreements', input)).status).toBe(403);
    const list = (await (await admin.get('/api/agreements')).json()) as { items: { name: string; active: boolean }[] };
    expect(list.items.filter((a) => a.active).map((a) => a.name)).toEqual(expect.arrayContaining(['Champaign County crisis response agreement', 'Test']));
  });
});

describe('ending an agreement ends the access', () => {
  let incident: string;

  it('before: the MCRT dispatcher reads and lists a 911 call, and hears of it live', async () => {
    const probe = await openFeed(t.url, { cookie: dispatcher.cookie });
    await probe.waitFor((m) => m.type === 'ready');
    incident = await create();
    await probe.waitFor((m) => m.id === incident);
    probe.close();
    expect((await dispatcher.get(`/api/incidents/${incident}`)).status).toBe(200);
    const list = (await (await dispatcher.get('/api/incidents?limit=200')).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).toContain(incident);
    const row = (await t.server.services.store.read.audit.search({ action: 'incident.read', resourceId: incident, limit: 5 }))[0]!;
    expect(row).toMatchObject({ purpose: 'crisis_response', detail: { via: 'agreement', agreementIds: [COUNTY] } });
  });

  it('after: 404, gone from the list, and silence on the feed, at once', async () => {
    const ended = await admin.post(`/api/agreements/${COUNTY}/end`, { reason: 'agreement lapsed pending renewal' });
    expect(ended.status).toBe(200);
    expect(((await ended.json()) as { active: boolean }).active).toBe(false);
    expect((await dispatcher.get(`/api/incidents/${incident}`)).status).toBe(404);
    const list = (await (await dispatcher.get('/api/incidents?limit=200')).json()) as { items: { id: string }[] };
    // The dispatcher still reads their own region's calls: only this one has gone.
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.map((i) => i.id)).not.toContain(incident);
    const probe = await openFeed(t.url, { cookie: dispatcher.cookie });
    await probe.waitFor((m) => m.type === 'ready');
    const later = await create();
    // The telecommunicator's own agency still hears it; the dispatcher must not.
    const own = await openFeed(t.url, { cookie: telecom.cookie, after: 0 });
    await own.waitFor((m) => m.id === later);
    expect(probe.messages.filter((m) => m.type === 'invalidate')).toEqual([]);
    probe.close();
    own.close();
    expect((await admin.post(`/api/agreements/${COUNTY}/end`, { reason: 'again' })).status).toBe(409);
  });

  it('break-glass: a supervisor opens the record with a reason; the privacy officer is alerted', async () => {
    const supervisor = await signIn(t.url, 'supervisor');
    const privacy = await signIn(t.url, 'privacy');
    const alerts = await openFeed(t.url, { cookie: privacy.cookie });
    await alerts.waitFor((m) => m.type === 'ready');
    expect((await supervisor.get(`/api/incidents/${incident}`)).status).toBe(404);
    const short = await supervisor.post(`/api/incidents/${incident}/break-glass`, { reason: 'need it' });
    expect(short.status).toBe(400);
    expect((await telecom.post(`/api/incidents/${incident}/break-glass`, { reason: 'curious about this one call' })).status).toBe(403);
    const reason = 'Caller rang back; team on scene needs the history of this call';
    const opened = await supervisor.post(`/api/incidents/${incident}/break-glass`, { reason });
    expect(opened.status).toBe(200);
    expect(((await opened.json()) as { incident: { summary: string } }).incident.summary).toBe(buildIncidentInput().summary);
    expect((await supervisor.get(`/api/incidents/${incident}`)).status).toBe(200);
    await alerts.waitFor((m) => m.entity === 'privacy_alert' && m.id === incident);
    const list = (await (await privacy.get('/api/privacy/alerts')).json()) as { items: { resourceId: string; reason: string; role: string }[] };
    expect(list.items[0]).toMatchObject({ resourceId: incident, reason, role: 'supervisor' });
    expect((await dispatcher.get('/api/privacy/alerts')).status).toBe(403);
    const unknown = await supervisor.post('/api/incidents/7c2f4a51-0d7e-4c55-9f59-8d8a1b6f0000/break-glass', { reason });
    expect(unknown.status).toBe(404);
    alerts.close();
  });
});

describe('revocation', () => {
  it('signing out closes that session\'s live feed at once', async () => {
    const s = await signIn(t.url, 'clinician');
    const probe = await openFeed(t.url, { cookie: s.cookie });
    await probe.waitFor((m) => m.type === 'ready');
    await fetch(`${t.url}/api/session`, { method: 'DELETE', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(await probe.closed).toBe(4401);
    await expect(openFeed(t.url, { cookie: s.cookie })).rejects.toMatchObject({ status: 401 });
  });
});
