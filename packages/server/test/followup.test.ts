import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeView } from '@continuum/contracts';
import { openFeed } from './feed-client.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

let t: TestServer;
let casemanager: Session;
let clinician: Session;
let telecom: Session;
let officer: Session;

type ErrorJson = { error: { code: string; issues?: { field: string; rule: string }[] } };
const audit = (filter: { action?: string; resourceId?: string; outcome?: 'allowed' | 'denied' | 'failed' }) => t.server.services.store.read.audit.search({ ...filter, limit: 200 });
const events = (id: string) => t.server.services.store.read.followup.events(id);

/** A call taken at the 911 centre, triaged and closed with a referral disposition. */
async function closedIncident(): Promise<string> {
  const { id } = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
  await telecom.post(`/api/incidents/${id}/transitions`, { action: 'triage', level: 1, protocolVersion: 'il-irlm@2025.09', factors: ['wants_to_talk'] });
  const closed = await telecom.post(`/api/incidents/${id}/transitions`, { action: 'close', disposition: 'referred' });
  expect(closed.status).toBe(200);
  return id;
}

/** An episode the case manager opened on a fresh closed incident. */
async function openedEpisode(programme = 'program_590_mcrt'): Promise<EpisodeView> {
  const res = await casemanager.post('/api/followup/episodes', { incidentId: await closedIncident(), programme, personRef: 'CF-1042' });
  expect(res.status).toBe(201);
  return (await res.json()) as EpisodeView;
}

beforeAll(async () => {
  t = await startTestServer();
  [casemanager, clinician, telecom, officer] = (await Promise.all(['casemanager', 'clinician', 'telecom', 'officer'].map((u) => signIn(t.url, u)))) as Session[] as [Session, Session, Session, Session];
});
afterAll(() => t.close());

