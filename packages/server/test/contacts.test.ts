import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// Issue 11 §2: a contact is a call, a text or a chat; its language; no-address 988 contacts; the
// transcript a texting platform posts to through the API.
let t: TestServer;
let counsellor: Session;
let telecom: Session;
let officer: Session;

beforeAll(async () => {
  t = await startTestServer();
  [counsellor, telecom, officer] = await Promise.all([signIn(t.url, 'counsellor'), signIn(t.url, 'telecom'), signIn(t.url, 'officer')]);
});
afterAll(() => t.close());

type Issue = { field: string; rule: string; message: string };
const issuesOf = async (res: Response) => ((await res.json()) as { error: { issues: Issue[] } }).error.issues;
const textContact = async (overrides: Record<string, unknown> = {}) => {
  const { location: _none, ...rest } = buildIncidentInput({ entryPoint: '988', channel: 'text', preferredLanguage: 'es', ...overrides });
  const res = await counsellor.post('/api/incidents', rest);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; channel: string; preferredLanguage: string; location: { address: string; accuracy?: string } };
};

describe('channels, language and no-address contacts', () => {
  it('records a 988 text with no location as "location unknown", with its channel and language', async () => {
    const contact = await textContact();
    expect(contact).toMatchObject({ channel: 'text', preferredLanguage: 'es', location: { address: '', accuracy: 'unknown' } });
    const stored = await t.server.services.store.read.incidents.get(contact.id);
    expect(stored).toMatchObject({ channel: 'text', preferredLanguage: 'es', location: { accuracy: 'unknown' } });
    // Triage runs as for any call: the interview needs no address.
    const answered = await counsellor.post(`/api/incidents/${contact.id}/triage/answers`, { questionId: 'immediate_danger', answerKey: 'none' });
    expect(answered.status).toBe(200);
  });

  it('refuses a chat to 911 and a 911 call without a location, naming the field and rule', async () => {
    const chat = await telecom.post('/api/incidents', buildIncidentInput({ channel: 'chat' }));
    expect(chat.status).toBe(400);
    expect(await issuesOf(chat)).toEqual([{ field: 'channel', rule: 'channel_not_taken', message: 'a 911 contact comes by call or text, not by chat' }]);
    const { location: _none, ...noLocation } = buildIncidentInput();
    const nowhere = await telecom.post('/api/incidents', noLocation);
    expect(nowhere.status).toBe(400);
    expect((await issuesOf(nowhere)).map((i) => [i.field, i.rule])).toEqual([['location', 'required']]);
    const badTag = await telecom.post('/api/incidents', buildIncidentInput({ preferredLanguage: 'Spanish please' }));
    expect(badTag.status).toBe(400);
    expect((await issuesOf(badTag))[0]!.field).toBe('preferredLanguage');
    expect(await t.server.services.store.read.incidents.list({ agencyIds: ['champaign-911'], limit: 500 }).then((rows) => rows.filter((r) => r.channel === 'chat'))).toEqual([]);
  });

  it('a text to 911 is taken, and an approximate point is recorded as approximate', async () => {
    const res = await telecom.post('/api/incidents', buildIncidentInput({ channel: 'text', location: { address: 'Rantoul', lat: 40.308, lon: -88.155, accuracy: 'approximate' } }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ channel: 'text', location: { address: 'Rantoul', accuracy: 'approximate' } });
  });

  it('a call recorded without a channel reads as a call', async () => {
    const res = await telecom.post('/api/incidents', buildIncidentInput());
    expect(((await res.json()) as { channel: string }).channel).toBe('call');
  });
});

