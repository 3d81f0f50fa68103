import { randomUUID } from 'node:crypto';
import type { UnitDetail } from '@continuum/contracts';
import { GreatCircleEstimator, calendarDateIn, recommendUnits } from '@continuum/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchUnitsFor, unitsOfUser } from '../src/services/dispatch/unit-catalogue.ts';
import { signIn, startTestServer, type Session, type TestServer } from './harness.ts';

let t: TestServer;
let dispatcher: Session;
let supervisor: Session;
let admin: Session;
let telecom: Session;
let clinician: Session;
let peer: Session;
let officer: Session;
let analyst: Session;

const ELSEWHERE = 'cook-mcrt-1';

beforeAll(async () => {
  t = await startTestServer();
  [dispatcher, supervisor, admin, telecom, clinician, peer, officer, analyst] = (await Promise.all(
    ['dispatcher', 'supervisor', 'admin', 'telecom', 'clinician', 'peer', 'officer', 'analyst'].map((u) => signIn(t.url, u)),
  )) as Session[] as [Session, Session, Session, Session, Session, Session, Session, Session];
  await t.server.services.store.transaction(async (tx) => {
    await tx.organisations.upsertRegion({ id: 'il-ems-11', kind: 'ems_region', name: 'EMS Region 11', parentId: 'il' });
    await tx.organisations.upsertAgency({ id: 'cook-mcrt', regionId: 'il-ems-11', kind: 'mcrt_provider', name: 'Cook MCRT', countyFips: '17031', lat: 41.88, lon: -87.63 });
    await tx.units.upsert({ id: ELSEWHERE, agencyId: 'cook-mcrt', name: 'Cook 1', model: 'program_590_mcrt', composition: [], partnerAgencyIds: [], home: { lat: 41.88, lon: -87.63, label: null } });
  });
});
afterAll(() => t.close());

