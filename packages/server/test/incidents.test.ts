import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

let t: TestServer;
let telecom: Session;
let dispatcher: Session;

beforeAll(async () => {
  t = await startTestServer();
  telecom = await signIn(t.url, 'telecom');
  dispatcher = await signIn(t.url, 'dispatcher');
});
afterAll(() => t.close());

const audit = (filter: { action?: string; resourceId?: string; outcome?: 'allowed' | 'denied' | 'failed' }) =>
  t.server.services.store.read.audit.search({ ...filter, limit: 100 });
const incidentCount = async () => (await t.server.services.store.read.incidents.list({ agencyIds: ['champaign-911', 'champaign-988', 'champaign-mcrt'], limit: 1000 })).length;

describe('POST /api/incidents', () => {
  it('401 without a session, and the attempt is audited', async () => {
    const res = await fetch(`${t.url}/api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(buildIncidentInput()) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    expect((await audit({ action: 'incident.create', outcome: 'denied' })).length).toBeGreaterThan(0);
  });

  it('403 for a role that may not take calls in (RAC analyst), audited as denied', async () => {
    const analyst = await signIn(t.url, 'analyst');
    const res = await analyst.post('/api/incidents', buildIncidentInput());
    expect(res.status).toBe(403);
    const rows = await audit({ action: 'incident.create', outcome: 'denied' });
    expect(rows.some((r) => r.actorId === analyst.userId)).toBe(true);
  });

  it('403 for a signed-in write without the CSRF token', async () => {
    const res = await fetch(`${t.url}/api/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: telecom.cookie },
      body: JSON.stringify(buildIncidentInput()),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
  });

  it('201 creates the incident with its first event, an audit row and a feed entry in one go', async () => {
    const head = await t.server.services.store.read.feed.head();
    const res = await telecom.post('/api/incidents', buildIncidentInput());
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; status: string; version: number; allowedActions: string[]; agencyId: string; redacted: string[] };
    // Part 2 is listed as hidden whether or not there is any: its presence would itself disclose treatment.
    expect(body).toMatchObject({ status: 'received', version: 1, agencyId: 'champaign-911', redacted: ['substance_use_part2'] });
    // A 911 call of an adult: escalation to 911 and youth routing are not offered.
    expect(body.allowedActions).toEqual(['answer', 'triage', 'triage_by_vendor_code', 'report_crisis_team_unavailable', 'mark_safety_flag', 'correct_location', 'cancel']);
    const events = await t.server.services.store.read.incidents.events(body.id);
    expect(events.map((e) => e.type)).toEqual(['incident.received']);
    expect(await audit({ action: 'incident.create', resourceId: body.id, outcome: 'allowed' })).toHaveLength(1);
    const feed = await t.server.services.store.read.feed.after(head, 10);
    expect(feed.map((f) => f.entityId)).toContain(body.id);
  });

  it('a retry with the same Idempotency-Key returns the first answer and creates nothing new', async () => {
    const before = await incidentCount();
    const key = 'retry-key-0001';
    const first = await telecom.post('/api/incidents', buildIncidentInput(), { 'idempotency-key': key });
    const second = await telecom.post('/api/incidents', buildIncidentInput(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replay')).toBe('true');
    expect(((await second.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    expect(await incidentCount()).toBe(before + 1);
  });

  it('422 when an Idempotency-Key is reused for a different request', async () => {
    const key = 'retry-key-0002';
    await telecom.post('/api/incidents', buildIncidentInput(), { 'idempotency-key': key });
    const res = await telecom.post('/api/incidents', buildIncidentInput({ summary: 'another call' }), { 'idempotency-key': key });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
  });

  it.each([
    ['malformed JSON', '{"entryPoint": ', 'body', 'json'],
    ['a wrong type', buildIncidentInput({ summary: 42 }), 'summary', 'type'],
    ['an unknown field', buildIncidentInput({ priority: 'high' }), 'priority', 'unknown_field'],
    ['a missing field', { entryPoint: '911', location: { address: 'x' } }, 'summary', 'required'],
    ['an unknown entry point', buildIncidentInput({ entryPoint: '311' }), 'entryPoint', 'enum'],
    ['an impossible latitude', buildIncidentInput({ location: { address: 'x', lat: 123, lon: -88 } }), 'location.lat', 'max'],
    ['a body over the size limit', buildIncidentInput({ summary: 'x'.repeat(70_000) }), 'body', 'max_bytes'],
  ])('400 (413 when too large) for %s, naming the field and the rule, and nothing written', async (_name, payload, field, rule) => {
    const before = await incidentCount();
    const res = await telecom.post('/api/incidents', payload);
    expect(res.status).toBe(rule === 'max_bytes' ? 413 : 400);
    const body = (await res.json()) as { error: { issues: { field: string; rule: string }[] } };
    expect(body.error.issues).toContainEqual(expect.objectContaining({ field, rule }));
    expect(await incidentCount()).toBe(before);
  });
});

describe('GET /api/incidents and /api/incidents/:id', () => {
  it('lists the region newest first and audits the read', async () => {
    const res = await dispatcher.get('/api/incidents?limit=5');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { receivedAt: string }[] };
    expect(body.items.length).toBe(5);
    const times = body.items.map((i) => i.receivedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await audit({ action: 'incident.list' })).some((r) => r.actorId === dispatcher.userId)).toBe(true);
  });

  it('404 for an unknown id and 400 for a malformed one', async () => {
    expect((await dispatcher.get('/api/incidents/7c2f4a51-0d7e-4c55-9f59-8d8a1b6f0000')).status).toBe(404);
    const bad = await dispatcher.get('/api/incidents/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe('params.id');
  });

  it('redacts by role: an officer sees location, safety flags and the callback number, never clinical or identity fields', async () => {
    const created = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
    const officer = await signIn(t.url, 'officer');
    const res = await officer.get(`/api/incidents/${created.id}`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as Record<string, unknown>;
    expect(view.location).toMatchObject({ address: '204 S Race St, Urbana, IL' });
    expect(view.callbackNumber).toBe('+1 217 555 0142');
    expect(view.safetyFlags).toEqual(['dog on premises']);
    for (const hidden of ['summary', 'callerName', 'personName', 'personAge', 'triageFactors']) expect(view).not.toHaveProperty(hidden);
    expect(view.redacted).toEqual(expect.arrayContaining(['clinical', 'identity', 'demographics']));
    const clinicianView = (await (await dispatcher.get(`/api/incidents/${created.id}`)).json()) as Record<string, unknown>;
    expect(clinicianView.summary).toBe(buildIncidentInput().summary);
    const row = (await audit({ action: 'incident.read', resourceId: created.id })).find((r) => r.role === 'police_officer');
    expect(row?.fieldClasses).toEqual(['operational', 'location_safety']);
  });
});

describe('POST /api/incidents/:id/transitions', () => {
  it('walks a call from received to closed, one event per step, and keeps the history', async () => {
    const { id } = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
    const steps: [Session, Record<string, unknown>, string][] = [
      [telecom, { action: 'triage', level: 3, protocolVersion: 'il-irlm@2025.09', factors: ['psychosis_with_agitation'] }, 'triaged'],
      [telecom, { action: 'queue_for_dispatch' }, 'awaiting_dispatch'],
      [dispatcher, { action: 'dispatch', units: ['mcrt-1'] }, 'dispatched'],
      [dispatcher, { action: 'mark_en_route' }, 'en_route'],
      [dispatcher, { action: 'mark_on_scene' }, 'on_scene'],
      [dispatcher, { action: 'start_transport', destination: 'Living Room' }, 'transporting'],
      [dispatcher, { action: 'close', disposition: 'transported', details: { transport: { by: 'crisis_team', destination: 'home' } } }, 'closed'],
    ];
    for (const [who, body, status] of steps) {
      const res = await who.post(`/api/incidents/${id}/transitions`, body);
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(((await res.json()) as { status: string }).status).toBe(status);
    }
    const history = (await (await dispatcher.get(`/api/incidents/${id}/events`)).json()) as { items: { sequence: number; type: string }[] };
    expect(history.items.map((e) => e.type)).toEqual([
      'incident.received', 'incident.triaged', 'incident.queued_for_dispatch', 'incident.dispatched',
      'incident.en_route', 'incident.on_scene', 'incident.transport_started', 'incident.closed',
    ]);
    const reopened = await dispatcher.post(`/api/incidents/${id}/transitions`, { action: 'reopen', reason: 'closed on the wrong call' });
    expect(((await reopened.json()) as { status: string; disposition: string | null })).toMatchObject({ status: 'transporting', disposition: null });
  });

  it('409 for an illegal transition, with the current status, and nothing recorded', async () => {
    const { id } = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
    const res = await dispatcher.post(`/api/incidents/${id}/transitions`, { action: 'mark_on_scene' });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; details: { currentStatus: string } } };
    expect(body.error).toMatchObject({ code: 'illegal_transition', details: { currentStatus: 'received' } });
    expect(await t.server.services.store.read.incidents.events(id)).toHaveLength(1);
    expect((await audit({ resourceId: id, outcome: 'failed' })).length).toBe(1);
  });

  it('400 for a cancel without a reason; 409 when the expected version is stale', async () => {
    const { id } = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
    const noReason = await telecom.post(`/api/incidents/${id}/transitions`, { action: 'cancel' });
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { error: { issues: { field: string; rule: string }[] } }).error.issues).toContainEqual(
      expect.objectContaining({ field: 'reason', rule: 'required' }),
    );
    const stale = await telecom.post(`/api/incidents/${id}/transitions`, { action: 'triage', level: 1, protocolVersion: 'p@1', factors: [], expectedVersion: 5 });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('conflict');
  });

  it('a retried transition with the same key is applied once', async () => {
    const { id } = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
    const body = { action: 'triage', level: 1, protocolVersion: 'il-irlm@2025.09', factors: ['wants_to_talk'] };
    const a = await telecom.post(`/api/incidents/${id}/transitions`, body, { 'idempotency-key': `tr-${id}` });
    const b = await telecom.post(`/api/incidents/${id}/transitions`, body, { 'idempotency-key': `tr-${id}` });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await t.server.services.store.read.incidents.events(id)).toHaveLength(2);
  });

  it('403 for a transition the role does not hold (telecommunicator dispatching)', async () => {
    const { id } = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
    const res = await telecom.post(`/api/incidents/${id}/transitions`, { action: 'dispatch', units: ['x'] });
    expect(res.status).toBe(403);
  });
});