describe('the transcript of a text contact', () => {
  const post = (s: Session, id: string, body: unknown, key = randomUUID()) => s.post(`/api/incidents/${id}/messages`, body, { 'idempotency-key': key });

  it('records inbound and outbound messages in order, once per key and once per platform id', async () => {
    const { id } = await textContact();
    const key = randomUUID();
    const sms = { direction: 'inbound', body: 'no puedo más', sentAt: new Date(Date.now() - 60_000).toISOString(), externalId: 'sms-1' };
    const first = await post(counsellor, id, sms, key);
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as { id: string; direction: string; recordedBy: string };
    expect(firstBody).toMatchObject({ direction: 'inbound', recordedBy: 'Priya Raman' });
    const replay = await post(counsellor, id, sms, key);
    expect(replay.headers.get('idempotent-replay')).toBe('true');
    expect(((await replay.json()) as { id: string }).id).toBe(firstBody.id);
    // The platform retried under a new key: the same message, not a second one.
    const again = await post(counsellor, id, { direction: 'inbound', body: 'no puedo más', externalId: 'sms-1' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(firstBody.id);
    expect((await post(counsellor, id, { direction: 'outbound', body: 'Estoy aquí contigo. ¿Estás a salvo ahora?' })).status).toBe(201);

    const list = await counsellor.get(`/api/incidents/${id}/messages`);
    expect(list.status).toBe(200);
    const { items, channel } = (await list.json()) as { items: { direction: string; body: string }[]; channel: string };
    expect(channel).toBe('text');
    expect(items.map((m) => [m.direction, m.body])).toEqual([['inbound', 'no puedo más'], ['outbound', 'Estoy aquí contigo. ¿Estás a salvo ahora?']]);
  });

  it('a texting platform posts with a token scoped to contact.message alone', async () => {
    const { id } = await textContact();
    const minted = await counsellor.post('/api/tokens', { name: 'Texting platform', expiresInDays: 30, scopes: ['contact.message'] });
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };
    const res = await fetch(`${t.url}/api/incidents/${id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ direction: 'inbound', body: 'hello?' }),
    });
    expect(res.status).toBe(201);
    // The token may post but not read: reading the transcript needs incident.read.
    const read = await fetch(`${t.url}/api/incidents/${id}/messages`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(403);
  });

  it('refuses a message for a voice call, an empty body and a date in the future, writing nothing', async () => {
    const call = (await (await counsellor.post('/api/incidents', buildIncidentInput({ entryPoint: '988' }))).json()) as { id: string };
    const voice = await post(counsellor, call.id, { direction: 'inbound', body: 'hi' });
    expect(voice.status).toBe(400);
    expect((await issuesOf(voice)).map((i) => [i.field, i.rule])).toEqual([['incidentId', 'not_a_text_contact']]);
    const { id } = await textContact();
    const empty = await post(counsellor, id, { direction: 'inbound', body: '   ' });
    expect(empty.status).toBe(400);
    expect((await issuesOf(empty))[0]!.field).toBe('body');
    const future = await post(counsellor, id, { direction: 'inbound', body: 'later', sentAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(400);
    expect((await issuesOf(future)).map((i) => [i.field, i.rule])).toEqual([['sentAt', 'not_in_future']]);
    expect(await t.server.services.store.read.contactMessages.list(id, 10)).toEqual([]);
  });

  it('a transcript never reaches a reader whose reach lacks clinical', async () => {
    const { id } = await textContact();
    expect((await post(counsellor, id, { direction: 'inbound', body: 'private words' })).status).toBe(201);
    // Police read the call's operational and location facts under the region's agreement, never its transcript.
    const police = await officer.get(`/api/incidents/${id}/messages`);
    expect(police.status).toBe(403);
    const text = await police.text();
    expect(text).toContain('transcript is clinical');
    expect(text).not.toContain('private words');
    const byOfficer = await post(officer, id, { direction: 'outbound', body: 'x' });
    expect(byOfficer.status).toBe(403);
  });
});

describe('dispatch of a contact whose location is unknown', () => {
  it('the recommendation says the location is unknown instead of timing teams to nowhere', async () => {
    const { id } = await textContact({ preferredLanguage: undefined });
    await counsellor.post(`/api/incidents/${id}/transitions`, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' });
    const dispatcher = await signIn(t.url, 'dispatcher');
    const res = await dispatcher.get(`/api/incidents/${id}/recommendation`);
    expect(res.status).toBe(400);
    expect((await issuesOf(res)).map((i) => [i.field, i.rule])).toEqual([['location', 'location_unknown']]);

    // The person says where they are: the location is corrected through the write path (audited,
    // on the feed), and dispatch ranks from it, marked approximate until the street is known.
    const feedBefore = await t.server.services.store.read.feed.after(0, 100_000);
    const approx = await counsellor.post(`/api/incidents/${id}/transitions`, { action: 'correct_location', location: { address: 'Rantoul, by the library', lat: 40.30837, lon: -88.15588, accuracy: 'approximate' } });
    expect(approx.status, await approx.clone().text()).toBe(200);
    expect(await approx.json()).toMatchObject({ location: { address: 'Rantoul, by the library', accuracy: 'approximate' } });
    const ranked = await dispatcher.get(`/api/incidents/${id}/recommendation`);
    expect(ranked.status).toBe(200);
    expect(((await ranked.json()) as { approximate: boolean }).approximate).toBe(true);
    const exact = await dispatcher.post(`/api/incidents/${id}/transitions`, { action: 'correct_location', location: { address: '106 W Sangamon Ave, Rantoul', lat: 40.3121, lon: -88.1581 } });
    expect(exact.status).toBe(200);
    expect(((await (await dispatcher.get(`/api/incidents/${id}/recommendation`)).json()) as { approximate: boolean }).approximate).toBe(false);
    const rows = await t.server.services.store.read.audit.search({ action: 'incident.correct_location', resourceId: id, limit: 10 });
    expect(rows.map((r) => r.outcome)).toEqual(['allowed', 'allowed']);
    const feedAfter = await t.server.services.store.read.feed.after(0, 100_000);
    expect(feedAfter.filter((e) => e.entityId === id && e.entityType === 'incident').length - feedBefore.filter((e) => e.entityId === id && e.entityType === 'incident').length).toBe(2);
    const stored = await t.server.services.store.read.incidents.get(id);
    expect(stored?.location).toEqual({ address: '106 W Sangamon Ave, Rantoul', lat: 40.3121, lon: -88.1581 });

    // Bad input names the field; the same place twice is refused; nothing is written either way.
    const empty = await dispatcher.post(`/api/incidents/${id}/transitions`, { action: 'correct_location', location: { address: '  ' } });
    expect(empty.status).toBe(400);
    expect((await issuesOf(empty))[0]!.field).toBe('location.address');
    const same = await dispatcher.post(`/api/incidents/${id}/transitions`, { action: 'correct_location', location: { address: '106 W Sangamon Ave, Rantoul', lat: 40.3121, lon: -88.1581 } });
    expect(same.status).toBe(400);
    expect((await issuesOf(same)).map((i) => [i.field, i.rule])).toEqual([['location', 'unchanged']]);
    expect((await t.server.services.store.read.incidents.get(id))?.version).toBe(stored?.version);
  });
});
