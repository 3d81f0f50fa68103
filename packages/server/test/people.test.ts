import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeed, type FeedProbe } from './feed-client.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// People: records, candidates, confirmed links and their undoing, through the real HTTP stack.
const lines: string[] = [];
const logger = pino({ level: 'trace' }, new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } }));
let t: TestServer;
let telecom: Session;
let clinician: Session;
let officer: Session;
let feed: FeedProbe;

type Candidates = { incidentId: string; linked: { personId: string; name?: { family: string } } | null; candidates: { personId: string; score: number; band: string; reasons: { field: string; outcome: string }[] }[] };
type Problem = { error: { code: string; issues?: { field: string; rule: string }[] } };

const put = (s: Session, path: string, body: unknown) =>
  fetch(`${t.url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify(body) });
const json = async <T>(res: Response | Promise<Response>) => (await (await res).json()) as T;
const audit = (action: string) => t.server.services.store.read.audit.search({ action, limit: 50 });

// A name no demo record holds, so that the only candidates are the ones made here.
const PERSON = { name: { given: 'Theodora', family: 'Quimbey' }, dateOfBirth: '1985-01-01', phones: ['217-555-0123'] };
let personId: string;
let incidentId: string;

beforeAll(async () => {
  t = await startTestServer({ logger });
  [telecom, clinician, officer] = await Promise.all([signIn(t.url, 'telecom'), signIn(t.url, 'clinician'), signIn(t.url, 'officer')]);
  feed = await openFeed(t.url, { cookie: telecom.cookie });
  await feed.waitFor((m) => m.type === 'ready');
  const incident = await telecom.post('/api/incidents', buildIncidentInput({ person: { name: 'Theodora Quimby', age: 41 }, caller: { name: 'Self', callbackNumber: '+1 217 555 0199' } }));
  incidentId = (await json<{ id: string }>(incident)).id;
});
afterAll(async () => {
  feed.close();
  await t.close();
});

describe('person records', () => {
  it('401 without a session, 403 for roles that read no identity, and the denials are audited', async () => {
    expect((await fetch(`${t.url}/api/people?q=Quimbey`)).status).toBe(401);
    for (const who of ['officer', 'ems', 'analyst', 'auditor', 'intake']) {
      const s = await signIn(t.url, who);
      expect((await s.get('/api/people?q=Quimbey')).status, who).toBe(403);
      expect((await s.get(`/api/incidents/${incidentId}/person-candidates`)).status, who).toBe(403);
      expect((await s.post('/api/people', PERSON)).status, who).toBe(403);
    }
    expect((await audit('person.search')).filter((r) => r.outcome === 'denied').map((r) => r.role)).toEqual(expect.arrayContaining(['police_officer', 'ems_crew', 'rac_analyst']));
  });

  it('refuses a bad record with the field and rule, and writes nothing but the audit row', async () => {
    const res = await clinician.post('/api/people', { ...PERSON, dateOfBirth: '2999-01-01', phones: ['1234'] });
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).error.issues).toEqual([
      expect.objectContaining({ field: 'dateOfBirth', rule: 'not_future' }),
      expect.objectContaining({ field: 'phones.0', rule: 'phone_digits' }),
    ]);
    const found = await json<{ items: { name: { family: string } }[] }>(clinician.get('/api/people?q=Quimbey'));
    expect(found.items.map((i) => i.name.family)).not.toContain('Quimbey');
    expect((await audit('person.create')).filter((r) => r.role === 'mcrt_clinician').map((r) => r.outcome)).toEqual(['failed']);
  });

  it('creates a record held by the clinician\'s agency, audited with the classes written', async () => {
    const res = await clinician.post('/api/people', PERSON);
    expect(res.status).toBe(201);
    const view = await json<{ id: string; agencyId: string; name: { family: string }; allowedActions: string[] }>(res);
    personId = view.id;
    // The search that found no Quimbey after the refusal above finds this one, and only this one.
    const quimbeys = (await json<{ items: { name: { family: string } }[] }>(clinician.get('/api/people?q=Quimbey'))).items.filter((i) => i.name.family === 'Quimbey');
    expect(quimbeys).toHaveLength(1);
    expect(view).toMatchObject({ agencyId: 'champaign-mcrt', name: { family: 'Quimbey' }, allowedActions: ['edit_safety_plan', 'record_consent'] });
    const row = (await audit('person.create')).find((r) => r.outcome === 'allowed')!;
    expect(row).toMatchObject({ resourceType: 'person', resourceId: personId, fieldClasses: expect.arrayContaining(['identity', 'demographics']) });
  });

  it('reads a record under the sharing agreement, audited; the safety plan is edited by the care team, not the call-taker', async () => {
    const plan = { warningSigns: ['gives away belongings'], whatDoesNotHelp: ['sirens'], preferredLanguage: 'en', expectedVersion: 1 };
    expect((await put(telecom, `/api/people/${personId}/safety-plan`, plan)).status).toBe(403);
    const saved = await put(clinician, `/api/people/${personId}/safety-plan`, plan);
    expect(saved.status).toBe(200);
    expect(await json<{ version: number; safetyPlan: { warningSigns: string[]; reasonsForLiving: string[] } }>(saved)).toMatchObject({ version: 2, safetyPlan: { warningSigns: ['gives away belongings'], reasonsForLiving: [] } });
    expect((await put(clinician, `/api/people/${personId}/safety-plan`, plan)).status).toBe(409);
    const read = await json<{ safetyPlan: { whatDoesNotHelp: string[] }; allowedActions: string[] }>(telecom.get(`/api/people/${personId}`));
    expect(read.safetyPlan.whatDoesNotHelp).toEqual(['sirens']);
    expect(read.allowedActions).toEqual([]);
    const row = (await audit('person.read')).find((r) => r.role === 'telecommunicator')!;
    expect(row).toMatchObject({ resourceId: personId, purpose: 'crisis_response', fieldClasses: expect.arrayContaining(['identity', 'demographics', 'clinical']), detail: { via: 'agreement' } });
    const planRow = (await audit('person.safety_plan')).find((r) => r.outcome === 'allowed')!;
    expect(JSON.stringify(planRow)).not.toContain('belongings');
    expect((await officer.get(`/api/people/${personId}`)).status).toBe(403);
  });

  it('finds people by name, date of birth or phone, and audits what was shown', async () => {
    for (const q of ['Quimbey', 'Theodora Quimby', '1985-01-01', '(217) 555-0123']) {
      const found = await json<{ items: { personId: string }[] }>(telecom.get(`/api/people?q=${encodeURIComponent(q)}`));
      expect(found.items.map((i) => i.personId), q).toContain(personId);
    }
    const row = (await audit('person.search')).find((r) => r.outcome === 'allowed' && r.role === 'telecommunicator')!;
    expect(row.detail).toEqual({ ids: expect.arrayContaining([personId]) });
    expect(JSON.stringify(row)).not.toContain('Quimb');
  });
});

describe('links between an incident and a person', () => {
  it('proposes candidates with scores and reasons, and never links by itself', async () => {
    const first = await json<Candidates>(telecom.get(`/api/incidents/${incidentId}/person-candidates`));
    const again = await json<Candidates>(telecom.get(`/api/incidents/${incidentId}/person-candidates`));
    expect(first.linked).toBeNull();
    expect(again.linked).toBeNull();
    const candidate = first.candidates.find((c) => c.personId === personId)!;
    expect(candidate.band).toBe('possible');
    expect(candidate.reasons.map((r) => [r.field, r.outcome])).toEqual([['name', 'close'], ['dateOfBirth', 'age_consistent'], ['phone', 'different']]);
    expect(Object.keys(candidate).sort()).toEqual(['agencyId', 'band', 'dateOfBirth', 'name', 'personId', 'reasons', 'score']);
    expect(await t.server.services.store.read.people.linkEvents(incidentId)).toEqual([]);
    expect((await audit('person.candidates')).find((r) => r.outcome === 'allowed')).toMatchObject({ resourceId: incidentId, fieldClasses: ['identity'] });
  });

  it('links on confirmation, refuses a second person over it, undoes with a reason and offers the candidate again', async () => {
    const linked = await telecom.post(`/api/incidents/${incidentId}/person-link`, { personId });
    expect(linked.status).toBe(200);
    expect((await json<Candidates>(linked)).linked).toMatchObject({ personId, name: { family: 'Quimbey' } });
    const other = await json<{ id: string }>(clinician.post('/api/people', { name: { given: 'Theo', family: 'Quimby' } }));
    const over = await telecom.post(`/api/incidents/${incidentId}/person-link`, { personId: other.id });
    expect(over.status).toBe(409);
    expect((await json<Candidates>(telecom.get(`/api/incidents/${incidentId}/person-candidates`))).linked?.personId).toBe(personId);
    expect((await telecom.post(`/api/incidents/${incidentId}/person-link/undo`, { reason: '' })).status).toBe(400);
    const undone = await telecom.post(`/api/incidents/${incidentId}/person-link/undo`, { reason: 'caller corrected the surname' });
    expect(undone.status).toBe(200);
    const after = await json<Candidates>(undone);
    expect(after.linked).toBeNull();
    expect(after.candidates.map((c) => c.personId)).toContain(personId);
    expect((await telecom.post(`/api/incidents/${incidentId}/person-link/undo`, { reason: 'again' })).status).toBe(409);
    const events = await t.server.services.store.read.people.linkEvents(incidentId);
    expect(events.map((e) => e.type)).toEqual(['person.linked', 'person.unlinked']);
    expect(events[0]).toMatchObject({ basis: 'candidate', band: 'possible' });
    expect(events[1]).toMatchObject({ reason: 'caller corrected the surname' });
    expect((await audit('person.link')).map((r) => r.outcome)).toEqual(expect.arrayContaining(['allowed', 'failed']));
    expect((await audit('person.unlink')).find((r) => r.outcome === 'allowed')).toMatchObject({ resourceId: incidentId, detail: { personId } });
  });

  it('makes a new record from the call; a bad one is refused by field and leaves no record', async () => {
    const incident = (await json<{ id: string }>(telecom.post('/api/incidents', buildIncidentInput({ person: { name: 'Ottoline Verrall', age: 30 } })))).id;
    const bad = await telecom.post(`/api/incidents/${incident}/person-link`, { newPerson: { name: { given: 'Ottoline', family: 'Verrall' }, dateOfBirth: '1995-02-30' } });
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).error.issues).toEqual([expect.objectContaining({ field: 'newPerson.dateOfBirth', rule: 'calendar_date' })]);
    expect((await json<{ items: { name: { family: string } }[] }>(telecom.get('/api/people?q=Verrall'))).items.map((i) => i.name.family)).not.toContain('Verrall');
    const made = await json<Candidates>(telecom.post(`/api/incidents/${incident}/person-link`, { newPerson: { name: { given: 'Ottoline', family: 'Verrall' }, dateOfBirth: '1995-02-28' } }));
    expect(made.linked?.name?.family).toBe('Verrall');
    // The same search now finds the one record made: the refused one left none.
    const verralls = (await json<{ items: { name: { family: string } }[] }>(telecom.get('/api/people?q=Verrall'))).items.filter((i) => i.name.family === 'Verrall');
    expect(verralls).toHaveLength(1);
    const events = await t.server.services.store.read.people.linkEvents(incident);
    expect(events).toEqual([expect.objectContaining({ type: 'person.linked', basis: 'created_from_incident' })]);
  });

  it('a person-level consent opens the Part 2 information of the person\'s linked incidents, until revoked', async () => {
    const NOTE = 'Attends the county opioid treatment programme';
    expect((await clinician.post(`/api/incidents/${incidentId}/transitions`, { action: 'record_substance_use', note: NOTE })).status).toBe(200);
    expect((await telecom.post(`/api/incidents/${incidentId}/person-link`, { personId })).status).toBe(200);
    const view = async () => json<{ substanceUse?: string }>(telecom.get(`/api/incidents/${incidentId}`));
    expect(await view()).not.toHaveProperty('substanceUse');
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    expect((await telecom.post(`/api/people/${personId}/consents`, { recipientAgencyIds: ['champaign-911'], purposes: ['crisis_response'], expiresAt })).status).toBe(403);
    const past = await clinician.post(`/api/people/${personId}/consents`, { recipientAgencyIds: ['champaign-911'], purposes: ['crisis_response'], expiresAt: '2020-01-01T00:00:00Z' });
    expect((await json<Problem>(past)).error.issues).toEqual([expect.objectContaining({ field: 'expiresAt', rule: 'future' })]);
    const made = await clinician.post(`/api/people/${personId}/consents`, { recipientAgencyIds: ['champaign-911'], purposes: ['crisis_response'], expiresAt });
    expect(made.status).toBe(201);
    const consent = await json<{ id: string; active: boolean }>(made);
    expect((await view()).substanceUse).toBe(NOTE);
    expect((await officer.get(`/api/incidents/${incidentId}`)).status).toBe(200);
    expect(await json<object>(officer.get(`/api/incidents/${incidentId}`))).not.toHaveProperty('substanceUse');
    expect((await clinician.post(`/api/people/${personId}/consents/${consent.id}/revoke`, { reason: 'withdrawn' })).status).toBe(200);
    expect(await view()).not.toHaveProperty('substanceUse');
  });

  it('nothing of the person reaches the logs or the live feed', async () => {
    await feed.waitFor((m) => m.type === 'invalidate' && m.entity === 'incident' && m.id === incidentId);
    const everything = lines.join('\n') + JSON.stringify(feed.messages);
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of ['Theodora', 'Quimb', 'Ottoline', 'Verrall', '1985-01-01', '555-0123', 'belongings', 'sirens', 'corrected the surname']) {
      expect(everything, `leaks ${secret}`).not.toContain(secret);
    }
  });
});
