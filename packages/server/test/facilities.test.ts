import { randomUUID } from 'node:crypto';
import type { FacilityList, FacilityView } from '@continuum/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeed } from './feed-client.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

let t: TestServer;
let intake: Session;
let supervisor: Session;
let dispatcher: Session;
let clinician: Session;
let telecom: Session;
let analyst: Session;
// The injected clock: tests move it forward to age the figures.
let offsetMs = 0;
const LR = '/api/facilities/rantoul-living-room';

beforeAll(async () => {
  t = await startTestServer({ clock: () => new Date(Date.now() + offsetMs) });
  [intake, supervisor, dispatcher, clinician, telecom, analyst] = (await Promise.all(
    ['intake', 'supervisor', 'dispatcher', 'clinician', 'telecom', 'analyst'].map((u) => signIn(t.url, u)),
  )) as [Session, Session, Session, Session, Session, Session];
});
afterAll(() => t.close());

const send = (s: Session | null, method: string, path: string, body?: unknown) =>
  fetch(`${t.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
type Failure = { error: { code: string; issues?: { field: string; rule: string }[] } };
const view = async (s: Session, path = LR) => (await (await s.get(path)).json()) as FacilityView;
const issuesOf = async (res: Response) => ((await res.json()) as Failure).error.issues?.map((i) => [i.field, i.rule]);
const audit = (filter: { action?: string; resourceId?: string; outcome?: 'allowed' | 'denied' | 'failed' }) => t.server.services.store.read.audit.search({ ...filter, limit: 100 });
const history = () => t.server.services.store.read.facilities.history('rantoul-living-room', 100);

describe('GET /api/facilities', () => {
  it('401 without a session', async () => {
    expect((await fetch(`${t.url}/api/facilities`)).status).toBe(401);
  });

  it('lists the demo facilities with live figures, ages and a stale mark, for any reader of the region', async () => {
    const res = await analyst.get('/api/facilities');
    expect(res.status).toBe(200);
    const list = (await res.json()) as FacilityList;
    expect(list.staleAfterMinutes).toBe(120);
    expect(list.items.map((f) => f.kind).sort()).toEqual(['ccbhc', 'crisis_stabilisation_centre', 'emergency_department', 'emergency_department', 'living_room']);
    const lr = list.items.find((f) => f.id === 'rantoul-living-room')!;
    expect(lr).toMatchObject({ kind: 'living_room', hoursText: '10:00-22:00 daily', criteria: { minAge: 18, voluntaryOnly: true, acceptsPoliceDropOff: true, insuranceRequired: false }, mayUpdate: false });
    expect(lr.capacity).toMatchObject({ unit: 'chairs', total: 6, available: 4, pendingArrivals: 0, availableNow: 4, stale: false });
    expect(lr.capacity.ageSeconds).toBeGreaterThanOrEqual(600);
    expect(list.items.find((f) => f.id === 'champaign-ed')!.capacity).toMatchObject({ stale: true, unit: 'beds', total: 10 });
  });

  it('filters by kind, and refuses an unknown kind naming the field', async () => {
    const eds = (await (await telecom.get('/api/facilities?kind=emergency_department')).json()) as FacilityList;
    expect(eds.items.map((f) => f.id).sort()).toEqual(['champaign-ed', 'urbana-ed']);
    const bad = await telecom.get('/api/facilities?kind=spa');
    expect(bad.status).toBe(400);
    expect((await issuesOf(bad))?.[0]).toEqual(['querystring.kind.0', 'enum']);
  });

  it('says to the facility’s own staff that they may update it, and to nobody else', async () => {
    expect((await view(intake)).mayUpdate).toBe(true);
    expect((await view(supervisor)).mayUpdate).toBe(false);
    expect((await view(intake, '/api/facilities/champaign-stabilisation')).mayUpdate).toBe(false);
    expect((await intake.get('/api/facilities/no-such-place')).status).toBe(404);
  });
});

describe('PUT /api/facilities/:id/capacity', () => {
  it('401 without a session; 403 for a supervisor of another agency and for a role without the permission, audited', async () => {
    expect((await send(null, 'PUT', `${LR}/capacity`, { available: 3 })).status).toBe(401);
    const outsider = await send(supervisor, 'PUT', `${LR}/capacity`, { available: 3 });
    expect(outsider.status).toBe(403);
    expect(((await outsider.json()) as Failure).error.code).toBe('forbidden');
    expect((await send(dispatcher, 'PUT', `${LR}/capacity`, { available: 3 })).status).toBe(403);
    const denied = await audit({ action: 'facility.capacity', outcome: 'denied', resourceId: 'rantoul-living-room' });
    expect(denied.map((r) => r.actorId)).toEqual(expect.arrayContaining([supervisor.userId, dispatcher.userId]));
    expect((await view(intake)).capacity.available).toBe(4);
  });

  it('the intake user lowers the chairs: 200, the history, an audit row and a feed entry', async () => {
    const feed = await openFeed(t.url, { cookie: telecom.cookie });
    // The state's auditor subscribes too, from outside the region: it must hear nothing of it.
    const outside = await openFeed(t.url, { cookie: (await signIn(t.url, 'auditor')).cookie });
    await Promise.all([feed.waitFor((m) => m.type === 'ready'), outside.waitFor((m) => m.type === 'ready')]);
    const before = (await history()).length;
    const res = await send(intake, 'PUT', `${LR}/capacity`, { available: 3 });
    expect(res.status).toBe(200);
    const f = (await res.json()) as FacilityView;
    expect(f.capacity).toMatchObject({ available: 3, total: 6, ageSeconds: 0, stale: false, availableNow: 3 });
    expect(await history()).toHaveLength(before + 1);
    expect((await history())[0]).toMatchObject({ available: 3, total: 6, reportedBy: intake.userId, source: 'report' });
    const [row] = await audit({ action: 'facility.capacity', outcome: 'allowed', resourceId: 'rantoul-living-room' });
    expect(row).toMatchObject({ actorId: intake.userId, resourceType: 'facility', detail: { from: { available: 4, total: 6 }, to: { available: 3, total: 6 }, version: f.version } });
    // Facilities hold no personal data: a telecommunicator of the region hears of the change.
    await feed.waitFor((m) => m.type === 'invalidate' && m.entity === 'facility' && m.id === 'rantoul-living-room' && m.version === f.version);
    // Nothing of a facility ever reaches the auditor, so there is no later message to wait for.
    await new Promise((r) => setTimeout(r, 300));
    expect(outside.messages.filter((m) => m.entity === 'facility')).toEqual([]);
    feed.close();
    outside.close();
  });

  it('refuses a figure below zero naming available and min, and writes nothing but the audit row', async () => {
    const before = await history();
    const res = await send(intake, 'PUT', `${LR}/capacity`, { available: -1 });
    expect(res.status).toBe(400);
    expect(await issuesOf(res)).toEqual([['available', 'min']]);
    expect(await history()).toEqual(before);
    expect((await view(intake)).capacity.available).toBe(3);
    const [failed] = await audit({ action: 'facility.capacity', outcome: 'failed', resourceId: 'rantoul-living-room' });
    expect(failed).toMatchObject({ actorId: intake.userId, detail: { status: 400, code: 'validation_failed' } });
  });

  it('refuses more available than the total, and a fraction', async () => {
    const over = await send(intake, 'PUT', `${LR}/capacity`, { available: 7 });
    expect(over.status).toBe(400);
    expect(await issuesOf(over)).toEqual([['available', 'max_total']]);
    expect(await issuesOf(await send(intake, 'PUT', `${LR}/capacity`, { available: 2, total: 1 }))).toEqual([['available', 'max_total']]);
    expect(await issuesOf(await send(intake, 'PUT', `${LR}/capacity`, { available: 1.5 }))).toEqual([['available', 'integer']]);
    expect((await view(intake)).capacity).toMatchObject({ available: 3, total: 6 });
  });
});

describe('arrivals', () => {
  it('count against availableNow until the facility confirms; a confirmed arrival takes a chair', async () => {
    const incident = ((await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string }).id;
    expect((await send(intake, 'POST', `${LR}/arrivals`, {})).status).toBe(403);
    const first = await send(clinician, 'POST', `${LR}/arrivals`, { incidentId: incident, unitId: 'champaign-mcrt-1', expectedAt: new Date(Date.now() + 900_000).toISOString() });
    expect(first.status).toBe(201);
    const afterFirst = (await first.json()) as FacilityView;
    expect(afterFirst.capacity).toMatchObject({ available: 3, pendingArrivals: 1, availableNow: 2 });
    expect(afterFirst.arrivals[0]).toMatchObject({ incidentId: incident, unitId: 'champaign-mcrt-1', status: 'announced' });
    const second = (await (await send(dispatcher, 'POST', `${LR}/arrivals`, {})).json()) as FacilityView;
    expect(second.capacity).toMatchObject({ pendingArrivals: 2, availableNow: 1 });
    expect((await audit({ action: 'facility.arrival_announce', outcome: 'allowed' })).length).toBe(2);

    // Somebody else's staff may not settle them.
    expect((await send(supervisor, 'POST', `${LR}/arrivals/${afterFirst.arrivals[0]!.id}/confirm`, {})).status).toBe(403);
    const confirmed = await send(intake, 'POST', `${LR}/arrivals/${afterFirst.arrivals[0]!.id}/confirm`, {});
    expect(confirmed.status).toBe(200);
    expect(((await confirmed.json()) as FacilityView).capacity).toMatchObject({ available: 2, pendingArrivals: 1, availableNow: 1 });
    expect((await history())[0]).toMatchObject({ source: 'arrival_confirmed', available: 2 });
    const again = await send(intake, 'POST', `${LR}/arrivals/${afterFirst.arrivals[0]!.id}/confirm`, {});
    expect(again.status).toBe(409);

    const cancelled = (await (await send(intake, 'POST', `${LR}/arrivals/${second.arrivals[1]!.id}/cancel`, {})).json()) as FacilityView;
    expect(cancelled.capacity).toMatchObject({ available: 2, pendingArrivals: 0, availableNow: 2 });
    expect(cancelled.arrivals).toEqual([]);
  });

  it('flags over-commitment and never shows less than zero', async () => {
    await send(intake, 'PUT', `${LR}/capacity`, { available: 1 });
    for (let i = 0; i < 3; i += 1) expect((await send(clinician, 'POST', `${LR}/arrivals`, {})).status).toBe(201);
    const f = await view(telecom);
    expect(f.capacity).toMatchObject({ available: 1, pendingArrivals: 3, availableNow: 0, overCommitted: true });
    for (const a of f.arrivals) await send(intake, 'POST', `${LR}/arrivals/${a.id}/cancel`, {});
  });

  it('refuses an unknown unit or incident by field, and an unknown arrival with 404', async () => {
    const res = await send(dispatcher, 'POST', `${LR}/arrivals`, { unitId: 'no-such-unit', incidentId: randomUUID() });
    expect(res.status).toBe(400);
    expect(await issuesOf(res)).toEqual([['incidentId', 'unknown_incident'], ['unitId', 'unknown_unit']]);
    expect((await send(intake, 'POST', `${LR}/arrivals/${randomUUID()}/confirm`, {})).status).toBe(404);
  });
});

describe('stale figures', () => {
  it('a figure past the configured age is marked stale, and a new report makes it fresh', async () => {
    await send(intake, 'PUT', `${LR}/capacity`, { available: 2 });
    expect((await view(telecom)).capacity.stale).toBe(false);
    offsetMs = 121 * 60_000;
    const aged = (await view(telecom)).capacity;
    expect(aged.stale).toBe(true);
    expect(aged.ageSeconds).toBeGreaterThanOrEqual(121 * 60);
    const fresh = (await (await send(intake, 'PUT', `${LR}/capacity`, { available: 2 })).json()) as FacilityView;
    expect(fresh.capacity).toMatchObject({ stale: false, ageSeconds: 0 });
    offsetMs = 0;
  });
});

describe('arrivals that never come', () => {
  it('stop holding a place after the configured hold, and stay listed as overdue for the staff to settle', async () => {
    offsetMs = 0;
    await send(intake, 'PUT', `${LR}/capacity`, { available: 3 });
    const announced = (await (await send(clinician, 'POST', `${LR}/arrivals`, {})).json()) as FacilityView;
    expect(announced.capacity).toMatchObject({ available: 3, pendingArrivals: 1, availableNow: 2 });
    expect(announced.arrivals[0]!.overdue).toBe(false);
    offsetMs = 241 * 60_000;
    const later = await view(telecom);
    expect(later.capacity).toMatchObject({ available: 3, pendingArrivals: 0, availableNow: 3 });
    expect(later.arrivals).toEqual([expect.objectContaining({ id: announced.arrivals[0]!.id, status: 'announced', overdue: true })]);
    expect((await send(intake, 'POST', `${LR}/arrivals/${announced.arrivals[0]!.id}/cancel`, {})).status).toBe(200);
    offsetMs = 0;
  });
});