describe('POST /api/followup/episodes', () => {
  it('401 without a session', async () => {
    const res = await fetch(`${t.url}/api/followup/episodes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({}) });
    expect(res.status).toBe(401);
  });

  it('403 for police, audited as denied', async () => {
    const res = await officer.post('/api/followup/episodes', { incidentId: await closedIncident(), programme: 'co_response' });
    expect(res.status).toBe(403);
    expect((await audit({ action: 'followup.open', outcome: 'denied' })).some((r) => r.actorId === officer.userId)).toBe(true);
  });

  it('opens an episode with the programme window and a first contact due in 24 h, audited', async () => {
    const before = Date.now();
    const e = await openedEpisode('co_response');
    expect(e).toMatchObject({ status: 'open', programme: 'co_response', attemptLimit: 3, assignedTo: casemanager.userId, personRef: 'CF-1042', agencyId: 'champaign-followup' });
    const opened = new Date(e.openedAt).getTime();
    expect(opened).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(e.firstContactDueAt).getTime() - opened).toBe(24 * 3_600_000);
    expect(new Date(e.windowEndsAt).getTime() - opened).toBe(60 * 86_400_000);
    const rows = await audit({ action: 'followup.open', resourceId: e.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'allowed', resourceType: 'followup_episode', purpose: 'follow_up' });
    expect(rows[0]!.fieldClasses).toContain('clinical');
  });

  it('refuses an incident that is not closed, with field and rule, writing nothing', async () => {
    const { id } = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
    const res = await casemanager.post('/api/followup/episodes', { incidentId: id, programme: 'program_590_mcrt' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.issues).toEqual([expect.objectContaining({ field: 'incidentId', rule: 'incident_closed' })]);
    expect(await t.server.services.store.read.followup.openFor(id, 'program_590_mcrt')).toBeNull();
  });

  it('refuses a second open episode of the same incident and programme (409)', async () => {
    const e = await openedEpisode();
    const res = await casemanager.post('/api/followup/episodes', { incidentId: e.incidentId, programme: 'program_590_mcrt' });
    expect(res.status).toBe(409);
  });
});

describe('attempts', () => {
  it('logs attempts up to the limit, then refuses with field and rule and writes nothing but the audit row', async () => {
    const e = await openedEpisode();
    for (const outcome of ['no_answer', 'left_message', 'no_answer']) {
      expect((await casemanager.post(`/api/followup/episodes/${e.id}/attempts`, { outcome, note: 'tried the mobile' })).status).toBe(200);
    }
    const count = (await events(e.id)).length;
    const res = await casemanager.post(`/api/followup/episodes/${e.id}/attempts`, { outcome: 'no_answer' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.issues).toEqual([expect.objectContaining({ field: 'outcome', rule: 'max_attempts' })]);
    expect(await events(e.id)).toHaveLength(count);
    expect(await audit({ action: 'followup.attempt', resourceId: e.id, outcome: 'failed' })).toHaveLength(1);
    // The person calls back: contact made is always recorded.
    const reached = (await (await casemanager.post(`/api/followup/episodes/${e.id}/attempts`, { outcome: 'reached' })).json()) as EpisodeView;
    expect(reached.status).toBe('engaged');
    expect(reached.firstContactAt).not.toBeNull();
  });

  it('bad input: an unknown outcome is refused at the boundary with field and rule', async () => {
    const e = await openedEpisode();
    const res = await casemanager.post(`/api/followup/episodes/${e.id}/attempts`, { outcome: 'texted' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.issues).toEqual([expect.objectContaining({ field: 'outcome', rule: 'enum' })]);
  });
});

describe('tasks, referrals and closure', () => {
  it('adds and completes a task, refers, moves the referral, and closes with a reason', async () => {
    const e = await openedEpisode();
    const dueAt = new Date(Date.now() + 2 * 3_600_000).toISOString();
    let v = (await (await casemanager.post(`/api/followup/episodes/${e.id}/tasks`, { title: 'Call the sister about transport', dueAt })).json()) as EpisodeView;
    expect(v.tasks).toEqual([expect.objectContaining({ title: 'Call the sister about transport', completedAt: null })]);
    expect(v.alerts.map((a) => a.code)).toContain('task_due');
    v = (await (await casemanager.post(`/api/followup/episodes/${e.id}/tasks/${v.tasks![0]!.id}/complete`, {})).json()) as EpisodeView;
    expect(v.tasks![0]!.completedAt).not.toBeNull();
    v = (await (await casemanager.post(`/api/followup/episodes/${e.id}/referrals`, { providerName: 'Champaign CCBHC', providerAgencyId: 'champaign-ccbhc', service: 'Outpatient counselling' })).json()) as EpisodeView;
    expect(v.status).toBe('referred');
    const referralId = v.referrals![0]!.id;
    expect(v.referrals![0]!.nextStatuses).toEqual(['accepted', 'declined', 'cancelled']);
    const skip = await casemanager.post(`/api/followup/episodes/${e.id}/referrals/${referralId}/status`, { status: 'completed' });
    expect(skip.status).toBe(409);
    for (const status of ['accepted', 'first_appointment_kept']) {
      expect((await casemanager.post(`/api/followup/episodes/${e.id}/referrals/${referralId}/status`, { status })).status).toBe(200);
    }
    const closed = await casemanager.post(`/api/followup/episodes/${e.id}/close`, { reason: 'connected_to_care', note: 'first appointment kept; discharged to the CCBHC' });
    expect(closed.status).toBe(200);
    expect((await closed.json()) as EpisodeView).toMatchObject({ status: 'closed', closure: { reason: 'connected_to_care' } });
    const close = await audit({ action: 'followup.close', resourceId: e.id });
    expect(close[0]!.detail).toMatchObject({ reason: 'connected_to_care', to: 'closed' });
    // The note's text is clinical: it stays on the event, never on the audit row.
    expect(JSON.stringify(close[0])).not.toContain('discharged');
  });

  it('hands an episode back to the agency’s caseload and takes it again; taking it twice is a conflict', async () => {
    const e = await openedEpisode();
    const back = await casemanager.post(`/api/followup/episodes/${e.id}/assign`, { take: false });
    expect(back.status).toBe(200);
    expect(((await back.json()) as EpisodeView).assignedTo).toBeNull();
    const taken = await casemanager.post(`/api/followup/episodes/${e.id}/assign`, { take: true });
    expect(((await taken.json()) as EpisodeView).assignedTo).toBe(casemanager.userId);
    const again = await casemanager.post(`/api/followup/episodes/${e.id}/assign`, { take: true });
    expect(again.status).toBe(409);
    expect((await events(e.id)).filter((x) => x.type === 'followup.assigned')).toHaveLength(2);
    expect(await audit({ action: 'followup.assign', resourceId: e.id, outcome: 'allowed' })).toHaveLength(2);
    expect((await officer.post(`/api/followup/episodes/${e.id}/assign`, { take: true })).status).toBe(403);
  });

  it('closing without a reason is refused, and nothing is written but the audit row', async () => {
    const e = await openedEpisode();
    const count = (await events(e.id)).length;
    for (const body of [{}, { reason: '' }, { reason: 'moved_away' }]) {
      const res = await casemanager.post(`/api/followup/episodes/${e.id}/close`, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorJson).error.issues![0]).toMatchObject({ field: 'reason' });
    }
    const res = await casemanager.post(`/api/followup/episodes/${e.id}/close`, {});
    expect(((await res.json()) as ErrorJson).error.issues).toEqual([expect.objectContaining({ field: 'reason', rule: 'required' })]);
    expect(await events(e.id)).toHaveLength(count);
    expect((await t.server.services.store.read.followup.get(e.id))!.status).toBe('open');
    // One row for each of the four refusals, each a failure.
    expect((await audit({ action: 'followup.close', resourceId: e.id })).map((r) => r.outcome)).toEqual(['failed', 'failed', 'failed', 'failed']);
  });

  it('a closed episode takes no more changes (409)', async () => {
    const e = await openedEpisode();
    await casemanager.post(`/api/followup/episodes/${e.id}/close`, { reason: 'declined' });
    expect((await casemanager.post(`/api/followup/episodes/${e.id}/attempts`, { outcome: 'reached' })).status).toBe(409);
  });
});

describe('reads', () => {
  it('GET /api/followup/caseload: 401, 403 for police and EMS roles, overdue first for the case manager, audited', async () => {
    expect((await fetch(`${t.url}/api/followup/caseload`)).status).toBe(401);
    expect((await officer.get('/api/followup/caseload')).status).toBe(403);
    const e = await openedEpisode();
    const res = await casemanager.get('/api/followup/caseload');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: EpisodeView[]; closureReasons: string[] };
    expect(body.items.map((i) => i.id)).toContain(e.id);
    expect(body.closureReasons).toEqual(['connected_to_care', 'no_longer_needs_support', 'declined', 'lost_contact']);
    // The demo's overdue first contact leads the caseload.
    expect(body.items[0]!.alerts.map((a) => a.code)).toContain('first_contact_overdue');
    const rows = await audit({ action: 'followup.caseload' });
    expect((rows[0]!.detail as { ids: string[] }).ids).toContain(e.id);
  });

  it('GET /api/followup/episodes/:id: audited; another agency’s clinician gets 404 (out of reach), police 403', async () => {
    const e = await openedEpisode();
    expect((await casemanager.get(`/api/followup/episodes/${e.id}`)).status).toBe(200);
    expect(await audit({ action: 'followup.read', resourceId: e.id, outcome: 'allowed' })).toHaveLength(1);
    // The MCRT's clinician reads follow-up, but this episode is the follow-up provider's, and no
    // agreement gives the MCRT's crisis-response purpose access to it.
    expect((await clinician.get(`/api/followup/episodes/${e.id}`)).status).toBe(404);
    expect((await officer.get(`/api/followup/episodes/${e.id}`)).status).toBe(403);
  });
});

describe('the live feed', () => {
  it('tells the follow-up care team of a change, and never a dispatcher (no followup.read)', async () => {
    const dispatcher = await signIn(t.url, 'dispatcher');
    const mine = await openFeed(t.url, { cookie: casemanager.cookie });
    const theirs = await openFeed(t.url, { cookie: dispatcher.cookie });
    await mine.waitFor((m) => m.type === 'ready');
    await theirs.waitFor((m) => m.type === 'ready');
    const e = await openedEpisode();
    await casemanager.post(`/api/followup/episodes/${e.id}/attempts`, { outcome: 'reached' });
    const heard = await mine.waitFor((m) => m.entity === 'followup_episode' && m.id === e.id && m.version === 2);
    expect(Object.keys(heard).sort()).toEqual(['entity', 'id', 'position', 'type', 'version']);
    // A later call the dispatcher does hear: once it arrives, the episode's change has passed them by.
    const { id: later } = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
    await theirs.waitFor((m) => m.entity === 'incident' && m.id === later);
    expect(theirs.messages.some((m) => m.entity === 'followup_episode')).toBe(false);
    mine.close();
    theirs.close();
  });
});