const send = (s: Session | null, method: string, path: string, body?: unknown) =>
  fetch(`${t.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
type Body = UnitDetail & { error?: { code: string; issues?: { field: string; rule: string }[] } };
const json = async (res: Response) => (await res.json()) as Body;
const audit = (filter: { action?: string; resourceId?: string; outcome?: 'allowed' | 'denied' | 'failed' }) => t.server.services.store.read.audit.search({ ...filter, limit: 100 });
const repos = () => t.server.services.store.read;
const issuesOf = async (res: Response) => (await json(res)).error?.issues?.map((i) => [i.field, i.rule]);

describe('GET /api/units/:id', () => {
  it('401 without a session, 403 for a role that reads no units, 404 out of reach', async () => {
    expect((await fetch(`${t.url}/api/units/champaign-mcrt-1`)).status).toBe(401);
    expect((await analyst.get('/api/units/champaign-mcrt-1')).status).toBe(403);
    expect((await dispatcher.get(`/api/units/${ELSEWHERE}`)).status).toBe(404);
    expect((await dispatcher.get('/api/units/no-such-unit')).status).toBe(404);
  });

  it('shows the demo crew of Mobile Crisis 1 with the peer’s one-year warning, the county area and the running shift', async () => {
    const res = await telecom.get('/api/units/champaign-mcrt-1');
    expect(res.status).toBe(200);
    const u = await json(res);
    expect(u.crew.map((m) => [m.name, m.role, m.userId])).toEqual([
      ['Elena Novak', 'mcrt_clinician', clinician.userId],
      ['Darnell Hayes', 'engagement_specialist', peer.userId],
    ]);
    expect(u.crew[1]!.credentialStatus).toMatchObject({ status: 'due', daysLeft: expect.any(Number), deadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(u.warnings).toEqual([expect.stringMatching(/^Darnell Hayes: CRSS or CPRS due by \d{4}-\d{2}-\d{2}: \d+ days left$/)]);
    expect(u).toMatchObject({ onShift: true, composition: ['mcrt_clinician', 'engagement_specialist'], capabilities: { naloxone: true, languages: ['en'] }, mayEditCrew: false, mayManage: false });
    expect(u.serviceArea.source).toBe('county');
    expect(['Polygon', 'MultiPolygon']).toContain(u.serviceArea.geometry?.type);
    expect(u.shifts).toHaveLength(1);
    expect(u.currentShift).toEqual(u.shifts[0]);
  });

  it('shows the officer CIT-trained on the co-response unit, and which forms this reader may use', async () => {
    const u = await json(await supervisor.get('/api/units/champaign-co-response-1'));
    expect(u.crew[0]).toMatchObject({ name: 'Kyle Brandt', role: 'police_officer', credentialStatus: { status: 'not_required', citTrained: true } });
    expect(u.capabilities.canTransport).toBe(true);
    // The supervisor is of a partner agency: may roster, may not manage what the owner decides.
    expect(u).toMatchObject({ mayEditCrew: true, mayManage: false });
    expect(await json(await supervisor.get('/api/units/champaign-mcrt-2'))).toMatchObject({ mayEditCrew: true, mayManage: true, capabilities: { youth: true, languages: ['en', 'es'] } });
  });
});

describe('PUT /api/units/:id/crew', () => {
  const crew = () => ({ members: [{ name: 'Lucia Ferreira', role: 'mcrt_clinician' }, { name: 'Darnell Hayes', userId: peer.userId, role: 'engagement_specialist', hiredOn: '2025-01-10', credential: { kind: 'CPRS', earnedOn: '2025-09-01' } }] });

  it('401 without a session; 403 for a role without unit.crew, and for a crew member; both audited as denied', async () => {
    expect((await send(null, 'PUT', '/api/units/champaign-mcrt-3/crew', crew())).status).toBe(401);
    expect((await send(telecom, 'PUT', '/api/units/champaign-mcrt-3/crew', crew())).status).toBe(403);
    expect((await send(clinician, 'PUT', '/api/units/champaign-mcrt-3/crew', crew())).status).toBe(403);
    const denied = await audit({ action: 'unit.crew', outcome: 'denied' });
    expect(denied.map((r) => r.actorId)).toEqual(expect.arrayContaining([telecom.userId, clinician.userId]));
  });

  it('200 sets the roster: one audit row, one feed entry, and the peer now rides two units', async () => {
    const head = await repos().feed.head();
    const res = await send(dispatcher, 'PUT', '/api/units/champaign-mcrt-3/crew', crew());
    expect(res.status).toBe(200);
    const u = await json(res);
    expect(u.crew.map((m) => [m.name, m.credentialStatus.status])).toEqual([['Lucia Ferreira', 'not_required'], ['Darnell Hayes', 'credentialed']]);
    expect(u.warnings).toEqual([]);
    const rows = await audit({ action: 'unit.crew', resourceId: 'champaign-mcrt-3', outcome: 'allowed' });
    expect(rows.map((r) => [r.actorId, r.detail])).toEqual([[dispatcher.userId, { members: [{ role: 'mcrt_clinician', userId: null }, { role: 'engagement_specialist', userId: peer.userId }] }]]);
    expect((await repos().feed.after(head, 10)).filter((f) => f.entityType === 'unit')).toEqual([expect.objectContaining({ entityId: 'champaign-mcrt-3', agencyId: 'champaign-mcrt' })]);
    expect((await unitsOfUser(repos(), peer.userId, new Date())).map((x) => [x.unitId, x.role])).toEqual([['champaign-mcrt-1', 'engagement_specialist'], ['champaign-mcrt-3', 'engagement_specialist']]);
  });

  it.each([
    ['a peer without a hire date', { members: [{ name: 'P', role: 'engagement_specialist' }] }, [['members.0.hiredOn', 'required']]],
    ['a credential earned tomorrow', { members: [{ name: 'P', role: 'engagement_specialist', hiredOn: '2025-01-01', credential: { kind: 'CRSS', earnedOn: calendarDateIn(new Date(Date.now() + 2 * 86_400_000)) } }] }, [['members.0.credential.earnedOn', 'not_in_future']]],
    ['an account that does not exist', { members: [{ name: 'P', role: 'mcrt_clinician', userId: 'no-such-user' }] }, [['members.0.userId', 'unknown_user']]],
    ['an account of another agency', { members: [{ name: 'P', role: 'mcrt_clinician', userId: 'TELECOM' }] }, [['members.0.userId', 'not_staff']]],
    ['a role that does not ride', { members: [{ name: 'P', role: 'auditor' }] }, [['members.0.role', 'enum']]],
  ])('400 for %s, naming field and rule; nothing written but the failed audit row', async (_name, body, expected) => {
    const payload = JSON.parse(JSON.stringify(body).replace('TELECOM', telecom.userId));
    const before = (await repos().unitCatalogue.crews(['champaign-mcrt-2'])).get('champaign-mcrt-2');
    const res = await send(dispatcher, 'PUT', '/api/units/champaign-mcrt-2/crew', payload);
    expect(res.status).toBe(400);
    expect(await issuesOf(res)).toEqual(expected);
    expect((await repos().unitCatalogue.crews(['champaign-mcrt-2'])).get('champaign-mcrt-2')).toEqual(before);
    expect(await audit({ action: 'unit.crew', resourceId: 'champaign-mcrt-2', outcome: 'allowed' })).toEqual([]);
  });
});

describe('PUT /api/units/:id/capabilities and /service-area', () => {
  const square = { type: 'Polygon', coordinates: [[[-88.4, 40.0], [-88.1, 40.0], [-88.1, 40.3], [-88.4, 40.3], [-88.4, 40.0]]] };

  it('401; 403 for a dispatcher and for a partner’s supervisor; 404 for the PSAP’s administrator, who does not reach MCRT units', async () => {
    const caps = { youth: false, languages: ['en'], naloxone: true, canTransport: false };
    expect((await send(null, 'PUT', '/api/units/champaign-mcrt-3/capabilities', caps)).status).toBe(401);
    expect((await send(dispatcher, 'PUT', '/api/units/champaign-mcrt-3/capabilities', caps)).status).toBe(403);
    expect((await send(admin, 'PUT', '/api/units/champaign-mcrt-3/capabilities', caps)).status).toBe(404);
    expect((await send(supervisor, 'PUT', '/api/units/champaign-co-response-1/service-area', { serviceArea: square })).status).toBe(403);
  });

  it('200 sets capabilities (languages folded to lower case, once each), audited', async () => {
    const res = await send(supervisor, 'PUT', '/api/units/champaign-mcrt-3/capabilities', { youth: true, languages: ['en', 'ES', 'es'], naloxone: true, canTransport: false });
    expect(res.status).toBe(200);
    expect((await json(res)).capabilities).toEqual({ youth: true, languages: ['en', 'es'], naloxone: true, canTransport: false });
    expect(await audit({ action: 'unit.capabilities', resourceId: 'champaign-mcrt-3', outcome: 'allowed' })).toHaveLength(1);
  });

  it('400 for a language that is not a BCP 47 tag', async () => {
    const res = await send(supervisor, 'PUT', '/api/units/champaign-mcrt-3/capabilities', { youth: true, languages: ['Spanish!'], naloxone: true, canTransport: false });
    expect(res.status).toBe(400);
    expect(await issuesOf(res)).toEqual([['languages.0', 'format']]);
  });

  it('200 sets a custom area that the recommendation then uses, and null returns to the county', async () => {
    const res = await send(supervisor, 'PUT', '/api/units/champaign-mcrt-3/service-area', { serviceArea: square });
    expect(res.status).toBe(200);
    expect((await json(res)).serviceArea).toEqual({ source: 'custom', geometry: square });
    const units = await dispatchUnitsFor(repos(), ['champaign-mcrt'], new Date());
    expect(units.find((u) => u.id === 'champaign-mcrt-3')!.serviceArea).toEqual(square);
    expect((await json(await send(supervisor, 'PUT', '/api/units/champaign-mcrt-3/service-area', { serviceArea: null }))).serviceArea.source).toBe('county');
    expect((await audit({ action: 'unit.service_area', resourceId: 'champaign-mcrt-3', outcome: 'allowed' })).map((r) => r.detail)).toEqual([{ source: 'county' }, { source: 'custom', type: 'Polygon' }]);
  });

  it.each([
    ['an open ring', { type: 'Polygon', coordinates: [[[-88.4, 40.0], [-88.1, 40.0], [-88.1, 40.3], [-88.4, 40.3]]] }, [['serviceArea.coordinates.0', 'closed_ring']]],
    ['a latitude out of range', { type: 'Polygon', coordinates: [[[-88.4, 40.0], [-88.1, 140.0], [-88.1, 40.3], [-88.4, 40.0]]] }, [['serviceArea.coordinates.0.1.1', 'lat_range']]],
    ['a point instead of a polygon', { type: 'Point', coordinates: [-88.2, 40.1] }, [['serviceArea.type', 'one_of']]],
  ])('400 for %s, and the area is unchanged', async (_name, serviceArea, expected) => {
    const res = await send(supervisor, 'PUT', '/api/units/champaign-mcrt-2/service-area', { serviceArea });
    expect(res.status).toBe(400);
    const issues = await issuesOf(res);
    expect(issues?.[0]?.[0]).toBe(expected[0]![0]);
    if (expected[0]![1] !== 'one_of') expect(issues).toEqual(expected);
    expect((await repos().unitCatalogue.entries(['champaign-mcrt-2'])).get('champaign-mcrt-2')!.serviceArea).toBeNull();
  });
});

describe('POST and DELETE /api/units/:id/shifts', () => {
  const day = (d: number, h: number) => new Date(Date.UTC(2031, 0, d, h)).toISOString();

  it('401 and 403 for roles without unit.manage', async () => {
    const body = { startsAt: day(1, 6), endsAt: day(1, 18) };
    expect((await send(null, 'POST', '/api/units/champaign-mcrt-3/shifts', body)).status).toBe(401);
    expect((await send(dispatcher, 'POST', '/api/units/champaign-mcrt-3/shifts', body)).status).toBe(403);
    expect((await send(clinician, 'DELETE', `/api/units/champaign-mcrt-3/shifts/${randomUUID()}`, {})).status).toBe(403);
  });

  it('200 schedules back-to-back shifts, refuses an overlap and an end before the start (nothing written), and removes one', async () => {
    const first = await send(supervisor, 'POST', '/api/units/champaign-mcrt-3/shifts', { startsAt: day(1, 6), endsAt: day(1, 18) });
    expect(first.status).toBe(200);
    expect((await send(supervisor, 'POST', '/api/units/champaign-mcrt-3/shifts', { startsAt: day(1, 18), endsAt: day(2, 6) })).status).toBe(200);
    const overlap = await send(supervisor, 'POST', '/api/units/champaign-mcrt-3/shifts', { startsAt: day(1, 12), endsAt: day(1, 20) });
    expect(overlap.status).toBe(400);
    expect(await issuesOf(overlap)).toEqual([['startsAt', 'no_overlap']]);
    const backwards = await send(supervisor, 'POST', '/api/units/champaign-mcrt-3/shifts', { startsAt: day(3, 12), endsAt: day(3, 11) });
    expect(await issuesOf(backwards)).toEqual([['endsAt', 'after_start']]);
    const future = (await repos().unitCatalogue.shifts(['champaign-mcrt-3'], { after: new Date(day(1, 0)) })).map((s) => s.startsAt.toISOString());
    expect(future).toEqual([day(1, 6), day(1, 18)]);
    expect(await audit({ action: 'unit.shift_add', resourceId: 'champaign-mcrt-3', outcome: 'allowed' })).toHaveLength(2);
    expect((await audit({ action: 'unit.shift_add', resourceId: 'champaign-mcrt-3', outcome: 'failed' })).length).toBeGreaterThanOrEqual(2);

    const shiftId = (await json(first)).shifts.find((s) => s.startsAt === day(1, 6))!.id;
    const removed = await send(supervisor, 'DELETE', `/api/units/champaign-mcrt-3/shifts/${shiftId}`, {});
    expect(removed.status).toBe(200);
    expect((await json(removed)).shifts.map((s) => s.startsAt)).not.toContain(day(1, 6));
    expect((await audit({ action: 'unit.shift_remove', resourceId: 'champaign-mcrt-3', outcome: 'allowed' }))[0]!.detail).toEqual({ shiftId, startsAt: day(1, 6), endsAt: day(1, 18) });
    expect((await send(supervisor, 'DELETE', `/api/units/champaign-mcrt-3/shifts/${shiftId}`, {})).status).toBe(404);
  });
});

describe('dispatchUnitsFor and unitsOfUser', () => {
  it('gives the recommendation each unit with crew composition, capabilities, county area, status, position and home', async () => {
    const units = await dispatchUnitsFor(repos(), ['champaign-mcrt', 'champaign-co-response'], new Date());
    const co = units.find((u) => u.id === 'champaign-co-response-1')!;
    expect(co).toMatchObject({ model: 'law_enforcement_co_response_embedded', composition: ['police_officer', 'mcrt_clinician'], capabilities: { canTransport: true, naloxone: true }, home: { label: 'Urbana' } });
    expect(['Polygon', 'MultiPolygon']).toContain(co.serviceArea.type);
    expect(co.position).toMatchObject({ lat: expect.any(Number), at: expect.any(Date) });
    expect(units.map((u) => u.id)).not.toContain(ELSEWHERE);
  });

  it('feeds the recommendation as it is: a Spanish-speaking youth call goes only to the teams that have both', async () => {
    const now = new Date();
    const units = await dispatchUnitsFor(repos(), ['champaign-mcrt', 'champaign-co-response'], now);
    const rec = await recommendUnits(
      { location: { lat: 40.1106, lon: -88.2073 }, responsePlan: { responseType: 'mcrt', responders: ['mcrt_clinician', 'engagement_specialist'] }, needs: { youth: true, languages: ['es'] } },
      units,
      { now, travel: new GreatCircleEstimator(), staleAfterSeconds: 3600, regionalMaxMinutes: 60, limit: 3 },
    );
    // Mobile Crisis 2 by the demo; Mobile Crisis 3 was given Spanish and youth above.
    expect(rec.ranked.map((r) => r.unitId).sort()).toEqual(['champaign-mcrt-2', 'champaign-mcrt-3']);
    expect(rec.excluded).toContainEqual(expect.objectContaining({ unitId: 'champaign-mcrt-1', code: 'missing_capability' }));
  });

  it('falls back to the designed composition off shift, and then finds no unit for the user', async () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    const later = await dispatchUnitsFor(repos(), ['champaign-mcrt'], tomorrow);
    expect(later.find((u) => u.id === 'champaign-mcrt-1')!.composition).toEqual(['mcrt_clinician', 'engagement_specialist']);
    expect(await unitsOfUser(repos(), officer.userId, tomorrow)).toEqual([]);
    expect((await unitsOfUser(repos(), officer.userId, new Date())).map((u) => [u.unitId, u.role])).toEqual([['champaign-co-response-1', 'police_officer']]);
  });
});
