import { subscribeFeed, type WebSocketLike } from '@continuum/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openFeed, type FeedProbe } from './feed-client.ts';
import { signIn, startTestServer, type Session, type TestServer } from './harness.ts';

let t: TestServer;
let clinician: Session;
let dispatcher: Session;
let officer: Session;
let crewToken: string;
let crewTokenId: string;

// Each test takes its own unit so that statuses and fix times never interfere.
const MCRT = ['champaign-mcrt-1', 'champaign-mcrt-2', 'champaign-mcrt-3'];
const ELSEWHERE = 'cook-mcrt-1';
const bases = new Map<string, { lat: number; lon: number }>();
// Fixes are placed after the seed's own fix and near each unit's base, or they read as late or as a jump.
let t0 = 0;
const fix = (unitId: string, s: number, o: { dLat?: number } & Record<string, unknown> = {}) => {
  const { dLat = 0, ...rest } = o;
  const base = bases.get(unitId) ?? { lat: 40.1, lon: -88.2 };
  return { unitId, lat: base.lat + dLat, lon: base.lon, accuracy: 8, at: new Date(t0 + s * 1000).toISOString(), ...rest };
};
let seq = 0;
const positions = <T>(items: T[]) => ({ type: 'positions', id: `m-${++seq}`, items });
const lastFix = async (unitId: string) => (await t.server.services.store.read.unitStatus.get(unitId))!.lastPosition;

beforeAll(async () => {
  t = await startTestServer();
  [clinician, dispatcher, officer] = (await Promise.all(['clinician', 'dispatcher', 'officer'].map((u) => signIn(t.url, u)))) as [Session, Session, Session];
  await t.server.services.store.transaction(async (tx) => {
    await tx.organisations.upsertRegion({ id: 'il-ems-11', kind: 'ems_region', name: 'EMS Region 11', parentId: 'il' });
    await tx.organisations.upsertAgency({ id: 'cook-mcrt', regionId: 'il-ems-11', kind: 'mcrt_provider', name: 'Cook MCRT', countyFips: '17031', lat: 41.88, lon: -87.63 });
    await tx.units.upsert({ id: ELSEWHERE, agencyId: 'cook-mcrt', name: 'Cook 1', model: 'program_590_mcrt', composition: [], partnerAgencyIds: [], home: { lat: 41.88, lon: -87.63, label: null } });
  });
  t0 = Date.now() + 1000;
  for (const u of await t.server.services.store.read.unitStatus.list(['champaign-mcrt', 'champaign-co-response'])) bases.set(u.id, u.lastPosition!);
  const created = (await (await clinician.post('/api/tokens', { name: 'tablet', expiresInDays: 1 })).json()) as { token: string; id: string };
  crewToken = created.token;
  crewTokenId = created.id;
});
afterAll(() => t.close());

const ready = async (p: FeedProbe) => {
  await p.waitFor((m) => m.type === 'ready');
  return p;
};

