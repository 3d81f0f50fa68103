import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// Noon in Champaign, so that the Living Room (10:00-22:00) is open whatever the real time is.
const NOON = Date.parse('2026-12-01T18:00:00Z');
const started = Date.now();
const clock = () => new Date(NOON + (Date.now() - started));

let t: TestServer;
let telecom: Session;
let clinician: Session;
let officer: Session;

beforeAll(async () => {
  t = await startTestServer({ clock });
  [telecom, clinician, officer] = (await Promise.all(['telecom', 'clinician', 'officer'].map((u) => signIn(t.url, u)))) as [Session, Session, Session];
});
afterAll(() => t.close());

interface View { ranked: { option: string; name: string; availableNow: number | null; reasons: string[] }[]; excluded: { option: string; code: string; rule: string | null; reason: string }[]; noEligibleDestination: { reason: string } | null }
const call = async (person: Record<string, unknown>) => ((await (await telecom.post('/api/incidents', buildIncidentInput({ person }))).json()) as { id: string }).id;
const ask = async (s: Session, id: string, query = '') => {
  const res = await s.get(`/api/incidents/${id}/destinations${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as View;
};

describe('GET /api/incidents/:id/destinations', () => {
  it('ranks the demo facilities least restrictive first, with capacity and travel time', async () => {
    const id = await call({ age: 34 });
    const view = await ask(clinician, id, '?safeToStay=true&chosenPlace=Her%20sister%27s%20flat');
    const options = view.ranked.map((d) => d.option);
    expect(options.slice(0, 2)).toEqual(['stay', 'chosen_place']);
    expect(options.indexOf('living_room')).toBeLessThan(options.indexOf('emergency_department'));
    const livingRoom = view.ranked.find((d) => d.option === 'living_room')!;
    expect(livingRoom.availableNow).toBeGreaterThan(0);
    expect(livingRoom.reasons.join(' ')).toMatch(/min away/);
    expect(view.noEligibleDestination).toBeNull();
  });

  it('a young person is excluded from adult places with the rule; police are told the rule, not the age', async () => {
    const id = await call({ age: 15 });
    const forClinician = await ask(clinician, id);
    expect(forClinician.excluded.find((e) => e.option === 'living_room')).toMatchObject({ code: 'criteria', rule: 'under_min_age', reason: expect.stringContaining('the person is 15') });
    // The sheriff reads this PSAP's calls under the county's crisis response agreement.
    const forOfficer = await ask(officer, id);
    expect(JSON.stringify(forOfficer)).not.toContain('the person is 15');
    expect(forOfficer.excluded.find((e) => e.option === 'living_room')).toMatchObject({ rule: 'under_min_age', reason: 'Living Room takes adults 18 and over; the person is younger' });
  });

  it('criteria that exclude everyone give an explicit no eligible destination, with reasons', async () => {
    const id = await call({ age: 9 });
    const flags = '?voluntary=false&intoxicated=true&broughtByPolice=true';
    // A child held against their will, intoxicated, brought by police: only the EDs take them.
    expect([...new Set((await ask(clinician, id, flags)).ranked.map((d) => d.option))]).toEqual(['emergency_department']);
    // With both EDs reporting no beds, nothing fits: the answer says so, with every reason.
    const eds = (await t.server.services.store.read.facilities.list({ regionId: 'il-ems-6' })).filter((f) => f.kind === 'emergency_department');
    expect(eds.length).toBe(2);
    await t.server.services.store.transaction(async (tx) => {
      for (const f of eds) await tx.facilities.report({ facilityId: f.id, available: 0, total: f.total, reportedAt: clock(), reportedBy: 'test', source: 'report' });
    });
    const view = await ask(clinician, id, flags);
    expect(view.ranked).toEqual([]);
    expect(view.noEligibleDestination!.reason).toMatch(/^No eligible destination: .*facilities full/);
    expect(view.excluded.filter((e) => e.code === 'full').map((e) => e.option)).toEqual(['emergency_department', 'emergency_department']);
    expect(view.excluded.every((e) => e.reason.length > 0)).toBe(true);
  });

  it('refuses a bad flag naming it, and answers 401 without a session', async () => {
    const id = await call({ age: 40 });
    const res = await clinician.get(`/api/incidents/${id}/destinations?voluntary=maybe`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('voluntary');
    expect((await fetch(`${t.url}/api/incidents/${id}/destinations`)).status).toBe(401);
  });
});
