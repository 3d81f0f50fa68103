import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// Issue 12 §5: teams assembled from two units, proposed by the recommendation and sent in one
// step through the one write path (both units or neither, idempotent).
let t: TestServer;
let telecom: Session;
let dispatcher: Session;

beforeAll(async () => {
  t = await startTestServer();
  [telecom, dispatcher] = (await Promise.all(['telecom', 'dispatcher'].map((u) => signIn(t.url, u)))) as [Session, Session];
});
afterAll(() => t.close());

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown>; issues?: { field: string; rule: string }[] } };
interface Combination { units: { unitId: string; name: string; roles: string[]; etaMinutes: number }[]; arrivalMinutes: number; mode: string; reasons: string[] }
interface Rec { responseType: string; ranked: unknown[]; combinations: Combination[]; shortfalls: { code: string; detail: string }[] }

const unitRow = (id: string) => t.server.services.store.read.unitStatus.get(id);
const eventTypes = async (id: string) => (await t.server.services.store.read.incidents.events(id)).map((e) => e.type);
const assignAudits = (id: string, outcome: 'allowed' | 'denied' | 'failed') => t.server.services.store.read.audit.search({ action: 'incident.assign', resourceId: id, outcome, limit: 100 });

/** A call whose plan is EMS with a peer (EMS co-response, model 1): no demo unit carries both. */
async function emsWithPeerCall(): Promise<string> {
  const { id } = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
  for (const body of [
    { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' },
    { action: 'override_response', to: 'ems_co_response', reasonCode: 'other', note: 'overdose: EMS with a peer recovery specialist' },
    { action: 'queue_for_dispatch' },
  ]) {
    const res = await telecom.post(`/api/incidents/${id}/transitions`, body);
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
  }
  return id;
}

const recommend = async (id: string): Promise<Rec> => {
  const res = await dispatcher.get(`/api/incidents/${id}/recommendation`);
  expect(res.status).toBe(200);
  return (await res.json()) as Rec;
};

const assignPair = (id: string, units: string[], key = randomUUID(), extra: Record<string, unknown> = { mode: 'meet_on_site' }) =>
  dispatcher.post(`/api/incidents/${id}/assignments`, { units, ...extra }, { 'idempotency-key': key });

describe('the recommendation proposes two units where no single unit carries the team', () => {
  it('pairs an ambulance with a crisis team for EMS + peer, says no single unit carries both, and gives reasons', async () => {
    const rec = await recommend(await emsWithPeerCall());
    expect(rec.responseType).toBe('ems_co_response');
    expect(rec.ranked).toEqual([]);
    expect(rec.shortfalls.map((s) => s.code)).toEqual(['no_single_unit_with_composition']);
    expect(rec.combinations.length).toBeGreaterThan(0);
    for (const c of rec.combinations) {
      expect(c.mode).toBe('meet_on_site');
      expect(c.units).toHaveLength(2);
      expect(c.units.map((u) => u.roles).flat().sort()).toEqual(['ems_crew', 'engagement_specialist']);
      expect(c.arrivalMinutes).toBe(Math.max(...c.units.map((u) => u.etaMinutes)));
    }
    expect(rec.combinations.map((c) => c.arrivalMinutes)).toEqual([...rec.combinations.map((c) => c.arrivalMinutes)].sort((a, b) => a - b));
    const best = rec.combinations[0]!;
    expect(best.units.some((u) => u.unitId.startsWith('champaign-ems-'))).toBe(true);
    expect(best.units.some((u) => u.unitId.startsWith('champaign-mcrt-'))).toBe(true);
    expect(best.reasons.some((r) => r.startsWith('Together they bring EMS crew + engagement specialist (peer)'))).toBe(true);
  });
});

describe('assigning a combination in one step', () => {
  it('refuses two units without a way of arriving (400, field mode) and writes neither', async () => {
    const id = await emsWithPeerCall();
    const pair = (await recommend(id)).combinations[0]!.units.map((u) => u.unitId);
    const res = await assignPair(id, pair, randomUUID(), {});
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.issues).toEqual([expect.objectContaining({ field: 'mode', rule: 'required_for_several_units' })]);
    for (const u of pair) expect(await unitRow(u)).toMatchObject({ status: 'available', currentIncidentId: null });
    expect(await eventTypes(id)).not.toContain('incident.unit_assigned');
  });

  it('sends both units in one write, and a replay with the same key changes nothing', async () => {
    const id = await emsWithPeerCall();
    const pair = (await recommend(id)).combinations[0]!.units.map((u) => u.unitId);
    const key = randomUUID();
    const first = await assignPair(id, pair, key);
    expect(first.status, JSON.stringify(await first.clone().json())).toBe(200);
    expect(first.headers.get('idempotent-replay')).toBe('false');
    const body = (await first.json()) as { assignments: { unitId: string; mode: string; stage: string; justification: unknown }[] };
    expect(body.assignments.map((a) => a.unitId).sort()).toEqual([...pair].sort());
    expect(body.assignments.every((a) => a.mode === 'meet_on_site' && a.stage === 'assigned' && a.justification === null)).toBe(true);
    for (const u of pair) expect(await unitRow(u)).toMatchObject({ status: 'dispatched', currentIncidentId: id });
    const eventsAfter = await eventTypes(id);
    expect(eventsAfter.filter((e) => e === 'incident.unit_assigned')).toHaveLength(2);

    const replay = await assignPair(id, pair, key);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replay')).toBe('true');
    expect(await eventTypes(id)).toEqual(eventsAfter);
    expect(await assignAudits(id, 'allowed')).toHaveLength(1);
    for (const u of pair) expect(await unitRow(u)).toMatchObject({ status: 'dispatched', currentIncidentId: id });
  });

  it('refuses the pair with 409 naming the unit when one of them is no longer available, and writes neither', async () => {
    const id = await emsWithPeerCall();
    const pair = (await recommend(id)).combinations[0]!.units;
    const [free, taken] = pair as [Combination['units'][number], Combination['units'][number]];
    // Another call takes the second unit first (it answers that call's plan, so no justification is needed).
    const other = await emsWithPeerCall();
    const otherPair = (await recommend(other)).combinations.find((c) => c.units.some((u) => u.unitId === taken.unitId) && c.units.every((u) => u.unitId !== free.unitId))!;
    expect(otherPair, 'a pairing of the other call that takes the unit').toBeDefined();
    expect((await assignPair(other, otherPair.units.map((u) => u.unitId))).status).toBe(200);
    const before = await eventTypes(id);

    const res = await assignPair(id, [free.unitId, taken.unitId]);
    expect(res.status).toBe(409);
    const err = ((await res.json()) as ErrorBody).error;
    expect(err.code).toBe('illegal_transition');
    expect(err.message).toBe(`${taken.name} is dispatched, not available`);
    expect(err.details).toMatchObject({ unitId: taken.unitId, currentStatus: 'dispatched', field: 'units.1' });
    expect(await unitRow(free.unitId)).toMatchObject({ status: 'available', currentIncidentId: null });
    expect(await eventTypes(id)).toEqual(before);
    expect(await assignAudits(id, 'allowed')).toHaveLength(0);
    const incident = (await (await dispatcher.get(`/api/incidents/${id}`)).json()) as { status: string };
    expect(incident.status).toBe('awaiting_dispatch');
  });
});