describe('positions over the live feed', () => {
  it('stores a crew fix sent on a token-authenticated socket, answered by id, and the board shows it', async () => {
    const probe = await ready(await openFeed(t.url, { token: crewToken }));
    const id = MCRT[0]!;
    const msg = positions([fix(id, 1, { dLat: 0.001, heading: 90, speed: 12 })]);
    const answer = await probe.ask(msg);
    expect(answer).toEqual({ type: 'positions.result', id: msg.id, items: [{ unitId: id, at: msg.items[0]!.at, outcome: 'stored' }] });
    expect(await lastFix(id)).toMatchObject({ lat: bases.get(id)!.lat + 0.001, heading: 90, speed: 12 });
    probe.close();
  });

  it('ignores a duplicate and an out-of-order fix, as the HTTP batch does, leaving the latest in place', async () => {
    const probe = await ready(await openFeed(t.url, { cookie: clinician.cookie }));
    const id = MCRT[0]!;
    const latest = fix(id, 4, { dLat: 0.0012 });
    expect(((await probe.ask(positions([latest]))).items as unknown[])).toEqual([expect.objectContaining({ outcome: 'stored' })]);
    const again = await probe.ask(positions([latest, fix(id, 3, { dLat: 0.0011 })]));
    expect((again.items as { outcome: string; reason: string }[]).map((i) => [i.outcome, i.reason])).toEqual([['ignored', 'duplicate'], ['ignored', 'out_of_order']]);
    expect((await lastFix(id))!.lat).toBe(latest.lat);
    probe.close();
  });

  it('rejects impossible coordinates, naming the field and the rule, and stores the good fix beside them', async () => {
    const probe = await ready(await openFeed(t.url, { token: crewToken }));
    const id = MCRT[1]!;
    const answer = await probe.ask(positions([fix(id, 5, { lat: 91 }), fix(id, 6, { lon: 200 }), fix(id, 7, { lat: 0, lon: 0 }), fix(id, 8, { dLat: 0.0005 })]));
    expect((answer.items as Record<string, unknown>[]).map((i) => [i.outcome, i.reason, i.field, i.rule])).toEqual([
      ['rejected', 'impossible_coordinates', 'lat', 'latitude_range'],
      ['rejected', 'impossible_coordinates', 'lon', 'longitude_range'],
      ['rejected', 'impossible_coordinates', 'lat', 'null_island'],
      ['stored', undefined, undefined, undefined],
    ]);
    probe.close();
  });

  it('refuses fixes of a unit off duty, of a unit the crew is not on, and of another region’s unit (as absent)', async () => {
    const offId = MCRT[2]!;
    expect((await clinician.post(`/api/units/${offId}/status`, { status: 'off_duty' })).status).toBe(200);
    const crew = await ready(await openFeed(t.url, { cookie: officer.cookie }));
    const answer = await crew.ask(positions([fix(MCRT[1]!, 20), fix('champaign-co-response-1', 2, { dLat: 0.0004 })]));
    expect((answer.items as Record<string, unknown>[]).map((i) => [i.outcome, i.reason ?? null])).toEqual([['rejected', 'forbidden'], ['stored', null]]);
    crew.close();
    const desk = await ready(await openFeed(t.url, { cookie: dispatcher.cookie }));
    const refused = await desk.ask(positions([fix(offId, 30), fix(ELSEWHERE, 30), fix('no-such-unit', 30)]));
    expect((refused.items as Record<string, unknown>[]).map((i) => [i.outcome, i.reason])).toEqual([['rejected', 'off_duty'], ['rejected', 'not_found'], ['rejected', 'not_found']]);
    expect(await t.server.services.store.read.unitStatus.get(offId)).toMatchObject({ status: 'off_duty' });
    desk.close();
  });

  it('the SDK’s sendPositions gets the same results from the real server, and its errors as ApiError', async () => {
    const feed = subscribeFeed({
      url: `${t.url}/api/feed`,
      createSocket: (u) => new WebSocket(u, { headers: { authorization: `Bearer ${crewToken}` } }) as unknown as WebSocketLike,
      onMessage: () => {},
    });
    const id = MCRT[1]!;
    const good = fix(id, 10, { dLat: 0.0002 });
    expect(await feed.sendPositions([good, good], { timeoutMs: 5000 })).toEqual([
      { unitId: id, at: good.at, outcome: 'stored' },
      expect.objectContaining({ unitId: id, at: good.at, outcome: 'ignored', reason: 'duplicate' }),
    ]);
    await expect(feed.sendPositions([{ ...good, lat: 'north' } as never], { timeoutMs: 5000 })).rejects.toMatchObject({ code: 'validation_failed', status: 400, issues: [expect.objectContaining({ field: 'items.0.lat', rule: 'type' })] });
    feed.close();
  });

  it('answers a malformed message with an error in the API shape, keeps the socket open, and leaks nothing', async () => {
    const probe = await ready(await openFeed(t.url, { token: crewToken }));
    const notJson = await probe.ask('{"type": "positions", ', undefined);
    expect(notJson).toMatchObject({ type: 'error', error: { code: 'validation_failed', issues: [{ field: 'message', rule: 'json' }] } });
    expect(notJson).not.toHaveProperty('id');
    const missing = await probe.ask({ type: 'positions', id: 'bad-1', items: [{ unitId: MCRT[1], lon: -88.2, at: new Date().toISOString(), extra: 1 }] });
    expect(missing).toMatchObject({ type: 'error', id: 'bad-1', error: { code: 'validation_failed' } });
    expect((missing.error as { issues: unknown[] }).issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'items.0.lat', rule: 'required' }),
      expect.objectContaining({ field: 'items.0.extra', rule: 'unknown_field' }),
    ]));
    const empty = await probe.ask({ type: 'positions', id: 'bad-2', items: [] });
    expect(empty).toMatchObject({ error: { issues: [expect.objectContaining({ field: 'items', rule: 'min' })] } });
    const unknown = await probe.ask({ type: 'subscribe', id: 'bad-3' });
    expect(unknown).toMatchObject({ type: 'error', id: 'bad-3', error: { code: 'validation_failed', issues: [expect.objectContaining({ field: 'type' })] } });
    expect(probe.socket.readyState).toBe(probe.socket.OPEN);
    // Still answered after all that.
    expect((await probe.ask(positions([fix(MCRT[1]!, 40, { dLat: 0.0006 })]))).type).toBe('positions.result');
    expect(JSON.stringify(probe.messages)).not.toMatch(/Diaz|Race St|555 0142|clinician|@/);
    probe.close();
  });

  it('refuses a role without field updates with `forbidden`, audited as denied', async () => {
    const telecom = await signIn(t.url, 'telecom');
    const probe = await ready(await openFeed(t.url, { cookie: telecom.cookie }));
    const answer = await probe.ask(positions([fix(MCRT[1]!, 50)]));
    expect(answer).toMatchObject({ type: 'error', error: { code: 'forbidden' } });
    const rows = await t.server.services.store.read.audit.search({ action: 'unit.positions', outcome: 'denied', limit: 10 });
    expect(rows.map((r) => r.actorId)).toContain(telecom.userId);
    expect(probe.socket.readyState).toBe(probe.socket.OPEN);
    probe.close();
  });

  it('processes nothing from a socket whose token was revoked, even if it races the hub’s close', async () => {
    const probe = await ready(await openFeed(t.url, { token: crewToken }));
    const id = MCRT[1]!;
    const before = await lastFix(id);
    const res = await fetch(`${t.url}/api/tokens/${crewTokenId}`, { method: 'DELETE', headers: { cookie: clinician.cookie, 'x-csrf-token': clinician.csrf } });
    expect(res.status).toBe(204);
    // The revocation closes the socket through the feed; a message that slips in first is refused.
    if (probe.socket.readyState === probe.socket.OPEN) probe.socket.send(JSON.stringify(positions([fix(id, 60, { dLat: 0.0007 })])));
    expect(await probe.closed).toBe(4401);
    expect(probe.messages.some((m) => m.type === 'positions.result')).toBe(false);
    expect(await lastFix(id)).toEqual(before);
  });

  it('processes nothing from a signed-out cookie session, even if it races the hub’s close', async () => {
    const crew = await signIn(t.url, 'clinician');
    const probe = await ready(await openFeed(t.url, { cookie: crew.cookie }));
    const id = MCRT[1]!;
    const before = await lastFix(id);
    const out = await fetch(`${t.url}/api/session`, { method: 'DELETE', headers: { cookie: crew.cookie, 'x-csrf-token': crew.csrf } });
    expect(out.status).toBe(204);
    if (probe.socket.readyState === probe.socket.OPEN) probe.socket.send(JSON.stringify(positions([fix(id, 70, { dLat: 0.0008 })])));
    expect(await probe.closed).toBe(4401);
    expect(probe.messages.some((m) => m.type === 'positions.result')).toBe(false);
    expect(await lastFix(id)).toEqual(before);
  });
});
