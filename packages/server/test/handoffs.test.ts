import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/index.ts';
import { sweepHandoffs } from '../src/services/handoff/timers.ts';
import { openFeed } from './feed-client.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

const PSAP = 'champaign-911';
const LIFELINE = 'champaign-988';
const CARES = 'il-cares-line';
const SETTINGS = { rolloverSeconds: 180, escalationAlertSeconds: 30 };

let t: TestServer;
let telecom: Session;
let counsellor: Session;
let counsellor2: Session;
let cares: Session;
let dispatcher: Session;

interface HandoffBody { id: string; state: string; incidentId: string; direction: string; call: { dispatchNow: boolean }; decidedBy: { name: string } | null; steps: { state: string }[]; rolledToId: string | null; supervisorAlertedAt: string | null }

beforeAll(async () => {
  t = await startTestServer();
  // A second counsellor of the same 988 centre, so that two receivers can race for one call.
  await createUser(t.server.services, 'system', { username: 'counsellor2', displayName: 'Ada Second', role: 'crisis_counsellor', agencyId: LIFELINE, password: 'racing-receiver-pw1' });
  [telecom, counsellor, counsellor2, cares, dispatcher] = await Promise.all([
    signIn(t.url, 'telecom'), signIn(t.url, 'counsellor'), signIn(t.url, 'counsellor2', 'racing-receiver-pw1'), signIn(t.url, 'cares'), signIn(t.url, 'dispatcher'),
  ]);
});
afterAll(() => t.close());

const json = async <T = Record<string, unknown>>(res: Response | Promise<Response>) => (await (await res).json()) as T;

/** A 911 call triaged level 1: the one 911 refers to 988. */
async function levelOneCall(): Promise<string> {
  const { id } = await json<{ id: string }>(telecom.post('/api/incidents', buildIncidentInput()));
  const triaged = await telecom.post(`/api/incidents/${id}/transitions`, { action: 'triage', level: 1, protocolVersion: 'il-irlm@2025.09', factors: ['wants_to_talk'] });
  expect(triaged.status).toBe(200);
  return id;
}

const offer = (s: Session, body: Record<string, unknown>, headers?: Record<string, string>) => s.post('/api/handoffs', body, headers);

