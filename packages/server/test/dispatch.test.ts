import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

let t: TestServer;
let telecom: Session;
let dispatcher: Session;
let clinician: Session;
let officer: Session;
let analyst: Session;

beforeAll(async () => {
  t = await startTestServer();
  [telecom, dispatcher, clinician, officer, analyst] = (await Promise.all(['telecom', 'dispatcher', 'clinician', 'officer', 'analyst'].map((u) => signIn(t.url, u)))) as Session[] as [Session, Session, Session, Session, Session];
});
afterAll(() => t.close());

type Body = Record<string, unknown> & { error?: { code: string; message: string; details?: Record<string, unknown>; issues?: { field: string; rule: string; message: string }[] } };
const json = async (res: Response) => (await res.json()) as Body;
const audit = (filter: { action?: string; resourceId?: string; outcome?: 'allowed' | 'denied' | 'failed' }) => t.server.services.store.read.audit.search({ ...filter, limit: 100 });

/** A level 2 call from 911 triaged by MPDS code and queued: the demo region's plan sends a mobile crisis team. */
async function queuedIncident(overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await json(await telecom.post('/api/incidents', buildIncidentInput(overrides)));
  const id = created.id as string;
  for (const body of [{ action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' }, { action: 'queue_for_dispatch' }]) {
    const res = await telecom.post(`/api/incidents/${id}/transitions`, body);
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
  }
  return id;
}

const unitRow = (id: string) => t.server.services.store.read.unitStatus.get(id);
const incidentEvents = async (id: string) => (await t.server.services.store.read.incidents.events(id)).map((e) => e.type);
interface ResponseBody { assignments: { unitId: string; stage: string; allowedActions: string[]; justification: unknown }[]; clock: Record<string, string | null>; intervals: Record<string, number | null>; alerts: { code: string }[]; hazards?: unknown[]; notes?: unknown[]; minutesLeft: number | null }
const step = (s: Session, id: string, unit: string, body: Record<string, unknown>) => s.post(`/api/incidents/${id}/assignments/${unit}`, body);

describe('the demo', () => {
  it('seeds calls waiting on the board, triaged from a vendor code, urgent first', async () => {
    const queue = (await json(await dispatcher.get('/api/dispatch/queue'))) as unknown as { items: { incident: { status: string; riskLevel: number; recommendedResponse: string } }[] };
    const waiting = queue.items.filter((i) => i.incident.status === 'awaiting_dispatch');
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    expect(waiting.map((i) => i.incident.riskLevel).slice(0, 2)).toEqual([3, 2]);
    expect(waiting.every((i) => i.incident.recommendedResponse === 'mcrt')).toBe(true);
  });
});

describe('recommendation', () => {
  it('ranks the available crisis teams with reasons and figures', async () => {
    const id = await queuedIncident();
    const res = await dispatcher.get(`/api/incidents/${id}/recommendation`);
    expect(res.status).toBe(200);
    const rec = (await res.json()) as { ranked: { unitId: string; etaMinutes: number; reasons: string[]; figures: { origin: string } }[]; responseType: string; policeFallback: unknown };
    expect(rec.responseType).toBe('mcrt');
    expect(rec.ranked.length).toBeGreaterThan(0);
    expect(rec.ranked.every((r) => r.unitId.startsWith('champaign-mcrt'))).toBe(true);
    expect(rec.ranked[0]!.reasons.length).toBeGreaterThan(0);
    expect(rec.ranked.map((r) => r.etaMinutes)).toEqual([...rec.ranked.map((r) => r.etaMinutes)].sort((a, b) => a - b));
    expect(rec.policeFallback).toBeNull();
    expect(await audit({ action: 'incident.recommendation', resourceId: id })).toHaveLength(1);
  });

  it('is refused to a call-taker (403) and answers 401 without a session', async () => {
    const id = await queuedIncident();
    expect((await telecom.get(`/api/incidents/${id}/recommendation`)).status).toBe(403);
    expect((await fetch(`${t.url}/api/incidents/${id}/recommendation`)).status).toBe(401);
  });
});

describe('assigning and answering a call', () => {
  it('the field view steers to the facility while transporting, not back to the scene (issue 15 §5)', async () => {
    const id = await queuedIncident();
    const unit = 'champaign-mcrt-2';
    expect((await dispatcher.post(`/api/incidents/${id}/assignments`, { units: [unit] })).status).toBe(200);
    for (const action of ['acknowledge', 'en_route', 'on_scene']) expect((await step(clinician, id, unit, { action })).status, action).toBe(200);
    const facility = (await t.server.services.store.read.facilities.get('urbana-ed'))!;
    expect(facility).not.toBeNull();
    const before = await json(await clinician.get(`/api/field/assignment?unit=${unit}`));
    expect(before.destination).toBeNull();
    expect(before.directionsUrl).toMatch(/destination=40\.1098,-88\.2084/);
    const moved = await step(clinician, id, unit, { action: 'transporting', facilityId: facility.id, destination: facility.name });
    expect(moved.status, JSON.stringify(await moved.clone().json())).toBe(200);
    const during = await json(await clinician.get(`/api/field/assignment?unit=${unit}`));
    expect(during.destination).toEqual({ name: facility.name, address: facility.location.address, lat: facility.location.lat, lon: facility.location.lon, arrived: false });
    expect(during.directionsUrl).toBe(`https://www.google.com/maps/dir/?api=1&destination=${facility.location.lat},${facility.location.lon}`);
    expect((await step(clinician, id, unit, { action: 'at_destination' })).status).toBe(200);
    expect((await json(await clinician.get(`/api/field/assignment?unit=${unit}`))).destination).toMatchObject({ name: facility.name, arrived: true });
    expect((await step(clinician, id, unit, { action: 'clear' })).status).toBe(200);
  });

  it('dispatch → acknowledge → en route → on scene → clear, with the response clock and unit statuses', async () => {
    const id = await queuedIncident();
    const unit = 'champaign-mcrt-1';
    const assigned = await dispatcher.post(`/api/incidents/${id}/assignments`, { units: [unit] });
    expect(assigned.status, JSON.stringify(await assigned.clone().json())).toBe(200);
    expect((await unitRow(unit))).toMatchObject({ status: 'dispatched', currentIncidentId: id });
    const incident = await json(await dispatcher.get(`/api/incidents/${id}`));
    expect(incident.status).toBe('dispatched');

    // The crew sees its call in the field view, with the steps it may take.
    const field = await json(await clinician.get(`/api/field/assignment?unit=${unit}`));
    expect((field.incident as { id: string }).id).toBe(id);
    expect((field.response as ResponseBody).assignments[0]!.allowedActions).toEqual(expect.arrayContaining(['acknowledge', 'en_route', 'panic']));
    expect(field.directionsUrl).toMatch(/destination=40\.1098,-88\.2084/);

    for (const action of ['acknowledge', 'en_route', 'on_scene']) {
      const res = await step(clinician, id, unit, { action });
      expect(res.status, action).toBe(200);
    }
    expect((await unitRow(unit))!.status).toBe('on_scene');
    expect((await json(await dispatcher.get(`/api/incidents/${id}`))).status).toBe('on_scene');
    const cleared = (await json(await step(clinician, id, unit, { action: 'clear' }))) as unknown as ResponseBody;
    expect(cleared.assignments[0]!.stage).toBe('cleared');
    for (const k of ['receivedAt', 'triagedAt', 'dispatchedAt', 'acknowledgedAt', 'enRouteAt', 'onSceneAt', 'clearedAt']) expect(cleared.clock[k], k).toEqual(expect.any(String));
    expect(cleared.intervals.response).toEqual(expect.any(Number));
    expect(cleared.intervals.total).toBeGreaterThanOrEqual(cleared.intervals.response!);
    expect(await unitRow(unit)).toMatchObject({ status: 'available', currentIncidentId: null });
    expect(await incidentEvents(id)).toEqual(expect.arrayContaining(['incident.unit_assigned', 'incident.unit_progressed']));
    const rows = await audit({ action: 'incident.assign', resourceId: id, outcome: 'allowed' });
    expect(rows[0]!.detail).toMatchObject({ units: [unit], from: 'awaiting_dispatch', to: 'dispatched' });
  });

  it('refuses an illegal step with 409 and the current stage, and changes nothing', async () => {
    const id = await queuedIncident();
    const unit = 'champaign-mcrt-2';
    expect((await dispatcher.post(`/api/incidents/${id}/assignments`, { units: [unit] })).status).toBe(200);
    const before = await incidentEvents(id);
    const res = await step(clinician, id, unit, { action: 'clear' });
    expect(res.status).toBe(409);
    const body = await json(res);
    expect(body.error).toMatchObject({ code: 'illegal_transition', details: { currentStage: 'assigned' } });
    expect(await incidentEvents(id)).toEqual(before);
    expect((await unitRow(unit))!.status).toBe('dispatched');
    // The unit's own status follows the call, so it cannot be changed around it.
    const direct = await dispatcher.post(`/api/units/${unit}/status`, { status: 'available' });
    expect(direct.status).toBe(409);
    expect((await json(direct)).error!.details).toMatchObject({ currentIncidentId: id });
    // Release (cancel) needs a reason, then frees the unit and puts the call back in the queue.
    expect((await step(dispatcher, id, unit, { action: 'release', kind: 'cancelled', reason: '' })).status).toBe(400);
    const released = await step(dispatcher, id, unit, { action: 'release', kind: 'reassigned', reason: 'closer team freed up' });
    expect(released.status).toBe(200);
    expect(await unitRow(unit)).toMatchObject({ status: 'available', currentIncidentId: null });
    expect((await json(await dispatcher.get(`/api/incidents/${id}`))).status).toBe('awaiting_dispatch');
  });

  it('refuses unknown units, busy units and a unit listed twice', async () => {
    const id = await queuedIncident();
    const unknown = await dispatcher.post(`/api/incidents/${id}/assignments`, { units: ['champaign-mcrt-99'] });
    expect(unknown.status).toBe(404);
    expect((await dispatcher.post(`/api/incidents/${id}/assignments`, { units: ['champaign-mcrt-3', 'champaign-mcrt-3'] })).status).toBe(400);
    expect(await incidentEvents(id)).not.toContain('incident.unit_assigned');
    expect((await audit({ action: 'incident.assign', resourceId: id, outcome: 'allowed' }))).toHaveLength(0);
  });

  it('a unit that breaks the plan needs a justification; police on a crisis-team plan need a §30 ground', async () => {
    const id = await queuedIncident();
    const coResponse = 'champaign-co-response-1';
    const bare = await dispatcher.post(`/api/incidents/${id}/assignments`, { units: [coResponse] });
    expect(bare.status).toBe(400);
    expect((await json(bare)).error!.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'justification', rule: 'police_not_in_plan' })]));
    const noGround = await dispatcher.post(`/api/incidents/${id}/assignments`, { units: [coResponse], justification: { code: 'no_fitting_unit_available' } });
    expect((await json(noGround)).error!.issues).toEqual([expect.objectContaining({ field: 'justification.cessa30', rule: 'cessa_30_required' })]);
    expect((await unitRow(coResponse))!.status).toBe('available');
    // The ground needs its fact (issue 12 §4): the MCRT is free and close, so the recommendation reports no
    // shortfall and 988 has reported nothing: 422 naming the ground and what is missing.
    const unsupported = await dispatcher.post(`/api/incidents/${id}/assignments`, {
      units: [coResponse],
      justification: { code: 'no_fitting_unit_available', cessa30: 'crisis_team_unavailable_within_regional_maximum' },
    });
    expect(unsupported.status).toBe(422);
    expect((await json(unsupported)).error!.issues).toEqual([expect.objectContaining({ field: 'justification.cessa30', rule: 'no_unavailability' })]);
    expect((await unitRow(coResponse))!.status).toBe('available');
    const reported = await dispatcher.post(`/api/incidents/${id}/transitions`, { action: 'report_crisis_team_unavailable', reportedBy: '988 shift lead', reportRef: '988-4410' });
    expect(reported.status).toBe(200);
    const ok = await dispatcher.post(`/api/incidents/${id}/assignments`, {
      units: [coResponse],
      justification: { code: 'no_fitting_unit_available', cessa30: 'crisis_team_unavailable_within_regional_maximum', note: '988 reports no team within 60 min' },
    });
    expect(ok.status, JSON.stringify(await ok.clone().json())).toBe(200);
    const view = (await json(ok)) as unknown as ResponseBody;
    expect(view.assignments[0]!.justification).toMatchObject({ breaks: 'police_not_in_plan', cessa30: 'crisis_team_unavailable_within_regional_maximum' });
    expect((await step(dispatcher, id, coResponse, { action: 'release', kind: 'cancelled', reason: 'test done' })).status).toBe(200);
  });
});

