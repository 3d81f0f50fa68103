import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// Issue 15 §6: the episode says whom to call, at what number, and why; the demo people have names.
let t: TestServer;
let cm: Session;

interface Episode {
  id: string; incidentId: string; personRef?: string | null;
  call?: { number?: string; personName?: string; callbackNumber?: string; summary?: string };
  person?: { id: string; name?: { given: string; family: string }; phones?: string[]; safetyPlan?: { whatHelps: string[] } | null };
}

beforeAll(async () => {
  t = await startTestServer();
  cm = await signIn(t.url, 'casemanager');
});
afterAll(() => t.close());

describe('who to call on a follow-up episode', () => {
  it('the caseload names each person and the episode gives the numbers, the call’s summary and the safety plan', async () => {
    const caseload = (await (await cm.get('/api/followup/caseload')).json()) as { items: Episode[] };
    expect(caseload.items.length).toBeGreaterThan(0);
    const maya = caseload.items.find((e) => e.call?.personName === 'Maya Brooks');
    expect(maya?.person?.name).toMatchObject({ given: 'Maya', family: 'Brooks' });

    const res = await cm.get(`/api/followup/episodes/${maya!.id}`);
    expect(res.status).toBe(200);
    const e = (await res.json()) as Episode;
    expect(e.call).toMatchObject({ personName: 'Maya Brooks', callbackNumber: '+1 217 555 0188' });
    expect(e.call?.number).toMatch(/^\d{2}-\d{6}$/);
    expect(e.call?.summary).toContain('hopeless');
    expect(e.person?.phones).toEqual(['+1 217 555 0188']);
    expect(e.person?.safetyPlan?.whatHelps.length).toBeGreaterThan(0);

    // The read is audited with what it disclosed: the call's identity, phone and summary too.
    const [row] = await t.server.services.store.read.audit.search({ action: 'followup.read', resourceId: e.id, limit: 1 });
    expect(row?.fieldClasses).toEqual(expect.arrayContaining(['identity', 'location_safety', 'clinical']));
    expect(row?.detail).toMatchObject({ incidentId: e.incidentId, personId: e.person!.id });
  });

  it('a reader of follow-up outside the episode’s agency finds it absent, contact and all', async () => {
    const caseload = (await (await cm.get('/api/followup/caseload')).json()) as { items: Episode[] };
    expect(caseload.items.length).toBeGreaterThan(0);
    const officer = await signIn(t.url, 'officer');
    const res = await officer.get(`/api/followup/episodes/${caseload.items[0]!.id}`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('Brooks');
  });
});

describe('the safety plan on scene', () => {
  it('the crisis team’s crew reads the linked person’s plan in the field view, audited; a police crew gets none', async () => {
    const telecom = await signIn(t.url, 'telecom');
    const clinician = await signIn(t.url, 'clinician');
    const dispatcher = await signIn(t.url, 'dispatcher');
    const incident = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
    const person = (await (await clinician.post('/api/people', { name: { given: 'Ines', family: 'Calder' } })).json()) as { id: string };
    const plan = await fetch(`${t.url}/api/people/${person.id}/safety-plan`, {
      method: 'PUT', headers: { 'content-type': 'application/json', cookie: clinician.cookie, 'x-csrf-token': clinician.csrf, 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ whatHelps: ['Knock twice and say your name'], whatDoesNotHelp: ['Flashlights in her face'] }),
    });
    expect(plan.status).toBe(200);
    expect((await clinician.post(`/api/incidents/${incident.id}/person-link`, { personId: person.id })).status).toBe(200);
    expect((await telecom.post(`/api/incidents/${incident.id}/transitions`, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' })).status).toBe(200);
    expect((await telecom.post(`/api/incidents/${incident.id}/transitions`, { action: 'queue_for_dispatch' })).status).toBe(200);
    expect((await dispatcher.post(`/api/incidents/${incident.id}/assignments`, { units: ['champaign-mcrt-3'] })).status).toBe(200);

    const field = await clinician.get('/api/field/assignment?unit=champaign-mcrt-3');
    expect(field.status).toBe(200);
    const body = (await field.json()) as { incident: { id: string } | null; safetyPlan?: { whatHelps: string[] } | null };
    expect(body.incident?.id).toBe(incident.id);
    expect(body.safetyPlan?.whatHelps).toEqual(['Knock twice and say your name']);
    const [row] = await t.server.services.store.read.audit.search({ action: 'person.read', resourceId: person.id, limit: 1 });
    expect(row).toMatchObject({ fieldClasses: ['clinical'], detail: { part: 'safety_plan', incidentId: incident.id } });

    const officer = await signIn(t.url, 'officer');
    const theirs = (await (await officer.get('/api/field/assignment')).json()) as Record<string, unknown>;
    expect(theirs).not.toHaveProperty('safetyPlan');
  });
});
