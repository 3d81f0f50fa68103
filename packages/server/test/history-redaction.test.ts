import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// The event history and the response view go through the same field classes as the incident:
// free text is clinical, a free-text destination is a place. Part 2 events are a stream of their
// own (ADR 0016): merged into the history of a reader who may read Part 2, absent for anyone else.
let t: TestServer;
const s: Record<string, Session> = {};
let id: string;

const M = {
  summary: 'SUMMARYq7x3',
  part2: 'PARTTWOmethadone9k',
  destination: 'DESTsisterflat4v',
  release: 'RELEASEtakesLithium2p',
  closeReason: 'CLOSEREASONsertraline5m',
  closeNote: 'CLOSENOTEclozapine8w',
};

type History = { items: { sequence: number; stream: string; type: string; occurredAt?: string; reason?: string | null; data: Record<string, unknown> }[]; redacted: string[] };
type Response = { assignments: { unitId: string; destination?: string | null; release: { kind: string; reason?: string } | null }[] };
const history = async (who: string) => {
  const res = await s[who]!.get(`/api/incidents/${id}/events`);
  expect(res.status, who).toBe(200);
  return (await res.json()) as History;
};
const audit = (filter: { action: string; actorId?: string; resourceId?: string }) => t.server.services.store.read.audit.search({ ...filter, limit: 100 });
const ok = async (res: Promise<globalThis.Response>, what: string) => {
  const r = await res;
  expect(r.status, `${what}: ${await r.clone().text()}`).toBe(200);
  return r;
};

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['telecom', 'dispatcher', 'clinician', 'officer', 'ems', 'admin', 'supervisor']) s[u] = await signIn(t.url, u);
  id = ((await (await s.telecom!.post('/api/incidents', buildIncidentInput({ summary: M.summary }))).json()) as { id: string }).id;
  const move = (who: string, body: Record<string, unknown>) => ok(s[who]!.post(`/api/incidents/${id}/transitions`, body), JSON.stringify(body));
  await move('telecom', { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' });
  await move('clinician', { action: 'record_substance_use', note: M.part2 });
  await move('telecom', { action: 'queue_for_dispatch' });
  await ok(s.dispatcher!.post(`/api/incidents/${id}/assignments`, { units: ['champaign-mcrt-1', 'champaign-mcrt-2'], mode: 'meet_on_site' }), 'assign');
  const step = (unit: string, body: Record<string, unknown>) => ok(s.dispatcher!.post(`/api/incidents/${id}/assignments/${unit}`, body), `${unit} ${JSON.stringify(body)}`);
  await step('champaign-mcrt-2', { action: 'release', kind: 'reassigned', reason: M.release });
  for (const action of ['acknowledge', 'en_route', 'on_scene']) await step('champaign-mcrt-1', { action });
  await step('champaign-mcrt-1', { action: 'transporting', destination: M.destination });
});
afterAll(() => t.close());

describe('the crew’s free text in the response view and the dispatch queue', () => {
  it('shows the free-text destination to readers of places (police), not to an operational-only reader', async () => {
    const view = async (who: string) => (await (await ok(s[who]!.get(`/api/incidents/${id}/response`), who)).json()) as Response;
    const unit = (r: Response) => r.assignments.find((a) => a.unitId === 'champaign-mcrt-1')!;
    expect(unit(await view('officer')).destination).toBe(M.destination);
    expect(unit(await view('dispatcher')).destination).toBe(M.destination);
    const admin = await view('admin');
    expect(unit(admin)).not.toHaveProperty('destination');
    expect(JSON.stringify(admin)).not.toContain(M.destination);
    const queue = await (await ok(s.admin!.get('/api/dispatch/queue'), 'queue')).text();
    expect(queue).toContain(id);
    expect(queue).not.toContain(M.destination);
  });

  it('keeps a release reason (free text) from police, EMS and the administrator', async () => {
    const released = (r: Response) => r.assignments.find((a) => a.unitId === 'champaign-mcrt-2')!.release;
    const dispatcher = (await (await s.dispatcher!.get(`/api/incidents/${id}/response`)).json()) as Response;
    expect(released(dispatcher)).toEqual({ kind: 'reassigned', reason: M.release });
    for (const who of ['officer', 'ems', 'admin']) {
      const body = await (await ok(s[who]!.get(`/api/incidents/${id}/response`), who)).text();
      expect(body, who).not.toContain(M.release);
      expect(released(JSON.parse(body) as Response), who).toEqual({ kind: 'reassigned' });
    }
  });

  it('audits every read of the response with the classes it disclosed', async () => {
    const before = (await audit({ action: 'incident.response', actorId: s.officer!.userId, resourceId: id })).length;
    await ok(s.officer!.get(`/api/incidents/${id}/response`), 'officer');
    const rows = await audit({ action: 'incident.response', actorId: s.officer!.userId, resourceId: id });
    expect(rows).toHaveLength(before + 1);
    expect(rows[0]!.fieldClasses).toEqual(['operational', 'location_safety']);
  });
});

