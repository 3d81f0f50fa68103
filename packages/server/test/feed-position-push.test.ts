import { agenciesInReach, can, ROLES, type Role } from '@continuum/domain';
import { createUser } from '../src/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeed, type FeedProbe } from './feed-client.ts';
import { signIn, startTestServer, type Session, type TestServer } from './harness.ts';

/**
 * Fixes pushed to the boards over the feed (ADR 0038). A position is location data: a role hears
 * a unit's fixes only if it may list that unit (GET /api/units: `incident.read`, the unit's
 * agency within reach). Who should hear is asked of the domain's own rules, never a table here.
 */
let t: TestServer;
const sessions = new Map<Role, Session & { agencyId: string }>();
const feeds = new Map<Role, FeedProbe>();

const USERNAME: Record<Role, string> = {
  telecommunicator: 'telecom', crisis_counsellor: 'counsellor', crisis_dispatcher: 'dispatcher', mcrt_clinician: 'clinician',
  engagement_specialist: 'peer', police_officer: 'officer', ems_crew: 'ems', case_manager: 'casemanager', facility_intake: 'intake',
  supervisor: 'supervisor', rac_analyst: 'analyst', auditor: 'auditor', privacy_officer: 'privacy', administrator: 'admin',
};

const UNIT = 'champaign-mcrt-2';
const ELSEWHERE = 'cook-mcrt-1';
let cook: Session;
let cookFeed: FeedProbe;
let base = { lat: 40.1, lon: -88.2 };
let t0 = 0;
const fix = (s: number, dLat: number) => ({ unitId: UNIT, lat: base.lat + dLat, lon: base.lon, accuracy: 6, heading: 45, speed: 3, at: new Date(t0 + s * 1000).toISOString() });
let seq = 0;
const pushes = (f: FeedProbe) => f.messages.filter((m) => m.type === 'positions.update') as { items: { unitId: string; lat: number; at: string }[] }[];

/** Waits until everything the server sent this socket before now has arrived: an answered message is a barrier on its socket. */
const settle = (f: FeedProbe) => f.ask('not json', undefined);

beforeAll(async () => {
  t = await startTestServer();
  for (const role of ROLES) {
    const s = await signIn(t.url, USERNAME[role]);
    const me = (await (await s.get('/api/session')).json()) as { agency: { id: string } };
    sessions.set(role, { ...s, agencyId: me.agency.id });
    if (can({ role, scopes: null }, 'feed.subscribe')) feeds.set(role, await openFeed(t.url, { cookie: s.cookie }));
  }
  for (const f of feeds.values()) await f.waitFor((m) => m.type === 'ready');
  base = (await t.server.services.store.read.unitStatus.get(UNIT))!.lastPosition!;
  // A centre in another region, with no agreement with Champaign's: neither hears the other's units.
  await t.server.services.store.transaction(async (tx) => {
    await tx.organisations.upsertRegion({ id: 'il-ems-11', kind: 'ems_region', name: 'EMS Region 11', parentId: 'il' });
    await tx.organisations.upsertAgency({ id: 'cook-mcrt', regionId: 'il-ems-11', kind: 'mcrt_provider', name: 'Cook MCRT', countyFips: '17031', lat: 41.88, lon: -87.63 });
    await tx.units.upsert({ id: ELSEWHERE, agencyId: 'cook-mcrt', name: 'Cook 1', model: 'program_590_mcrt', composition: [], partnerAgencyIds: [], home: { lat: 41.88, lon: -87.63, label: null } });
  });
  await createUser(t.server.services, 'system', { username: 'cook.dispatcher', displayName: 'Cook Desk', password: 'a-long-enough-password', role: 'crisis_dispatcher', agencyId: 'cook-mcrt' });
  cook = await signIn(t.url, 'cook.dispatcher', 'a-long-enough-password');
  cookFeed = await openFeed(t.url, { cookie: cook.cookie });
  await cookFeed.waitFor((m) => m.type === 'ready');
  t0 = Date.now() + 1000;
}, 120_000);
afterAll(async () => {
  for (const f of feeds.values()) f.close();
  cookFeed?.close();
  await t.close();
});