describe('closing a call', () => {
  it('clears the units on scene, records the disposition detail, and refuses while a unit is on its way', async () => {
    const id = await queuedIncident();
    const unit = 'champaign-mcrt-2';
    expect((await dispatcher.post(`/api/incidents/${id}/assignments`, { units: [unit] })).status).toBe(200);
    expect((await step(clinician, id, unit, { action: 'en_route' })).status).toBe(200);
    // Not triaged to "closed" while the team is driving there.
    const early = await clinician.post(`/api/incidents/${id}/transitions`, { action: 'close', disposition: 'stabilised_on_site' });
    expect(early.status).toBe(409);
    expect((await json(early)).error).toMatchObject({ code: 'illegal_transition', details: { currentStatus: 'en_route' } });
    expect((await step(clinician, id, unit, { action: 'on_scene' })).status).toBe(200);
    // A transport must say by whom and where; nothing is written when it does not.
    const before = await incidentEvents(id);
    const bad = await clinician.post(`/api/incidents/${id}/transitions`, { action: 'close', disposition: 'transported' });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error!.issues).toEqual([expect.objectContaining({ field: 'details.transport', rule: 'required' })]);
    expect(await incidentEvents(id)).toEqual(before);
    const closed = await clinician.post(`/api/incidents/${id}/transitions`, {
      action: 'close', disposition: 'transported',
      details: { transport: { by: 'crisis_team', destination: 'chosen_place', place: "her sister's flat" }, deflectionPathway: 'community_response', note: 'calmer after talking' },
    });
    expect(closed.status, JSON.stringify(await closed.clone().json())).toBe(200);
    const view = await json(closed);
    expect(view).toMatchObject({ status: 'closed', disposition: 'transported', dispositionDetail: { transport: { by: 'crisis_team', destination: 'chosen_place' }, arrest: false } });
    expect(view.dispositionNotes).toMatchObject({ place: "her sister's flat" });
    expect(await unitRow(unit)).toMatchObject({ status: 'available', currentIncidentId: null });
    const response = (await json(await dispatcher.get(`/api/incidents/${id}/response`))) as unknown as ResponseBody;
    expect(response.assignments[0]!.stage).toBe('cleared');
    expect(response.clock.clearedAt).toEqual(expect.any(String));
    const [row] = await audit({ action: 'incident.close', resourceId: id, outcome: 'allowed' });
    expect(row!.detail).toMatchObject({ disposition: 'transported', transportBy: 'crisis_team', unitsCleared: [unit] });
    expect(JSON.stringify(row!.detail)).not.toContain('sister');
    // Police read the counted ending, never its clinical notes.
    const forOfficer = await officer.get(`/api/incidents/${id}`);
    expect(forOfficer.status).toBe(200);
    const officerView = await json(forOfficer);
    expect(officerView).toHaveProperty('dispositionDetail');
    expect(officerView).not.toHaveProperty('dispositionNotes');
  });
});