describe('the event history', () => {
  beforeAll(async () => {
    for (const action of ['at_destination', 'clear']) await ok(s.dispatcher!.post(`/api/incidents/${id}/assignments/champaign-mcrt-1`, { action }), action);
    await ok(
      s.dispatcher!.post(`/api/incidents/${id}/transitions`, {
        action: 'close', disposition: 'transported', reason: M.closeReason, followUp: false,
        details: { transport: { by: 'crisis_team', destination: 'home' }, note: M.closeNote },
      }),
      'close',
    );
  });

  it('shows police, EMS and the administrator no free-text reason, close note, summary or Part 2 event', async () => {
    for (const who of ['officer', 'ems', 'admin']) {
      const h = await history(who);
      const text = JSON.stringify(h);
      expect(h.items.length, who).toBeGreaterThan(5);
      for (const m of [M.summary, M.part2, M.release, M.closeReason, M.closeNote]) expect(text, `${who} ${m}`).not.toContain(m);
      expect(h.items.map((e) => e.stream), who).not.toContain('part2');
      expect(h.items.every((e) => !('reason' in e)), who).toBe(true);
      expect(h.redacted, who).toEqual(expect.arrayContaining(['clinical', 'identity', 'substance_use_part2']));
      const closed = h.items.find((e) => e.type === 'incident.closed')!;
      expect(closed.data).toMatchObject({ disposition: 'transported', detail: { transport: { by: 'crisis_team', destination: 'home' } } });
      expect(closed.data.detail).not.toHaveProperty('note');
    }
    // A place is location and safety: police read it, the administrator does not.
    expect(JSON.stringify(await history('officer'))).toContain(M.destination);
    expect(JSON.stringify(await history('admin'))).not.toContain(M.destination);
  });

  it('shows a care-team reader without consent the incident stream alone, as stored, with no trace of the Part 2 stream', async () => {
    const stored = await t.server.services.store.read.incidents.events(id);
    expect(await t.server.services.store.read.part2.events(id)).toHaveLength(1);
    expect(stored.length).toBeGreaterThan(5);
    const h = await history('telecom');
    // Every incident event, numbered as stored: nothing was taken out, so there is no gap to find.
    expect(h.items.map((e) => [e.sequence, e.type, e.stream])).toEqual(stored.map((e) => [e.sequence, e.type, 'incident']));
    expect(JSON.stringify(h)).not.toContain(M.part2);
    const incident = (await (await ok(s.telecom!.get(`/api/incidents/${id}`), 'incident')).json()) as { version: number; updatedAt: string };
    expect(incident.version).toBe(stored.length);
    expect(incident.updatedAt).toBe(stored.at(-1)!.occurredAt.toISOString());
    // The care team reads the clinical free text.
    const closed = h.items.find((e) => e.type === 'incident.closed')!;
    expect(closed.reason).toBe(M.closeReason);
    expect(closed.data).toMatchObject({ detail: { note: M.closeNote } });
  });

  it('merges the Part 2 event in by time for its programme, marked as from the Part 2 stream', async () => {
    const h = await history('clinician');
    const stored = await t.server.services.store.read.incidents.events(id);
    expect(h.items).toHaveLength(stored.length + 1);
    expect(h.items.map((e) => e.sequence)).toEqual(h.items.map((_, i) => i + 1));
    const times = h.items.map((e) => e.occurredAt!);
    expect(times).toEqual([...times].sort());
    const at = h.items.findIndex((e) => e.stream === 'part2');
    expect(h.items[at]).toMatchObject({ type: 'part2.substance_use_recorded', data: { note: M.part2 } });
    // Recorded after the triage and before the call was queued, and shown there.
    expect(h.items[at - 1]!.type).toBe('incident.triaged');
    expect(h.items[at + 1]!.type).toBe('incident.queued_for_dispatch');
    expect(h.items.filter((e) => e.stream === 'incident').map((e) => e.type)).toEqual(stored.map((e) => e.type));
    expect(h.redacted).not.toContain('substance_use_part2');
  });

  it('is the same for a reader without consent before and after Part 2 data is recorded and changed', async () => {
    const other = ((await (await s.telecom!.post('/api/incidents', buildIncidentInput())).json()) as { id: string }).id;
    await ok(s.telecom!.post(`/api/incidents/${other}/transitions`, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' }), 'triage');
    const seen = async () => ({
      incident: await (await ok(s.telecom!.get(`/api/incidents/${other}`), 'incident')).json(),
      history: await (await ok(s.telecom!.get(`/api/incidents/${other}/events`), 'history')).json(),
    });
    const before = await seen();
    for (const note of ['first Part 2 note', 'a changed Part 2 note']) {
      await ok(s.clinician!.post(`/api/incidents/${other}/transitions`, { action: 'record_substance_use', note }), note);
    }
    expect(await seen()).toEqual(before);
    // The Part 2 stream numbers its own events; its programme reads the changed note.
    expect((await t.server.services.store.read.part2.events(other)).map((e) => e.sequence)).toEqual([1, 2]);
    const programme = (await (await ok(s.clinician!.get(`/api/incidents/${other}`), 'programme')).json()) as { substanceUse?: string; version: number };
    expect(programme).toMatchObject({ substanceUse: 'a changed Part 2 note', version: (before.incident as { version: number }).version });
  });

  it('audits every read of the history with the classes it disclosed', async () => {
    const mine = () => audit({ action: 'incident.history', actorId: s.ems!.userId, resourceId: id });
    const before = (await mine()).length;
    await history('ems');
    const rows = await mine();
    expect(rows).toHaveLength(before + 1);
    expect(rows[0]).toMatchObject({ outcome: 'allowed', fieldClasses: ['operational', 'location_safety'] });
  });
});

describe('the consents of an incident', () => {
  it('audits the programme’s read of them as a Part 2 disclosure', async () => {
    const res = await s.clinician!.get(`/api/incidents/${id}/consents`);
    expect(res.status).toBe(200);
    const rows = await audit({ action: 'consent.list', actorId: s.clinician!.userId, resourceId: id });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.fieldClasses).toEqual(['substance_use_part2']);
  });
});
