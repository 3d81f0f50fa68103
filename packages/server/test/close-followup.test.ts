import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// Noon in Champaign, so that the Living Room (10:00-22:00) is open whatever the real time is.
const NOON = Date.parse('2026-12-01T18:00:00Z');
const started = Date.now();
const clock = () => new Date(NOON + (Date.now() - started));

let t: TestServer;
let telecom: Session;
let dispatcher: Session;
let clinician: Session;
let casemanager: Session;

beforeAll(async () => {
  t = await startTestServer({ clock });
  [telecom, dispatcher, clinician, casemanager] = (await Promise.all(['telecom', 'dispatcher', 'clinician', 'casemanager'].map((u) => signIn(t.url, u)))) as [Session, Session, Session, Session];
});
afterAll(() => t.close());

const ok = async (res: Response) => {
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Record<string, unknown>;
};
const livingRoom = async () => {
  const list = (await ok(await clinician.get('/api/facilities'))) as { items: { id: string; kind: string; capacity: { available: number; availableNow: number; pendingArrivals: number } }[] };
  const f = list.items.find((x) => x.kind === 'living_room')!;
  return { id: f.id, ...f.capacity };
};

/** A level 2 call, triaged and queued, with the unit sent and on scene. */
async function onScene(unit: string): Promise<{ id: string; unit: string }> {
  const id = ((await (await telecom.post('/api/incidents', buildIncidentInput({ person: { name: 'Luis Diaz', age: 29 } }))).json()) as { id: string }).id;
  await ok(await telecom.post(`/api/incidents/${id}/transitions`, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' }));
  await ok(await telecom.post(`/api/incidents/${id}/transitions`, { action: 'queue_for_dispatch' }));
  await ok(await dispatcher.post(`/api/incidents/${id}/assignments`, { units: [unit] }));
  for (const action of ['en_route', 'on_scene']) await ok(await clinician.post(`/api/incidents/${id}/assignments/${unit}`, { action }));
  return { id, unit };
}

describe('transport to a facility and follow-up', () => {
  it('transporting to the Living Room counts against its chairs; closing opens a follow-up episode due within 24 hours', async () => {
    const { id, unit } = await onScene('champaign-mcrt-1');
    const before = await livingRoom();
    const transporting = (await ok(await clinician.post(`/api/incidents/${id}/assignments/${unit}`, { action: 'transporting', facilityId: before.id }))) as { assignments: { destination: string; destinationFacilityId: string }[] };
    expect(transporting.assignments[0]).toMatchObject({ destinationFacilityId: before.id, destination: expect.stringMatching(/Living Room/) });
    const during = await livingRoom();
    expect(during.pendingArrivals).toBe(before.pendingArrivals + 1);
    expect(during.availableNow).toBe(before.availableNow - 1);

    const closed = await ok(await clinician.post(`/api/incidents/${id}/transitions`, {
      action: 'close', disposition: 'transported', details: { transport: { by: 'crisis_team', destination: 'facility', facilityId: before.id }, deflectionPathway: 'community_response' },
    }));
    expect(closed).toMatchObject({ status: 'closed', dispositionDetail: { transport: { by: 'crisis_team', destination: 'facility', facilityId: before.id } } });
    const unitRow = await t.server.services.store.read.unitStatus.get(unit);
    expect(unitRow).toMatchObject({ status: 'available', currentIncidentId: null });

    const caseload = (await ok(await casemanager.get('/api/followup/caseload'))) as { items: { incidentId: string; programme: string; openedAt: string; firstContactDueAt: string }[] };
    const episode = caseload.items.find((e) => e.incidentId === id)!;
    expect(episode.programme).toBe('program_590_mcrt');
    const due = Date.parse(episode.firstContactDueAt) - Date.parse(episode.openedAt);
    expect(due).toBeGreaterThan(0);
    expect(due).toBeLessThanOrEqual(24 * 3600 * 1000);
    const [row] = await t.server.services.store.read.audit.search({ action: 'incident.close', resourceId: id, outcome: 'allowed', limit: 5 });
    expect(row!.detail).toMatchObject({ programme: 'program_590_mcrt', followUpEpisodeId: expect.any(String) });
  });

  it('an unknown facility is refused naming the field, and nothing is announced', async () => {
    const { id, unit } = await onScene('champaign-mcrt-3');
    const before = await livingRoom();
    const res = await clinician.post(`/api/incidents/${id}/assignments/${unit}`, { action: 'transporting', facilityId: 'nowhere' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { issues: { field: string; rule: string }[] } }).error.issues).toEqual([expect.objectContaining({ field: 'facilityId', rule: 'unknown_facility' })]);
    expect((await livingRoom()).pendingArrivals).toBe(before.pendingArrivals);
    // The person declines follow-up: the call closes without an episode.
    await ok(await clinician.post(`/api/incidents/${id}/transitions`, { action: 'close', disposition: 'stabilised_on_site', followUp: false }));
    const caseload = (await ok(await casemanager.get('/api/followup/caseload'))) as { items: { incidentId: string }[] };
    expect(caseload.items.some((e) => e.incidentId === id)).toBe(false);
  });
});
