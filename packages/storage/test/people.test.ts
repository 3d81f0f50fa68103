import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptySafetyPlan } from '@continuum/domain';
import { Store, type PersonRecord } from '../src/index.ts';
import { openTestDatabase, type TestDatabase } from './harness.ts';
import { buildReceived, newId, seedTenancy } from './builders.ts';

// The people part of the repository contract; runs on PGlite and on PostgreSQL.
let t: TestDatabase;
let store: Store;
const at = new Date('2026-03-01T12:00:00Z');

const buildPerson = (o: Partial<PersonRecord> = {}): PersonRecord => ({
  id: newId(), agencyId: 'a-test', name: { given: 'Sam', family: 'Ortiz', preferred: null }, dateOfBirth: '1991-06-02',
  phones: ['+1 (217) 555-0101'], demographics: { gender: 'male', race: null, ethnicity: 'Hispanic or Latino' }, safetyPlan: null,
  version: 1, createdBy: 'u-1', createdAt: at, updatedAt: at, ...o,
});

const newIncident = async () => {
  const id = newId();
  await store.transaction((tx) => tx.incidents.append(id, null, [{ event: buildReceived(), reason: null }], { actorId: 'u-1', occurredAt: at }));
  return id;
};

beforeAll(async () => {
  t = await openTestDatabase();
  store = new Store(t.database, t.feedChannel);
  await store.transaction(async (tx) => {
    await seedTenancy(tx);
    await seedTenancy(tx, { region: 'r-test', agency: 'a-other' });
  });
});
afterAll(() => t.cleanup());

describe('people repository', () => {
  it('stores a person and reads every field back, the date of birth as a calendar day', async () => {
    const p = buildPerson();
    await store.transaction((tx) => tx.people.create(p));
    expect(await store.read.people.get(p.id)).toEqual(p);
    expect(await store.read.people.get(newId())).toBeNull();
  });

  it('replaces the safety plan and moves the version on', async () => {
    const p = buildPerson();
    await store.transaction((tx) => tx.people.create(p));
    const plan = { ...emptySafetyPlan(), warningSigns: ['stops answering texts'], preferredLanguage: 'es' };
    const later = new Date(at.getTime() + 60_000);
    await store.transaction((tx) => tx.people.setSafetyPlan(p.id, plan, later));
    expect(await store.read.people.get(p.id)).toMatchObject({ safetyPlan: plan, version: 2, updatedAt: later });
  });

  it('narrows candidates by date of birth, phone key or initials, within the agencies given', async () => {
    const byPhone = buildPerson({ name: { given: 'Xavier', family: 'Young', preferred: null }, dateOfBirth: null, phones: ['217-555-0199'] });
    const byDob = buildPerson({ name: { given: 'Quinn', family: 'Vu', preferred: null }, dateOfBirth: '1970-01-31', phones: [] });
    const byInitial = buildPerson({ name: { given: 'Kira', family: 'Zane', preferred: null }, dateOfBirth: null, phones: [] });
    const elsewhere = buildPerson({ agencyId: 'a-other', name: { given: 'Kira', family: 'Zane', preferred: null }, dateOfBirth: '1970-01-31', phones: ['2175550199'] });
    await store.transaction(async (tx) => {
      for (const p of [byPhone, byDob, byInitial, elsewhere]) await tx.people.create(p);
    });
    const ids = async (keys: Partial<Parameters<typeof store.read.people.candidates>[0]>) =>
      (await store.read.people.candidates({ agencyIds: ['a-test'], datesOfBirth: [], phoneKeys: [], initials: [], ...keys })).map((p) => p.id);
    expect(await ids({ phoneKeys: ['2175550199'] })).toEqual([byPhone.id]);
    expect(await ids({ datesOfBirth: ['1970-01-31'] })).toEqual([byDob.id]);
    expect(await ids({ initials: ['z'] })).toEqual([byInitial.id]);
    expect(await ids({})).toEqual([]);
    expect(await ids({ agencyIds: [], phoneKeys: ['2175550199'] })).toEqual([]);
  });

  it('appends link events and keeps the projection to the current link', async () => {
    const p = buildPerson();
    const q = buildPerson();
    await store.transaction(async (tx) => {
      await tx.people.create(p);
      await tx.people.create(q);
    });
    const incident = await newIncident();
    const common = { incidentId: incident, actorId: 'u-1', agencyId: 'a-test', occurredAt: at };
    await store.transaction((tx) => tx.people.appendLink({ ...common, id: newId(), type: 'person.linked', personId: p.id, basis: 'candidate', score: 0.82, band: 'likely' }));
    expect(await store.read.people.linksOf([incident])).toEqual(new Map([[incident, p.id]]));
    await store.transaction((tx) => tx.people.appendLink({ ...common, id: newId(), type: 'person.unlinked', personId: p.id, reason: 'wrong person' }));
    expect(await store.read.people.linksOf([incident])).toEqual(new Map());
    await store.transaction((tx) => tx.people.appendLink({ ...common, id: newId(), type: 'person.linked', personId: q.id, basis: 'search', score: null, band: null }));
    const events = await store.read.people.linkEvents(incident);
    expect(events.map((e) => [e.type, e.personId])).toEqual([['person.linked', p.id], ['person.unlinked', p.id], ['person.linked', q.id]]);
    expect(events[0]).toMatchObject({ basis: 'candidate', score: 0.82, band: 'likely' });
    expect(events[1]).toMatchObject({ reason: 'wrong person' });
    expect((await store.read.people.contactsOf(q.id)).map((c) => c.incidentId)).toEqual([incident]);
    expect(await store.read.people.contactsOf(p.id)).toEqual([]);
  });

  it('refuses a second current link for one incident (the projection holds one)', async () => {
    const p = buildPerson();
    await store.transaction((tx) => tx.people.create(p));
    const incident = await newIncident();
    const link = () => ({ id: newId(), type: 'person.linked' as const, incidentId: incident, personId: p.id, basis: 'candidate' as const, score: null, band: null, actorId: 'u', agencyId: 'a-test', occurredAt: at });
    await store.transaction((tx) => tx.people.appendLink(link()));
    await expect(store.transaction((tx) => tx.people.appendLink(link()))).rejects.toThrow();
    expect(await store.read.people.linkEvents(incident)).toHaveLength(1);
  });

  it('keeps person-level consents apart from incident ones', async () => {
    const p = buildPerson();
    await store.transaction((tx) => tx.people.create(p));
    const consent = { id: newId(), recordType: 'person' as const, recordId: p.id, programmeAgencyId: 'a-test', recipientAgencyIds: ['a-other'], purposes: ['crisis_response' as const], expiresAt: new Date('2027-01-01T00:00:00Z'), revokedAt: null, revokedReason: null, note: null, recordedBy: 'u-1', recordedAt: at };
    await store.transaction((tx) => tx.consents.create(consent));
    expect(await store.read.consents.forRecords([p.id])).toEqual([consent]);
  });
});