describe('positions pushed over the feed', () => {
  it('reaches every role that may list the unit, with the fix as stored, and no other role', async () => {
    const crew = feeds.get('mcrt_clinician')!;
    const sent = fix(1, 0.001);
    const answer = await crew.ask({ type: 'positions', id: `p-${++seq}`, items: [sent] });
    expect(answer.items).toEqual([expect.objectContaining({ outcome: 'stored' })]);

    const agreements = await t.server.services.store.read.sharing.current();
    const unitAgency = (await t.server.services.store.read.unitStatus.get(UNIT))!.agencyId;
    const mayList = (role: Role) => {
      const s = sessions.get(role)!;
      return can({ role, scopes: null }, 'incident.read') && agenciesInReach({ role, agencyId: s.agencyId }, agreements, new Date()).includes(unitAgency);
    };
    const hearers = [...feeds.keys()].filter(mayList);
    const others = [...feeds.keys()].filter((r) => !mayList(r));
    // Both sides are exercised: the dispatcher hears, and roles without incident.read do not.
    expect(hearers).toContain('crisis_dispatcher');
    expect(others.length).toBeGreaterThan(0);
    expect(others).toEqual(expect.arrayContaining(['facility_intake', 'auditor', 'privacy_officer']));

    for (const role of hearers) {
      const heard = await feeds.get(role)!.waitFor((m) => m.type === 'positions.update');
      expect(heard, role).toEqual({
        type: 'positions.update',
        items: [{ unitId: UNIT, lat: sent.lat, lon: sent.lon, at: sent.at, accuracy: 6, heading: 45, speed: 3 }],
      });
    }
    for (const role of others) {
      const f = feeds.get(role)!;
      await settle(f);
      expect(pushes(f), role).toEqual([]);
    }
    // A dispatcher of another region, who may list units but not Champaign's, hears nothing of it.
    await settle(cookFeed);
    expect(pushes(cookFeed)).toEqual([]);
  });

  it('a unit of another region is heard by its own centre only', async () => {
    const unit = (await t.server.services.store.read.unitStatus.get(ELSEWHERE))!;
    if (unit.status === 'off_duty') {
      const on = await cook.post(`/api/units/${ELSEWHERE}/status`, { status: 'available' });
      expect(on.status).toBe(200);
    }
    const at = new Date(Date.now() + 500).toISOString();
    const answer = await cookFeed.ask({ type: 'positions', id: `p-${++seq}`, items: [{ unitId: ELSEWHERE, lat: 41.881, lon: -87.631, at }] });
    expect(answer.items).toEqual([expect.objectContaining({ outcome: 'stored' })]);
    const heard = await cookFeed.waitFor((m) => m.type === 'positions.update');
    expect(heard).toEqual({ type: 'positions.update', items: [{ unitId: ELSEWHERE, lat: 41.881, lon: -87.631, at, accuracy: null, heading: null, speed: null }] });
    const board = feeds.get('crisis_dispatcher')!;
    await settle(board);
    expect(pushes(board).flatMap((m) => m.items.map((i) => i.unitId))).not.toContain(ELSEWHERE);
    expect(pushes(board).length).toBeGreaterThan(0);
  });

  it('pushes a fix reported over HTTP too, and nothing for an ignored or rejected one', async () => {
    const board = feeds.get('crisis_dispatcher')!;
    const before = pushes(board).length;
    const clinician = sessions.get('mcrt_clinician')!;
    const good = fix(10, 0.0012);
    const res = await clinician.post('/api/positions', [good, { ...fix(11, 0), lat: 91 }, good]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { outcome: string }[] };
    expect(body.items.map((i) => i.outcome)).toEqual(['stored', 'rejected', 'ignored']);
    await board.waitFor((m) => m.type === 'positions.update' && JSON.stringify(m).includes(good.at));
    await settle(board);
    const after = pushes(board).slice(before);
    expect(after.flatMap((m) => m.items.map((i) => i.at))).toEqual([good.at]);
  });

  it('tells a console whose session ended nothing more', async () => {
    const supervisor = sessions.get('supervisor')!;
    const feed = feeds.get('supervisor')!;
    expect(can({ role: 'supervisor', scopes: null }, 'incident.read')).toBe(true);
    const out = await fetch(`${t.url}/api/session`, { method: 'DELETE', headers: { cookie: supervisor.cookie, 'x-csrf-token': supervisor.csrf } });
    expect(out.status).toBe(204);
    expect(await feed.closed).toBe(4401);
    const before = pushes(feed).length;
    const crew = feeds.get('mcrt_clinician')!;
    const answer = await crew.ask({ type: 'positions', id: `p-${++seq}`, items: [fix(20, 0.0014)] });
    expect(answer.items).toEqual([expect.objectContaining({ outcome: 'stored' })]);
    await feeds.get('crisis_dispatcher')!.waitFor((m) => m.type === 'positions.update' && JSON.stringify(m).includes(fix(20, 0).at));
    expect(pushes(feed).length).toBe(before);
  });
});
