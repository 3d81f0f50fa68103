import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchUnitsFor } from '../src/services/dispatch/unit-catalogue.ts';
import { signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// CIT and training records (issue 12 §6): stored, checked, listed for supervisors, read by the
// recommender, and the refresher list.
let t: TestServer;
let supervisor: Session;
let dispatcher: Session;
let officer: Session;

beforeAll(async () => {
  t = await startTestServer();
  [supervisor, dispatcher, officer] = (await Promise.all(['supervisor', 'dispatcher', 'officer'].map((u) => signIn(t.url, u)))) as [Session, Session, Session];
});
afterAll(() => t.close());

type Issue = { field: string; rule: string };
interface Record { id: string; agencyId: string; personName: string; course: string; completedOn: string; hours: number; expiresOn: string | null; validUntil: string }
const list = async () => ((await (await supervisor.get('/api/training-records')).json()) as { items: Record[] }).items;
const post = (s: Session, body: unknown, key = randomUUID()) => s.post('/api/training-records', body, { 'idempotency-key': key });
const deputy = { agencyId: 'champaign-sheriff', personName: 'Alma Reyes', personRole: 'police_officer', course: 'cit_40_hour', completedOn: '2025-09-15', hours: 40 };

describe('training records', () => {
  it('records a course once per key, with its default validity, and lists it', async () => {
    const key = randomUUID();
    const res = await post(supervisor, deputy, key);
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
    const created = (await res.json()) as Record;
    expect(created).toMatchObject({ agencyId: 'champaign-sheriff', personName: 'Alma Reyes', course: 'cit_40_hour', completedOn: '2025-09-15', hours: 40, expiresOn: null, validUntil: '2027-09-15' });
    const replay = await post(supervisor, deputy, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replay')).toBe('true');
    const mine = (await list()).filter((r) => r.personName === 'Alma Reyes');
    expect(mine.map((r) => r.id)).toEqual([created.id]);
    const audits = await t.server.services.store.read.audit.search({ action: 'training.record', resourceId: created.id, limit: 10 });
    expect(audits).toHaveLength(1);
  });

  it.each<[string, object, number, Issue]>([
    ['a course in the future', { completedOn: '2099-01-01' }, 400, { field: 'completedOn', rule: 'not_in_future' }],
    ['a date that does not exist', { completedOn: '2025-02-30' }, 400, { field: 'completedOn', rule: 'format' }],
    ['an expiry before completion', { expiresOn: '2025-01-01' }, 400, { field: 'expiresOn', rule: 'after_completion' }],
    ['more hours than any course', { hours: 200 }, 400, { field: 'hours', rule: 'range' }],
    ['an account that is not an officer of the agency', { userId: 'no-such-user' }, 422, { field: 'userId', rule: 'unknown_member' }],
    ['an agency out of reach', { agencyId: 'il-idhs-dmh' }, 422, { field: 'agencyId', rule: 'out_of_reach' }],
  ])('refuses %s, naming the field and rule, and writes nothing', async (_name, change, status, issue) => {
    const before = (await list()).length;
    const res = await post(supervisor, { ...deputy, personName: 'Refused Person', ...change });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { issues: Issue[] } }).error.issues).toEqual([expect.objectContaining(issue)]);
    expect((await list()).length).toBe(before);
  });

  it('refuses the list and the write to roles without the permission (403)', async () => {
    expect((await dispatcher.get('/api/training-records')).status).toBe(403);
    expect((await officer.get('/api/training-records/refreshers')).status).toBe(403);
    expect((await post(dispatcher, deputy)).status).toBe(403);
  });
});

describe('who is due a refresher', () => {
  it('lists the overdue, the due and the never trained, and leaves out the current', async () => {
    const res = await supervisor.get('/api/training-records/refreshers');
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { personName: string; personRole: string; status: string; daysLeft: number | null }[] };
    expect(items.length).toBeGreaterThan(0);
    const statusOf = (name: string) => items.find((i) => i.personName === name)?.status;
    expect(statusOf('Jordan Whitfield')).toBe('overdue');
    expect(statusOf('Dana Kowalski')).toBe('due');
    expect(statusOf('Victor Lindgren')).toBe('never_trained');
    expect(statusOf('Kyle Brandt')).toBeUndefined();
    expect(items.findIndex((i) => i.status === 'overdue')).toBeLessThan(items.findIndex((i) => i.status === 'due'));
  });
});

describe('the recommender reads CIT from the records', () => {
  it('marks a unit whose officer on shift holds a current CIT course, and not one whose officer has none', async () => {
    const store = t.server.services.store.read;
    const units = await dispatchUnitsFor(store, ['champaign-co-response', 'champaign-sheriff', 'urbana-police'], t.server.services.clock());
    const cit = Object.fromEntries(units.map((u) => [u.id, u.citTrainedOfficer]));
    expect(cit).toMatchObject({ 'champaign-co-response-1': true, 'champaign-sheriff-co-response-2': true, 'champaign-sheriff-patrol-1': false, 'urbana-police-1': true });
  });
});
