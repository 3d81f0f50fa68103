import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeed } from './feed-client.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

let t: TestServer;
let telecom: Session;
let clinician: Session;
let dispatcher: Session;
let incident: string;
const NOTE = 'In methadone maintenance at the county programme since March';

beforeAll(async () => {
  t = await startTestServer();
  [telecom, clinician, dispatcher] = await Promise.all([signIn(t.url, 'telecom'), signIn(t.url, 'clinician'), signIn(t.url, 'dispatcher')]);
  incident = ((await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string }).id;
});
afterAll(() => t.close());

type View = { substanceUse?: string; part2Notice?: string; redacted: string[] };
const view = async (s: Session) => (await (await s.get(`/api/incidents/${incident}`)).json()) as View;
const inList = async (s: Session) => ((await (await s.get('/api/incidents?limit=200')).json()) as { items: (View & { id: string })[] }).items.find((i) => i.id === incident)!;

describe('42 CFR Part 2 information', () => {
  it('is recorded by the treating programme and read inside it, with the re-disclosure notice', async () => {
    const res = await clinician.post(`/api/incidents/${incident}/transitions`, { action: 'record_substance_use', note: NOTE });
    expect(res.status).toBe(200);
    expect(((await res.json()) as View).substanceUse).toBe(NOTE);
    const same = await view(dispatcher);
    expect(same.substanceUse).toBe(NOTE);
    expect(same.part2Notice).toMatch(/42 CFR part 2/);
  });

  it('does not leave the programme under a sharing agreement alone', async () => {
    for (const s of [telecom, await signIn(t.url, 'officer')]) {
      const v = await view(s);
      expect(v).not.toHaveProperty('substanceUse');
      expect(v).not.toHaveProperty('part2Notice');
      expect(v.redacted).toContain('substance_use_part2');
    }
    expect(await inList(telecom)).not.toHaveProperty('substanceUse');
  });

  it('leaves with the person\'s recorded, unexpired consent, to the agencies and purpose it names, until revoked', async () => {
    const past = await clinician.post(`/api/incidents/${incident}/consents`, { recipientAgencyIds: ['champaign-911'], purposes: ['crisis_response'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    const made = await clinician.post(`/api/incidents/${incident}/consents`, {
      recipientAgencyIds: ['champaign-911'], purposes: ['crisis_response'], expiresAt: new Date(Date.now() + 86_400_000).toISOString(), note: 'verbal consent, witnessed',
    });
    expect(made.status).toBe(201);
    const consent = (await made.json()) as { id: string; active: boolean };
    expect(consent.active).toBe(true);
    const shared = await view(telecom);
    expect(shared.substanceUse).toBe(NOTE);
    expect(shared.part2Notice).toMatch(/prohibit you from using or disclosing/);
    expect((await inList(telecom)).substanceUse).toBe(NOTE);
    const read = (await t.server.services.store.read.audit.search({ action: 'incident.read', resourceId: incident, limit: 20 })).find((r) => r.role === 'telecommunicator')!;
    expect(read.fieldClasses).toContain('substance_use_part2');
    // Still not to police: their role never reads clinical information, consent or not.
    expect(await view(await signIn(t.url, 'officer'))).not.toHaveProperty('substanceUse');

    const revoked = await clinician.post(`/api/incidents/${incident}/consents/${consent.id}/revoke`, { reason: 'person withdrew consent' });
    expect(revoked.status).toBe(200);
    expect(await view(telecom)).not.toHaveProperty('substanceUse');
    expect((await clinician.post(`/api/incidents/${incident}/consents/${consent.id}/revoke`, { reason: 'again' })).status).toBe(409);
  });

  it('only the programme records consent; other roles and other agencies may not', async () => {
    const body = { recipientAgencyIds: ['champaign-911'], purposes: ['crisis_response'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    expect((await telecom.post(`/api/incidents/${incident}/consents`, body)).status).toBe(403);
    const counsellor = await signIn(t.url, 'counsellor');
    const other = await counsellor.post(`/api/incidents/${incident}/consents`, body);
    expect(other.status).toBe(403);
    const list = (await (await clinician.get(`/api/incidents/${incident}/consents`)).json()) as { items: { active: boolean; revokedReason: string | null }[] };
    expect(list.items.map((c) => [c.active, c.revokedReason])).toEqual([[false, 'person withdrew consent']]);
    expect((await telecom.post(`/api/incidents/${incident}/transitions`, { action: 'record_substance_use', note: 'x' })).status).toBe(403);
  });
});

describe('a reader who may not read Part 2 learns nothing from the consent routes', () => {
  it('gets the same answer on an incident with Part 2 information and on one without', async () => {
    const p2 = ((await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string }).id;
    const ctl = ((await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string }).id;
    expect((await clinician.post(`/api/incidents/${p2}/transitions`, { action: 'record_substance_use', note: NOTE })).status).toBe(200);
    const body = { recipientAgencyIds: ['champaign-911'], purposes: ['crisis_response'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    // Everything but the request's own id.
    const answer = async (res: Response) => {
      const { error: { requestId, ...error } } = (await res.json()) as { error: { requestId?: string } };
      expect(requestId).toBeTypeOf('string');
      return { status: res.status, error };
    };
    for (const user of ['counsellor', 'casemanager']) {
      const s = await signIn(t.url, user);
      for (const call of [(id: string) => s.post(`/api/incidents/${id}/consents`, body), (id: string) => s.get(`/api/incidents/${id}/consents`)]) {
        const [withPart2, without] = [await answer(await call(p2)), await answer(await call(ctl))];
        expect(withPart2.status).toBe(403);
        expect(without).toEqual(withPart2);
      }
    }
    // The programme that holds the record keeps its answer: it records consent on it.
    expect((await clinician.post(`/api/incidents/${p2}/consents`, body)).status).toBe(201);
  });
});

describe('the Part 2 stream (ADR 0016)', () => {
  const created = async () => ((await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string; version: number; updatedAt: string });

  it('records through the one write path: a retry with the same key is applied once, audited each time, the incident untouched', async () => {
    const x = await created();
    const key = crypto.randomUUID();
    const send = () => clinician.post(`/api/incidents/${x.id}/transitions`, { action: 'record_substance_use', note: NOTE }, { 'idempotency-key': key });
    const first = await send();
    expect(first.status).toBe(200);
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect((await t.server.services.store.read.part2.events(x.id)).map((e) => [e.sequence, e.type])).toEqual([[1, 'part2.substance_use_recorded']]);
    expect((await t.server.services.store.read.incidents.events(x.id)).map((e) => e.type)).toEqual(['incident.received']);
    const incident = await t.server.services.store.read.incidents.get(x.id);
    expect([incident!.version, incident!.updatedAt.toISOString()]).toEqual([x.version, x.updatedAt]);
    const rows = await t.server.services.store.read.audit.search({ action: 'incident.record_substance_use', resourceId: x.id, limit: 10 });
    expect(rows.map((r) => r.outcome)).toEqual(['allowed']);
    const replays = await t.server.services.store.read.audit.search({ action: 'incident.record_substance_use', actorId: clinician.userId, limit: 50 });
    expect(replays.filter((r) => (r.detail as { idempotencyKey?: string }).idempotencyKey === key)).toHaveLength(1);
  });

  it('a consent is heard on the feed by its recipients, also when revoked, and by no other reader; never as a change of the incident', async () => {
    const x = await created();
    const officer = await signIn(t.url, 'officer');
    const [heard, police] = await Promise.all([openFeed(t.url, { cookie: telecom.cookie }), openFeed(t.url, { cookie: officer.cookie })]);
    try {
      const about = (f: typeof heard) => f.messages.filter((m) => m.id === x.id);
      expect((await clinician.post(`/api/incidents/${x.id}/transitions`, { action: 'record_substance_use', note: NOTE })).status).toBe(200);
      const made = await clinician.post(`/api/incidents/${x.id}/consents`, { recipientAgencyIds: ['champaign-911'], purposes: ['crisis_response'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
      expect(made.status).toBe(201);
      await heard.waitFor((m) => m.id === x.id && m.entity === 'incident_part2');
      const consent = (await made.json()) as { id: string };
      expect((await clinician.post(`/api/incidents/${x.id}/consents/${consent.id}/revoke`, { reason: 'withdrawn' })).status).toBe(200);
      await heard.waitFor((m) => m.id === x.id && m.entity === 'incident_part2' && about(heard).length === 2);
      await new Promise((r) => setTimeout(r, 300));
      // The recording itself came before the consent: the 911 centre heard nothing of it then.
      expect(about(heard).map((m) => m.entity)).toEqual(['incident_part2', 'incident_part2']);
      expect(about(police)).toEqual([]);
    } finally {
      heard.close();
      police.close();
    }
  });
});
