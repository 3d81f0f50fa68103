import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTask, closeEpisode, logAttempt, makeReferral, openEpisode, type EpisodeState } from '@continuum/domain';
import { Store } from '../src/index.ts';
import { openTestDatabase, type TestDatabase } from './harness.ts';
import { buildReceived, newId, seedTenancy } from './builders.ts';

// The follow-up event store, on PGlite and (in CI) PostgreSQL.
let t: TestDatabase;
let store: Store;
const openedAt = new Date('2026-11-22T10:00:00Z');
const later = (h: number) => new Date(openedAt.getTime() + h * 3_600_000);

beforeAll(async () => {
  t = await openTestDatabase();
  store = new Store(t.database, t.feedChannel);
  await store.transaction((tx) => seedTenancy(tx));
});
afterAll(() => t.cleanup());

/** An incident and an open 590 episode on it, unassigned; returns the episode. */
async function openOne(): Promise<EpisodeState> {
  const incidentId = newId();
  await store.transaction((tx) => tx.incidents.append(incidentId, null, [{ event: buildReceived(), reason: null }], { actorId: 'u', occurredAt: openedAt }));
  const decided = openEpisode({ incidentId, agencyId: 'a-test', regionId: 'r-test', programme: 'program_590_mcrt', openedAt, assignedTo: null });
  return (await store.transaction((tx) => tx.followup.append(newId(), null, decided, { actorId: 'u', occurredAt: openedAt }))).state;
}

describe('follow-up event store', () => {
  it('appends, keeps the projection in step (dates come back as dates), and rebuilds from the events', async () => {
    let e = await openOne();
    const steps = [
      (s: EpisodeState) => logAttempt(s, { attemptId: newId(), outcome: 'no_answer', at: later(1), note: 'voicemail full', actorId: 'u' }, later(1)),
      (s: EpisodeState) => addTask(s, { taskId: newId(), title: 'Try again after work hours', dueAt: later(9) }),
      (s: EpisodeState) => makeReferral(s, { referralId: newId(), providerName: 'CCBHC', service: 'counselling', appointmentAt: later(72) }),
    ];
    for (const step of steps) e = (await store.transaction((tx) => tx.followup.append(e.id, e, step(e), { actorId: 'u', occurredAt: later(2) }))).state;
    const loaded = await store.read.followup.get(e.id);
    expect(loaded).toEqual(e);
    expect(loaded!.attempts[0]!.at).toBeInstanceOf(Date);
    expect(loaded!.referrals[0]!.appointmentAt).toEqual(later(72));
    expect((await store.read.followup.events(e.id)).map((x) => x.type)).toEqual(['followup.opened', 'followup.attempt_logged', 'followup.task_added', 'followup.referral_made']);
    expect(await store.transaction((tx) => tx.followup.rebuild(e.id))).toEqual(loaded);
  });

  it('refuses updates and deletes of follow-up events', async () => {
    await openOne();
    await expect(store.database.db.deleteFrom('followup_events').execute()).rejects.toThrow(/append-only/);
    await expect(store.database.db.updateTable('followup_events').set({ type: 'x' }).execute()).rejects.toThrow(/append-only/);
  });

  it('holds one open episode per incident and programme; a closed one leaves room for the next', async () => {
    const e = await openOne();
    const again = openEpisode({ incidentId: e.incidentId, agencyId: 'a-test', regionId: 'r-test', programme: 'program_590_mcrt', openedAt, assignedTo: null });
    await expect(store.transaction((tx) => tx.followup.append(newId(), null, again, { actorId: 'u', occurredAt: openedAt }))).rejects.toThrow();
    expect((await store.read.followup.openFor(e.incidentId, 'program_590_mcrt'))!.id).toBe(e.id);
    await store.transaction((tx) => tx.followup.append(e.id, e, closeEpisode(e, { reason: 'declined' }, later(5)), { actorId: 'u', occurredAt: later(5) }));
    expect(await store.read.followup.openFor(e.incidentId, 'program_590_mcrt')).toBeNull();
    await store.transaction((tx) => tx.followup.append(newId(), null, again, { actorId: 'u', occurredAt: later(6) }));
    expect(await store.read.followup.openFor(e.incidentId, 'program_590_mcrt')).not.toBeNull();
  });

  it('the caseload query finds open episodes of the agency, and none of another', async () => {
    const e = await openOne();
    const mine = await store.read.followup.openCaseload({ userId: 'nobody', agencyIds: ['a-test'], limit: 500 });
    expect(mine.map((x) => x.id)).toContain(e.id);
    expect(mine.every((x) => x.status !== 'closed')).toBe(true);
    expect(await store.read.followup.openCaseload({ userId: 'nobody', agencyIds: ['elsewhere'], limit: 500 })).toEqual([]);
  });
});