describe('breadcrumbs', () => {
  it('keeps each unit’s fixes from dispatch on, per incident; analysts may not read them', async () => {
    const id = await queuedIncident();
    const unit = 'champaign-mcrt-1';
    expect((await dispatcher.post(`/api/incidents/${id}/assignments`, { units: [unit] })).status).toBe(200);
    const home = (await unitRow(unit))!.lastPosition!;
    const start = Math.max(Date.now(), home.at.getTime()) + 1000;
    for (let i = 1; i <= 3; i++) {
      const res = await clinician.post(`/api/units/${unit}/positions`, { lat: home.lat + i * 0.001, lon: home.lon, at: new Date(start + i * 5000).toISOString(), accuracy: 5 });
      expect(res.status).toBe(201);
    }
    expect((await step(clinician, id, unit, { action: 'en_route' })).status).toBe(200);
    const trail = (await json(await dispatcher.get(`/api/incidents/${id}/trail`))) as unknown as { units: { unitId: string; points: { lat: number }[] }[] };
    expect(trail.units).toEqual([expect.objectContaining({ unitId: unit })]);
    expect(trail.units[0]!.points.map((p) => p.lat)).toEqual([1, 2, 3].map((i) => home.lat + i * 0.001));
    expect((await analyst.get(`/api/incidents/${id}/trail`)).status).toBe(403);
    expect(await audit({ action: 'incident.trail', resourceId: id, outcome: 'allowed' })).toHaveLength(1);
    expect(await audit({ action: 'incident.trail', resourceId: id, outcome: 'denied' })).toHaveLength(1);
    expect((await step(dispatcher, id, unit, { action: 'release', kind: 'cancelled', reason: 'test done' })).status).toBe(200);
  });
});

