import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitEvent } from '@continuum/domain';
import { signIn, startTestServer, type Session, type TestServer } from './harness.ts';

/** The data of a status change (the only unit events these tests make). */
const statusData = (d: UnitEvent['data']) => d as Extract<UnitEvent, { type: 'unit.status_changed' }>['data'];

let t: TestServer;
let clinician: Session;
let dispatcher: Session;
let telecom: Session;
let officer: Session;

// Each test takes its own unit so that statuses and fix times never interfere.
const MCRT = ['champaign-mcrt-1', 'champaign-mcrt-2', 'champaign-mcrt-3'];
const ELSEWHERE = 'cook-mcrt-1';

beforeAll(async () => {
  t = await startTestServer();
  [clinician, dispatcher, telecom, officer] = (await Promise.all(['clinician', 'dispatcher', 'telecom', 'officer'].map((u) => signIn(t.url, u)))) as [Session, Session, Session, Session];
  // A team of another region, that no demo user may reach.
  await t.server.services.store.transaction(async (tx) => {
    await tx.organisations.upsertRegion({ id: 'il-ems-11', kind: 'ems_region', name: 'EMS Region 11', parentId: 'il' });
    await tx.organisations.upsertAgency({ id: 'cook-mcrt', regionId: 'il-ems-11', kind: 'mcrt_provider', name: 'Cook MCRT', countyFips: '17031', lat: 41.88, lon: -87.63 });
    await tx.units.upsert({ id: ELSEWHERE, agencyId: 'cook-mcrt', name: 'Cook 1', model: 'program_590_mcrt', composition: [], partnerAgencyIds: [], home: { lat: 41.88, lon: -87.63, label: null } });
  });
  t0 = Date.now() + 1000;
  for (const u of await t.server.services.store.read.unitStatus.list(['champaign-mcrt', 'champaign-co-response'])) bases.set(u.id, u.lastPosition!);
});
afterAll(() => t.close());

interface UnitBody { id: string; status: string; version: number; position?: { lat: number; stale: boolean; ageSeconds: number }; allowedStatuses: string[] }
const units = async (s: Session) => ((await (await s.get('/api/units')).json()) as { items: UnitBody[]; staleAfterSeconds: number }).items;
const unit = async (s: Session, id: string) => (await units(s)).find((u) => u.id === id);
const audit = (filter: { action?: string; resourceId?: string; outcome?: 'allowed' | 'denied' | 'failed' }) => t.server.services.store.read.audit.search({ ...filter, limit: 100 });
// Fixes are placed after the seed's own fix at each base (t0) and near that base, or they would
// read as late, or as a jump across the county in seconds.
let t0 = 0;
const bases = new Map<string, { lat: number; lon: number }>();
/** A fix of `unitId` `t` seconds after t0, `dLat` degrees north of its base; `o` overrides fields. */
const fix = (unitId: string, t: number, o: { dLat?: number } & Record<string, unknown> = {}) => {
  const { dLat = 0, ...rest } = o;
  const base = bases.get(unitId) ?? { lat: 40.1, lon: -88.2 };
  return { lat: base.lat + dLat, lon: base.lon, accuracy: 8, at: new Date(t0 + t * 1000).toISOString(), ...rest };
};
const json = async (res: Response) => (await res.json()) as Record<string, unknown> & { error?: { code: string; details?: Record<string, unknown>; issues?: { field: string; rule: string }[] } };

describe('GET /api/units', () => {
  it('401 without a session', async () => {
    expect((await fetch(`${t.url}/api/units`)).status).toBe(401);
  });

  it('lists the demo teams available at their base, with a fresh position', async () => {
    const list = await units(dispatcher);
    expect(list.map((u) => u.id)).toEqual(expect.arrayContaining([...MCRT, 'champaign-co-response-1']));
    for (const u of list.filter((x) => x.id.startsWith('champaign'))) {
      expect(u.status).toBe('available');
      expect(u.position).toMatchObject({ stale: false });
    }
    // A dispatcher may move any unit but never sends its crew home (issue 15 §3); a call-taker sees the board but changes nothing.
    expect(list[0]!.allowedStatuses).toEqual(['dispatched', 'out_of_service']);
    const board = await units(telecom);
    expect(board.length).toBeGreaterThan(0);
    expect(board.every((u) => u.allowedStatuses.length === 0)).toBe(true);
  });

  it('never lists a unit of another region', async () => {
    const listed = (await units(dispatcher)).map((u) => u.id);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed).not.toContain(ELSEWHERE);
  });
});

