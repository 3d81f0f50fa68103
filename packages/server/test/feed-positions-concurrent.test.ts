import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeed, type FeedProbe } from './feed-client.ts';
import { signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// Many devices at once: their messages share statements (realtime/feed-ingest.ts, ADR 0015),
// and each must still hear its own outcome, judged on its own credentials.
let t: TestServer;
let clinician: Session;
const UNITS = Array.from({ length: 6 }, (_, k) => `champaign-mcrt-burst-${k}`);
const HOME = { lat: 40.11, lon: -88.24 };
let t0 = 0;
let seq = 0;
const fix = (unitId: string, s: number) => ({ unitId, lat: HOME.lat + s * 1e-5, lon: HOME.lon, accuracy: 8, at: new Date(t0 + s * 1000).toISOString() });
const message = <T>(items: T[]) => ({ type: 'positions', id: `c-${++seq}`, items });

async function device(): Promise<{ probe: FeedProbe; tokenId: string }> {
  const made = (await (await clinician.post('/api/tokens', { name: `device ${++seq}`, expiresInDays: 1 })).json()) as { token: string; id: string };
  const probe = await openFeed(t.url, { token: made.token });
  await probe.waitFor((m) => m.type === 'ready');
  return { probe, tokenId: made.id };
}

const outcomesOf = (answer: Record<string, unknown>) => (answer.items as { outcome: string; reason?: string }[]).map((i) => (i.reason ? `${i.outcome}:${i.reason}` : i.outcome));

beforeAll(async () => {
  t = await startTestServer();
  clinician = await signIn(t.url, 'clinician');
  await t.server.services.store.transaction(async (tx) => {
    for (const id of UNITS) await tx.units.upsert({ id, agencyId: 'champaign-mcrt', name: id, model: 'program_590_mcrt', composition: [], partnerAgencyIds: [], home: { ...HOME, label: null } });
  });
  for (const id of UNITS) expect((await clinician.post(`/api/units/${id}/status`, { status: 'available' })).status).toBe(200);
  t0 = Date.now() - 60_000;
});
afterAll(() => t.close());

describe('positions from many feed sockets at once', () => {
  it('answers each device with its own outcome, and stores a fix two devices sent at once only once', async () => {
    const devices = await Promise.all(UNITS.map(() => device()));
    const twin = await device();
    const sent = UNITS.map((id) => message([fix(id, 1)]));
    const same = message([fix(UNITS[0]!, 1)]);
    const answers = await Promise.all([...devices.map((d, k) => d.probe.ask(sent[k])), twin.probe.ask(same)]);
    answers.slice(0, UNITS.length).forEach((a, k) => expect(a).toMatchObject({ type: 'positions.result', id: sent[k]!.id, items: [{ unitId: UNITS[k], at: sent[k]!.items[0]!.at }] }));
    expect(answers.at(-1)).toMatchObject({ id: same.id });
    // Of the two copies of unit 0's fix, exactly one is stored; every other unit's is.
    expect([outcomesOf(answers[0]!)[0], outcomesOf(answers.at(-1)!)[0]].sort()).toEqual(['ignored:duplicate', 'stored']);
    expect(answers.slice(1, UNITS.length).map((a) => outcomesOf(a))).toEqual(UNITS.slice(1).map(() => ['stored']));
    const rows = await t.server.services.store.read.unitStatus.getMany(UNITS);
    expect(rows.map((u) => u.lastPosition?.at.toISOString()).sort()).toEqual(UNITS.map(() => new Date(t0 + 1000).toISOString()));
    for (const d of [...devices, twin]) d.probe.close();
  });

  it('refuses only the socket whose token was revoked, while the others sending beside it are served', async () => {
    const devices = await Promise.all(UNITS.map(() => device()));
    const revoked = devices[2]!;
    const res = await fetch(`${t.url}/api/tokens/${revoked.tokenId}`, { method: 'DELETE', headers: { cookie: clinician.cookie, 'x-csrf-token': clinician.csrf } });
    expect(res.status).toBe(204);
    const before = (await t.server.services.store.read.unitStatus.get(UNITS[2]!))!.lastPosition;
    // The revoked device's socket is closed by the revocation (or, if its message slips in first,
    // refused); the others are served as usual.
    if (revoked.probe.socket.readyState === revoked.probe.socket.OPEN) revoked.probe.socket.send(JSON.stringify(message([fix(UNITS[2]!, 2)])));
    const others = devices.filter((d) => d !== revoked);
    const answers = await Promise.all(others.map((d) => d.probe.ask(message([fix(UNITS[devices.indexOf(d)]!, 2)]))));
    for (const a of answers) expect(outcomesOf(a)).toEqual(['stored']);
    expect(await revoked.probe.closed).toBe(4401);
    expect(revoked.probe.messages.some((m) => m.type === 'positions.result')).toBe(false);
    expect((await t.server.services.store.read.unitStatus.get(UNITS[2]!))!.lastPosition).toEqual(before);
    for (const d of devices) d.probe.close();
  });
});