describe('offering a hand-off', () => {
  it('a 911 referral reaches the 988 centre’s inbox, and only the two agencies hear of it', async () => {
    const incidentId = await levelOneCall();
    const [receiverFeed, senderFeed, otherFeed] = await Promise.all([openFeed(t.url, { cookie: counsellor.cookie }), openFeed(t.url, { cookie: telecom.cookie }), openFeed(t.url, { cookie: dispatcher.cookie })]);
    await Promise.all([receiverFeed, senderFeed, otherFeed].map((f) => f.waitFor((m) => m.type === 'ready')));
    const res = await offer(telecom, { incidentId, toAgencyId: LIFELINE, kind: 'cold_referral' });
    expect(res.status).toBe(201);
    const h = await json<HandoffBody>(res);
    expect(h).toMatchObject({ state: 'offered', direction: 'outgoing', incidentId });
    expect(await json<{ status: string }>(telecom.get(`/api/incidents/${incidentId}`))).toMatchObject({ status: 'transferred_to_988' });
    await receiverFeed.waitFor((m) => m.entity === 'handoff' && m.id === h.id);
    await senderFeed.waitFor((m) => m.entity === 'handoff' && m.id === h.id);
    // The crisis hub shares an agreement with both, yet the hand-off is not its business. The
    // sender's feed saw the hand-off after the hub would have (one commit), so the hub's silence is real.
    await otherFeed.waitFor((m) => m.entity === 'incident' && m.id === incidentId);
    expect(otherFeed.messages.filter((m) => m.entity === 'handoff')).toEqual([]);
    for (const f of [receiverFeed, senderFeed, otherFeed]) f.close();
    const inbox = await json<{ items: HandoffBody[]; open: number }>(counsellor.get('/api/handoffs?box=inbox'));
    expect(inbox.items.find((i) => i.id === h.id)).toMatchObject({ direction: 'incoming', state: 'offered' });
    expect(inbox.open).toBeGreaterThanOrEqual(1);
    expect((await counsellor.get(`/api/handoffs/${h.id}`)).status).toBe(200);
    // Neither side's business: another agency's staff get 404, not the hand-off.
    expect((await cares.get(`/api/handoffs/${h.id}`)).status).toBe(404);
  });

  it('refuses an unknown agency naming it, and an agency that does not take the kind with the reason', async () => {
    const incidentId = await levelOneCall();
    const unknown = await offer(telecom, { incidentId, toAgencyId: 'no-such-centre', kind: 'cold_referral' });
    expect(unknown.status).toBe(422);
    const u = await json<{ error: { issues: { field: string; rule: string; message: string }[] } }>(unknown);
    expect(u.error.issues[0]).toMatchObject({ field: 'toAgencyId', rule: 'unknown_agency' });
    expect(u.error.issues[0]!.message).toContain('no-such-centre');
    const ed = await offer(telecom, { incidentId, toAgencyId: 'urbana-ed', kind: 'cold_referral' });
    expect(ed.status).toBe(422);
    const e = await json<{ error: { issues: { field: string; rule: string; message: string }[] } }>(ed);
    expect(e.error.issues[0]).toMatchObject({ field: 'kind', rule: 'kind_not_taken' });
    expect(e.error.issues[0]!.message).toContain('takes no hand-offs');
    const wrongKind = await json<{ error: { issues: { rule: string; message: string }[] } }>(offer(telecom, { incidentId, toAgencyId: LIFELINE, kind: 'emergency_escalation', note: 'x' }));
    expect(wrongKind.error.issues[0]).toMatchObject({ rule: 'kind_not_taken' });
    // Nothing was offered and the call did not move.
    expect(await json<{ status: string }>(telecom.get(`/api/incidents/${incidentId}`))).toMatchObject({ status: 'triaged' });
  });

  it('two receivers accepting at once: one wins, the other gets 409 naming who took it', async () => {
    const incidentId = await levelOneCall();
    const h = await json<HandoffBody>(offer(telecom, { incidentId, toAgencyId: LIFELINE, kind: 'cold_referral' }));
    const answers = await Promise.all([counsellor.post(`/api/handoffs/${h.id}/accept`, {}), counsellor2.post(`/api/handoffs/${h.id}/accept`, {})]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = await json<HandoffBody>(answers.find((r) => r.status === 200)!);
    const loser = await json<{ error: { message: string; details: { acceptedBy: { name: string } } } }>(answers.find((r) => r.status === 409)!);
    expect(loser.error.details.acceptedBy.name).toBe(winner.decidedBy!.name);
    expect(loser.error.message).toContain(winner.decidedBy!.name);
    expect(winner.steps.map((s) => s.state)).toEqual(['offered', 'accepted']);
  });

  it('accepting twice with one key is one acceptance', async () => {
    const incidentId = await levelOneCall();
    const h = await json<HandoffBody>(offer(telecom, { incidentId, toAgencyId: LIFELINE, kind: 'cold_referral' }));
    const key = { 'idempotency-key': `accept-${h.id}` };
    const first = await counsellor.post(`/api/handoffs/${h.id}/accept`, {}, key);
    const again = await counsellor.post(`/api/handoffs/${h.id}/accept`, {}, key);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    const events = await t.server.services.store.read.handoffs.events(h.id);
    expect(events.map((e) => e.type)).toEqual(['handoff.offered', 'handoff.accepted']);
  });

  it('a declined offer says why, and the call may be offered again', async () => {
    const incidentId = await levelOneCall();
    const h = await json<HandoffBody>(offer(telecom, { incidentId, toAgencyId: LIFELINE, kind: 'cold_referral' }));
    expect((await offer(telecom, { incidentId, toAgencyId: LIFELINE, kind: 'warm_transfer' })).status).toBe(409);
    expect((await counsellor.post(`/api/handoffs/${h.id}/decline`, { reason: '' })).status).toBe(400);
    const declined = await json<HandoffBody & { declineReason: string }>(counsellor.post(`/api/handoffs/${h.id}/decline`, { reason: 'All counsellors on calls' }));
    expect(declined).toMatchObject({ state: 'declined', declineReason: 'All counsellors on calls' });
    // The sender cannot accept its own offer: it is not in its inbox.
    expect((await telecom.post(`/api/handoffs/${h.id}/accept`, {})).status).toBe(404);
    expect((await offer(telecom, { incidentId, toAgencyId: LIFELINE, kind: 'warm_transfer' })).status).toBe(201);
  });
});

describe('access follows the hand-off', () => {
  it('the CARES line reads a youth call only while it is offered or accepted, audited as via the hand-off, never Part 2', async () => {
    const { id: incidentId } = await json<{ id: string }>(telecom.post('/api/incidents', buildIncidentInput({ person: { name: 'Sam Lee', age: 15, medicaid: true } })));
    expect((await cares.get(`/api/incidents/${incidentId}`)).status).toBe(404);
    // Routing needs a level: an untriaged call is refused, naming the rule.
    const untriaged = await json<{ error: { issues: { rule: string }[] } }>(offer(telecom, { incidentId, toAgencyId: CARES, kind: 'warm_transfer' }));
    expect(untriaged.error.issues[0]!.rule).toBe('triage_required');
    expect((await telecom.post(`/api/incidents/${incidentId}/transitions`, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' })).status).toBe(200);
    const h = await json<HandoffBody>(offer(telecom, { incidentId, toAgencyId: CARES, kind: 'warm_transfer' }));
    expect(h.state).toBe('offered');
    const read = await cares.get(`/api/incidents/${incidentId}`);
    expect(read.status).toBe(200);
    const view = await json<{ status: string; personName: string; summary: string; part2?: unknown }>(read);
    expect(view).toMatchObject({ status: 'routed_to_cares', personName: 'Sam Lee' });
    expect(view.part2).toBeUndefined();
    const audit = await t.server.services.store.read.audit.search({ actorId: cares.userId, action: 'incident.read', limit: 5 });
    expect(audit[0]).toMatchObject({ resourceId: incidentId, detail: { via: 'handoff', handoffIds: [h.id] } });
    await json(cares.post(`/api/handoffs/${h.id}/decline`, { reason: 'Not on Medicaid after all: adult services' }));
    expect((await cares.get(`/api/incidents/${incidentId}`)).status).toBe(404);
  });

  it('a youth call reaches CARES with its 2-hour clock, and closing it there opens the youth follow-up', async () => {
    const { id: incidentId } = await json<{ id: string }>(telecom.post('/api/incidents', buildIncidentInput({ person: { name: 'Jo Kim', age: 17, medicaid: true } })));
    await telecom.post(`/api/incidents/${incidentId}/transitions`, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' });
    const h = await json<HandoffBody>(offer(telecom, { incidentId, toAgencyId: CARES, kind: 'warm_transfer' }));
    // The region's level 2 plan says 60 minutes; the CARES route keeps the statewide youth 120.
    const state = await t.server.services.store.read.incidents.get(incidentId);
    expect(state!.triage!.recommended!.maxResponseMinutes).toBe(60);
    expect(state!.caresMaxResponseMinutes).toBe(120);
    expect(await json(cares.post(`/api/handoffs/${h.id}/accept`, {}))).toMatchObject({ state: 'accepted' });
    const closed = await cares.post(`/api/incidents/${incidentId}/transitions`, { action: 'close', disposition: 'referred' });
    expect(closed.status).toBe(200);
    const episode = await t.server.services.store.read.followup.openFor(incidentId, 'youth_cares');
    expect(episode).toMatchObject({ programme: 'youth_cares', incidentId });
  });

  it('an escalation to 911 arrives as DISPATCH NOW, without the clinical classes', async () => {
    const { id: incidentId } = await json<{ id: string }>(counsellor.post('/api/incidents', buildIncidentInput({ entryPoint: '988' })));
    const noNote = await offer(counsellor, { incidentId, toAgencyId: PSAP, kind: 'emergency_escalation' });
    expect(noNote.status).toBe(400);
    const h = await json<HandoffBody>(offer(counsellor, { incidentId, toAgencyId: PSAP, kind: 'emergency_escalation', note: 'Has taken pills and is losing consciousness' }));
    const inbox = await json<{ items: HandoffBody[] }>(telecom.get('/api/handoffs'));
    expect(inbox.items.find((i) => i.id === h.id)).toMatchObject({ call: { dispatchNow: true }, state: 'offered' });
    const view = await json<{ status: string; summary?: string; location?: unknown }>(telecom.get(`/api/incidents/${incidentId}`));
    expect(view.status).toBe('escalated_to_911');
    expect(view.location).toBeDefined();
  });
});

describe('hand-offs counted (CESSA §40)', () => {
  it('counts by kind, direction and outcome with the time to acceptance; the report takes whole ended months of the reader’s region', async () => {
    const now = new Date();
    const rows = await t.server.services.store.read.handoffs.monthCounts('il-ems-6', new Date(now.getTime() - 86_400_000), new Date(now.getTime() + 86_400_000));
    expect(rows.length).toBeGreaterThan(0);
    const referred = rows.filter((r) => r.kind === 'cold_referral' && r.fromAgencyKind === 'psap' && r.toAgencyKind === '988_centre');
    expect(referred.map((r) => r.state)).toEqual(expect.arrayContaining(['accepted', 'declined']));
    const accepted = referred.find((r) => r.state === 'accepted')!;
    expect(accepted.count).toBeGreaterThanOrEqual(2);
    expect(accepted.acceptedSecondsMedian).not.toBeNull();
    const analyst = await signIn(t.url, 'analyst');
    const thisMonth = now.toISOString().slice(0, 7);
    const refused = await json<{ error: { issues: { field: string; rule: string }[] } }>(analyst.get(`/api/reports/handoffs?month=${thisMonth}`));
    expect(refused.error.issues[0]).toMatchObject({ field: 'querystring.month', rule: 'ended' });
    expect((await analyst.get('/api/reports/handoffs?month=2026-01&region=il-ems-7')).status).toBe(403);
    const past = await analyst.get('/api/reports/handoffs?month=2026-01&region=il-ems-6');
    expect(past.status).toBe(200);
    expect(await json(past)).toMatchObject({ regionId: 'il-ems-6', offered: 0, rows: [] });
  });
});

describe('hand-off timers', () => {
  it('a 988 contact nobody accepts within 3 minutes rolls over to the backup centre', async () => {
    const incidentId = await levelOneCall();
    const h = await json<HandoffBody>(offer(telecom, { incidentId, toAgencyId: LIFELINE, kind: 'cold_referral' }));
    const offeredAt = new Date((await t.server.services.store.read.handoffs.get(h.id))!.offeredAt);
    const early = await sweepHandoffs(t.server.services, SETTINGS, new Date(offeredAt.getTime() + 179_000));
    expect(early.expired).not.toContain(h.id);
    const done = await sweepHandoffs(t.server.services, SETTINGS, new Date(offeredAt.getTime() + 180_000));
    expect(done.rolledOver).toContain(h.id);
    const old = await json<HandoffBody>(telecom.get(`/api/handoffs/${h.id}`));
    expect(old.steps.map((s) => s.state)).toEqual(['offered', 'expired', 'rolled_over']);
    const backup = await signIn(t.url, 'backup988');
    const inbox = await json<{ items: HandoffBody[] }>(backup.get('/api/handoffs'));
    expect(inbox.items.find((i) => i.id === old.rolledToId)).toMatchObject({ state: 'offered', incidentId });
    expect((await backup.get(`/api/incidents/${incidentId}`)).status).toBe(200);
    expect(await json<HandoffBody>(backup.post(`/api/handoffs/${old.rolledToId}/accept`, {}))).toMatchObject({ state: 'accepted' });
  });

  it('an escalation nobody accepts within the set seconds alerts the supervisor once', async () => {
    const { id: incidentId } = await json<{ id: string }>(counsellor.post('/api/incidents', buildIncidentInput({ entryPoint: '988' })));
    const h = await json<HandoffBody>(offer(counsellor, { incidentId, toAgencyId: PSAP, kind: 'emergency_escalation', note: 'Weapon in hand' }));
    const offeredAt = (await t.server.services.store.read.handoffs.get(h.id))!.offeredAt;
    expect((await sweepHandoffs(t.server.services, SETTINGS, new Date(offeredAt.getTime() + 29_000))).alerted).not.toContain(h.id);
    expect((await sweepHandoffs(t.server.services, SETTINGS, new Date(offeredAt.getTime() + 30_000))).alerted).toContain(h.id);
    expect((await sweepHandoffs(t.server.services, SETTINGS, new Date(offeredAt.getTime() + 60_000))).alerted).not.toContain(h.id);
    const after = await json<HandoffBody>(telecom.get(`/api/handoffs/${h.id}`));
    expect(after).toMatchObject({ state: 'offered' });
    expect(after.supervisorAlertedAt).not.toBeNull();
  });
});