describe('POST /api/units/:id/status', () => {
  it('401 without a session', async () => {
    const res = await fetch(`${t.url}/api/units/${MCRT[0]}/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'dispatched' }) });
    expect(res.status).toBe(401);
  });

  it('403 for a role that is neither crew nor dispatcher, audited as denied', async () => {
    const res = await telecom.post(`/api/units/${MCRT[0]}/status`, { status: 'dispatched' });
    expect(res.status).toBe(403);
    expect((await audit({ action: 'unit.status', outcome: 'denied' })).some((r) => r.actorId === telecom.userId)).toBe(true);
  });

  it('403 for a field crew on a unit that is not theirs; their own co-response unit is fine', async () => {
    expect((await officer.post(`/api/units/${MCRT[0]}/status`, { status: 'dispatched' })).status).toBe(403);
    expect((await officer.post('/api/units/champaign-co-response-1/status', { status: 'out_of_service', reason: 'vehicle check' })).status).toBe(200);
  });

  it('404 for a unit of another region, as for one that does not exist', async () => {
    expect((await dispatcher.post(`/api/units/${ELSEWHERE}/status`, { status: 'available' })).status).toBe(404);
    expect((await dispatcher.post('/api/units/no-such-unit/status', { status: 'available' })).status).toBe(404);
  });

  it('200 moves the unit: the event with its position, one audit row and one feed entry', async () => {
    const id = MCRT[0]!;
    const head = await t.server.services.store.read.feed.head();
    const res = await clinician.post(`/api/units/${id}/status`, { status: 'dispatched', reason: 'incident 42' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id, status: 'dispatched', version: 2, allowedStatuses: ['en_route', 'available', 'out_of_service'] });
    const events = await t.server.services.store.read.unitStatus.events(id);
    expect(events.map((e) => statusData(e.data)).map((d) => [d.from, d.to])).toEqual([['off_duty', 'available'], ['available', 'dispatched']]);
    expect(statusData(events[1]!.data).position).toMatchObject({ lat: expect.any(Number), lon: expect.any(Number) });
    expect(events[1]!.reason).toBe('incident 42');
    const rows = await audit({ action: 'unit.status', resourceId: id, outcome: 'allowed' });
    expect(rows.filter((r) => r.actorId === clinician.userId).map((r) => r.detail)).toEqual([expect.objectContaining({ from: 'available', to: 'dispatched', version: 2 })]);
    const feed = await t.server.services.store.read.feed.after(head, 10);
    expect(feed.filter((f) => f.entityType === 'unit')).toEqual([expect.objectContaining({ entityId: id, version: 2, agencyId: 'champaign-mcrt' })]);
  });

  it('a retry with the same Idempotency-Key replays the answer and changes nothing', async () => {
    const id = MCRT[0]!;
    const key = { 'idempotency-key': `retry-${Date.now()}` };
    const first = await dispatcher.post(`/api/units/${id}/status`, { status: 'en_route' }, key);
    const again = await dispatcher.post(`/api/units/${id}/status`, { status: 'en_route' }, key);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    expect((await t.server.services.store.read.unitStatus.events(id)).filter((e) => e.type === 'unit.status_changed' && statusData(e.data).to === 'en_route')).toHaveLength(1);
  });

  it('409 for an illegal change, naming the current status, and nothing changes', async () => {
    const id = MCRT[0]!;
    const before = await t.server.services.store.read.unitStatus.events(id);
    const res = await dispatcher.post(`/api/units/${id}/status`, { status: 'at_destination' });
    expect(res.status).toBe(409);
    expect((await json(res)).error).toMatchObject({ code: 'illegal_transition', details: { currentStatus: 'en_route' } });
    expect(await t.server.services.store.read.unitStatus.events(id)).toHaveLength(before.length);
  });

  it('400 when going out of service without a reason', async () => {
    const res = await dispatcher.post(`/api/units/${MCRT[0]}/status`, { status: 'out_of_service' });
    expect(res.status).toBe(400);
    expect((await json(res)).error!.issues).toEqual([expect.objectContaining({ field: 'reason', rule: 'required' })]);
  });
});

describe('POST /api/units/:id/positions', () => {
  const id = MCRT[1]!;
  const post = (s: Session, body: unknown, unitId = id) => s.post(`/api/units/${unitId}/positions`, body);

  it('401 without a session, 403 for a role without field updates', async () => {
    const res = await fetch(`${t.url}/api/units/${id}/positions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fix(id, 0)) });
    expect(res.status).toBe(401);
    expect((await post(telecom, fix(id, 0))).status).toBe(403);
  });

  it('201 stores a fix from the crew (bearer token), and the board shows it', async () => {
    const created = await json(await clinician.post('/api/tokens', { name: 'tablet', expiresInDays: 1 }));
    const res = await fetch(`${t.url}/api/units/${id}/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${created.token as string}` },
      body: JSON.stringify(fix(id, 2, { dLat: 0.001, heading: 90, speed: 12 })),
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ unitId: id, outcome: 'stored' });
    expect((await unit(dispatcher, id))!.position).toMatchObject({ lat: bases.get(id)!.lat + 0.001, stale: false, heading: 90, speed: 12 });
  });

  it('202 ignores a duplicate and an out-of-order fix, leaving the latest in place', async () => {
    const latest = fix(id, 4, { dLat: 0.0012 });
    expect((await post(clinician, latest)).status).toBe(201);
    const dup = await post(clinician, latest);
    expect(dup.status).toBe(202);
    expect(await json(dup)).toMatchObject({ outcome: 'ignored', reason: 'duplicate' });
    const late = await post(clinician, fix(id, 3, { dLat: 0.0011 }));
    expect(late.status).toBe(202);
    expect(await json(late)).toMatchObject({ outcome: 'ignored', reason: 'out_of_order' });
    expect((await unit(dispatcher, id))!.position!.lat).toBe(latest.lat);
  });

  it('400 for impossible coordinates, naming the field and the rule', async () => {
    for (const [body, field, rule] of [[fix(id, 5, { lat: 91 }), 'lat', 'latitude_range'], [fix(id, 5, { lon: 200 }), 'lon', 'longitude_range'], [fix(id, 5, { lat: 0, lon: 0 }), 'lat', 'null_island']] as const) {
      const res = await post(clinician, body);
      expect(res.status).toBe(400);
      const { error } = await json(res);
      expect(error).toMatchObject({ code: 'validation_failed', details: { reason: 'impossible_coordinates' } });
      expect(error!.issues).toEqual([expect.objectContaining({ field, rule })]);
    }
    const jump = await post(clinician, fix(id, 5, { dLat: 1 }));
    expect(jump.status).toBe(400);
    expect((await json(jump)).error!.details).toMatchObject({ reason: 'implausible_speed' });
  });

  it('403 for a desk role taking a unit off duty: only its crew sends it home (issue 15 §3)', async () => {
    const id = MCRT[1]!;
    const before = (await unit(dispatcher, id))!;
    const res = await dispatcher.post(`/api/units/${id}/status`, { status: 'off_duty' });
    expect(res.status).toBe(403);
    expect((await json(res)).error).toMatchObject({ code: 'forbidden', details: { rule: 'own_crew_only' } });
    expect((await unit(dispatcher, id))!.status).toBe(before.status);
    // The unit's own crew sees the choice; the dispatcher does not.
    expect((await unit(clinician, id))!.allowedStatuses).toContain('off_duty');
    expect(before.allowedStatuses).not.toContain('off_duty');
  });

  it('409 with the status for a unit off duty, whose position is then not shown', async () => {
    const offId = MCRT[2]!;
    expect((await post(clinician, fix(offId, 1), offId)).status).toBe(201);
    expect((await clinician.post(`/api/units/${offId}/status`, { status: 'off_duty' })).status).toBe(200);
    const res = await post(clinician, fix(offId, 2), offId);
    expect(res.status).toBe(409);
    expect((await json(res)).error).toMatchObject({ code: 'conflict', details: { currentStatus: 'off_duty' } });
    const shown = (await unit(dispatcher, offId))!;
    expect(shown.status).toBe('off_duty');
    expect(shown).not.toHaveProperty('position');
  });

  it('404 for a unit of another region', async () => {
    expect((await post(dispatcher, fix(ELSEWHERE, 1), ELSEWHERE)).status).toBe(404);
  });

  it('writes no audit row per accepted fix', async () => {
    const before = (await t.server.services.store.read.audit.search({ resourceId: id, limit: 1000 })).length;
    expect((await post(clinician, fix(id, 6, { dLat: 0.0013 }))).status).toBe(201);
    expect((await t.server.services.store.read.audit.search({ resourceId: id, limit: 1000 })).length).toBe(before);
  });
});