describe('responder safety', () => {
  it('hazards reach police; field notes stay clinical; a panic alerts the board', async () => {
    const id = await queuedIncident();
    const unit = 'champaign-mcrt-3';
    expect((await dispatcher.post(`/api/incidents/${id}/assignments`, { units: [unit] })).status).toBe(200);
    expect((await clinician.post(`/api/incidents/${id}/notes`, { kind: 'hazard', text: 'Large dog loose in the yard' })).status).toBe(200);
    expect((await clinician.post(`/api/incidents/${id}/notes`, { kind: 'note', text: 'Person known to the team; prefers Elena' })).status).toBe(200);
    expect((await officer.post(`/api/incidents/${id}/notes`, { kind: 'note', text: 'x' })).status).toBe(403);
    expect((await clinician.post(`/api/incidents/${id}/notes`, { kind: 'hazard', text: '   ' })).status).toBe(400);

    const forClinician = (await json(await clinician.get(`/api/incidents/${id}/response`))) as unknown as ResponseBody;
    expect(forClinician.hazards).toHaveLength(1);
    expect(forClinician.notes).toHaveLength(1);
    // The sheriff reads this PSAP's calls under the county's crisis response agreement.
    const forOfficerRes = await officer.get(`/api/incidents/${id}/response`);
    expect(forOfficerRes.status).toBe(200);
    const forOfficer = (await json(forOfficerRes)) as unknown as ResponseBody;
    expect(forOfficer.hazards).toHaveLength(1);
    expect(forOfficer.notes).toBeUndefined();
    expect(JSON.stringify(forOfficer)).not.toContain('prefers Elena');

    const panic = await step(clinician, id, unit, { action: 'panic', position: { lat: 40.11, lon: -88.21, at: new Date().toISOString() } });
    expect(panic.status).toBe(200);
    expect((await unitRow(unit))!.panicAt).toBeInstanceOf(Date);
    const queue = (await json(await dispatcher.get('/api/dispatch/queue'))) as unknown as { items: { incident: { id: string }; response: ResponseBody }[] };
    expect(queue.items[0]!.incident.id).toBe(id);
    expect(queue.items[0]!.response.alerts[0]!.code).toBe('panic');
    // A crew may not close its own panic; the dispatcher does, with a reason.
    expect((await step(clinician, id, unit, { action: 'resolve_panic', reason: 'ok' })).status).toBe(403);
    expect((await step(dispatcher, id, unit, { action: 'resolve_panic', reason: 'Crew safe, spoke by radio' })).status).toBe(200);
    expect((await unitRow(unit))!.panicAt).toBeNull();
    expect(await audit({ action: 'incident.unit_panic', resourceId: id })).toHaveLength(1);
  });

  it('a panic without a call is raised on the unit and closed there by a dispatcher', async () => {
    const unit = 'champaign-mcrt-1';
    expect((await clinician.post(`/api/units/${unit}/panic`, {})).status).toBe(200);
    expect((await unitRow(unit))!.panicAt).toBeInstanceOf(Date);
    expect((await clinician.post(`/api/units/${unit}/panic/resolve`, { reason: 'ok' })).status).toBe(403);
    const resolved = await dispatcher.post(`/api/units/${unit}/panic/resolve`, { reason: 'Crew answered on the radio: all safe' });
    expect(resolved.status).toBe(200);
    expect((await json(resolved)).panicAt).toBeNull();
    expect((await dispatcher.post(`/api/units/${unit}/panic/resolve`, { reason: 'again' })).status).toBe(409);
    expect((await audit({ action: 'unit.panic_resolve', resourceId: unit, outcome: 'allowed' }))[0]!.detail).toMatchObject({ reason: 'Crew answered on the radio: all safe' });
  });

  it('the analyst sees no queue; the queue read is audited with its ids', async () => {
    expect((await analyst.get('/api/dispatch/queue')).status).toBe(403);
    const before = (await audit({ action: 'dispatch.queue' })).length;
    expect((await dispatcher.get('/api/dispatch/queue')).status).toBe(200);
    expect((await audit({ action: 'dispatch.queue' })).length).toBe(before + 1);
  });
});