describe('POST /api/positions (batch)', () => {
  it('gives each fix its own outcome, in request order, judged in time order per unit', async () => {
    const id = 'champaign-co-response-1';
    // The officer's test above took this unit out of service: still on duty, so fixes count.
    const res = await officer.post('/api/positions', [
      { unitId: id, ...fix(id, 10, { dLat: 0.001 }) },
      { unitId: id, ...fix(id, 5, { dLat: 0.0005 }) },
      { unitId: id, ...fix(id, 10, { dLat: 0.001 }) },
      { unitId: id, ...fix(id, 15, { lat: 95 }) },
      { unitId: MCRT[0]!, ...fix(MCRT[0]!, 10) },
      { unitId: ELSEWHERE, ...fix(ELSEWHERE, 10) },
    ]);
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { outcome: string; reason?: string; rule?: string }[] };
    expect(items.map((i) => [i.outcome, i.reason ?? null])).toEqual([
      ['stored', null],
      ['stored', null],
      ['ignored', 'duplicate'],
      ['rejected', 'impossible_coordinates'],
      ['rejected', 'forbidden'],
      ['rejected', 'not_found'],
    ]);
  });

  it('403 for a role without field updates', async () => {
    expect((await telecom.post('/api/positions', [{ unitId: MCRT[0]!, ...fix(MCRT[0]!, 1) }])).status).toBe(403);
  });
});
