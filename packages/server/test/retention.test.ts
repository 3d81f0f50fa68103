import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FeedMessage, SessionView } from '@continuum/contracts';
import { FeedHub } from '../src/realtime/hub.ts';
import { startPruneTimer } from '../src/services/retention.ts';
import { loadConfig } from '../src/config.ts';
import { pruneByAge } from '../src/index.ts';
import { openFeed, type FeedProbe } from './feed-client.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// Retention (issue 16 §6, ADR 0023): the feed and the fixes between calls are pruned by age,
// without breaking a console's resume and without touching an incident's trail.
let t: TestServer;
let telecom: Session;
let dispatcher: Session;
let clinician: Session;

const HOUR = 3_600_000;
const DEFAULTS = { feedRetentionHours: 24, positionRetentionDays: 30 };

beforeAll(async () => {
  // No timer: the test prunes when it means to.
  t = await startTestServer({ config: { pruneEveryMinutes: 0 } });
  [telecom, dispatcher, clinician] = (await Promise.all(['telecom', 'dispatcher', 'clinician'].map((u) => signIn(t.url, u)))) as [Session, Session, Session];
});
afterAll(() => t.close());

const create = async () => (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
/** Prunes as the job would run `ms` from now: everything older than the settings then goes. */
const pruneAsOf = (ms: number, opts: { dryRun?: boolean } = {}) =>
  pruneByAge({ ...t.server.services, clock: () => new Date(Date.now() + ms) }, DEFAULTS, { origin: 'cli', ...opts });
const invalidations = (p: FeedProbe) => p.messages.filter((m) => m.type === 'invalidate');

describe('feed retention and resumption', () => {
  let start: number;
  let horizon: number;
  let kept: { id: string }[];

  it('prunes the feed older than the setting, and a console resuming from a pruned position gets a reset, not a partial replay', async () => {
    const first = await openFeed(t.url, { cookie: dispatcher.cookie });
    start = (await first.waitFor((m) => m.type === 'ready')).position as number;
    const gone = [await create(), await create()];
    for (const g of gone) await first.waitFor((m) => m.type === 'invalidate' && m.id === g.id);
    first.close();

    const dry = await pruneAsOf(25 * HOUR, { dryRun: true });
    expect(dry.feed.rows).toBeGreaterThanOrEqual(2);
    expect(await t.server.services.store.read.feed.after(start, 10)).not.toEqual([]);

    const report = await pruneAsOf(25 * HOUR);
    expect(report.feed.rows).toBe(dry.feed.rows);
    horizon = report.feed.prunedThrough;
    expect(horizon).toBeGreaterThan(start);
    expect(await t.server.services.store.read.feed.after(start, 10)).toEqual([]);

    kept = [await create(), await create()];
    for (const from of [start, horizon - 1]) {
      const resumed = await openFeed(t.url, { cookie: dispatcher.cookie, after: from });
      await resumed.waitFor((m) => m.type === 'ready');
      expect(resumed.messages[0]).toMatchObject({ type: 'reset' });
      expect(resumed.messages[0]!.position as number).toBeGreaterThan(horizon);
      // Nothing from the pruned range, and not the kept tail either: the console refetches all.
      expect(invalidations(resumed)).toEqual([]);
      resumed.close();
    }
  });

  it('a console resuming from a position still kept gets every later change exactly once, then live ones', async () => {
    const resumed = await openFeed(t.url, { cookie: dispatcher.cookie, after: horizon });
    await resumed.waitFor((m) => m.type === 'ready');
    const live = await create();
    await resumed.waitFor((m) => m.type === 'invalidate' && m.id === live.id);
    expect(resumed.messages.some((m) => m.type === 'reset')).toBe(false);
    const heard = invalidations(resumed);
    expect(heard.length).toBeGreaterThan(0);
    for (const c of [...kept, live]) expect(heard.filter((m) => m.id === c.id)).toHaveLength(1);
    const positions = heard.map((m) => m.position as number);
    expect(positions).toEqual([...new Set(positions)].sort((a, b) => a - b));
    expect(positions[0]).toBeGreaterThan(horizon);
    resumed.close();
  });

  it('a new console after the whole feed is pruned starts at the head, never behind it', async () => {
    await pruneAsOf(25 * HOUR);
    const head = await t.server.services.store.read.feed.head();
    expect(head).toBeGreaterThan(horizon);
    const fresh = await openFeed(t.url, { cookie: dispatcher.cookie });
    expect(await fresh.waitFor((m) => m.type === 'ready')).toMatchObject({ position: head });
    fresh.close();
  });

  it('a process that stalled past the retention resets its live consoles instead of skipping what was pruned', async () => {
    // A hub that has heard nothing since position `start` (its process frozen), with one console.
    const store = t.server.services.store;
    const stalled = new FeedHub(store, pino({ level: 'silent' }));
    const heard: FeedMessage[] = [];
    // The call taker: hears the calls of its own agency without the agreements a started hub loads.
    const me = (await (await telecom.get('/api/session')).json()) as SessionView;
    const principal = { userId: me.user.id, username: me.user.username, displayName: me.user.displayName, role: me.role, agencyId: me.agency.id, regionId: me.regionId, via: 'session' as const, scopes: null };
    expect(principal.userId).toBe(telecom.userId);
    await stalled.add({ principal, sessionIdHash: null, send: (m) => heard.push(m), close: () => {} }, null);
    expect(heard.map((m) => m.type)).toEqual(['reset', 'ready']);
    // Its next wake finds a pruned range between its position and the feed's.
    const later = await create();
    await pruneAsOf(25 * HOUR);
    const kept = await create();
    heard.length = 0;
    stalled.wake();
    await expect.poll(() => heard.length).toBeGreaterThan(0);
    // The reset covers the kept tail too (the console refetches): nothing is replayed around the hole.
    expect(heard).toEqual([{ type: 'reset', position: await store.read.feed.head() }]);
    expect(heard.some((m) => 'id' in m && (m.id === later.id || m.id === kept.id))).toBe(false);
    // And from there on it delivers as before, each change once.
    const next = await create();
    stalled.wake();
    await expect.poll(() => heard.filter((m) => m.type === 'invalidate' && m.id === next.id).length).toBe(1);
    await stalled.stop();
  });

  it('each prune that removes something, and every one from the command line, is a system audit row', async () => {
    const rows = await t.server.services.store.read.audit.search({ action: 'retention.prune', limit: 10 });
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) expect(r).toMatchObject({ actorId: null, outcome: 'allowed', detail: { by: 'system', origin: 'cli' } });
    expect(rows.map((r) => (r.detail as { dryRun: boolean }).dryRun)).toContain(true);
  });
});

describe('position retention', () => {
  it('removes fixes between calls after the setting and keeps the trail of a unit on a call', async () => {
    const queued = await create();
    for (const body of [{ action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' }, { action: 'queue_for_dispatch' }]) {
      expect((await telecom.post(`/api/incidents/${queued.id}/transitions`, body)).status).toBe(200);
    }
    const onCall = 'champaign-mcrt-1';
    const between = 'champaign-mcrt-2';
    const read = t.server.services.store.read.unitStatus;
    const idle = (await read.get(between))!.lastPosition!;
    const home = (await read.get(onCall))!.lastPosition!;
    const at = (i: number) => new Date(Math.max(Date.now(), home.at.getTime(), idle.at.getTime()) + 1000 + i * 5000).toISOString();
    expect((await clinician.post(`/api/units/${between}/positions`, { lat: idle.lat, lon: idle.lon, at: at(0), accuracy: 5 })).status).toBe(201);
    expect((await dispatcher.post(`/api/incidents/${queued.id}/assignments`, { units: [onCall] })).status).toBe(200);
    for (let i = 1; i <= 3; i++) {
      expect((await clinician.post(`/api/units/${onCall}/positions`, { lat: home.lat + i * 0.001, lon: home.lon, at: at(i), accuracy: 5 })).status).toBe(201);
    }
    expect((await t.server.services.store.read.unitStatus.get(onCall))!.currentIncidentId).toBe(queued.id);
    const trail = async () => ((await (await dispatcher.get(`/api/incidents/${queued.id}/trail`)).json()) as { units: { points: { lat: number }[] }[] }).units[0]!.points.map((p) => p.lat);
    const before = await trail();
    expect(before).toEqual([1, 2, 3].map((i) => home.lat + i * 0.001));

    // A month on: still kept.
    expect((await pruneAsOf(29 * 24 * HOUR)).positions.rows).toBe(0);
    const report = await pruneAsOf(31 * 24 * HOUR);
    expect(report.positions.rows).toBeGreaterThanOrEqual(1);
    expect(await read.trail(between, new Date(0), new Date(Date.now() + HOUR))).toEqual([]);
    expect(await trail()).toEqual(before);
    expect((await dispatcher.post(`/api/incidents/${queued.id}/assignments/${onCall}`, { action: 'release', kind: 'cancelled', reason: 'test done' })).status).toBe(200);
  });
});

describe('the pruning job', () => {
  it('runs in each process a minute after start and then on its interval, audited as the system', async () => {
    const incident = await create();
    const audits = async () => (await t.server.services.store.read.audit.search({ action: 'retention.prune', limit: 50 })).filter((r) => (r.detail as { origin: string }).origin === 'timer');
    expect(await audits()).toEqual([]);
    // Only the job's own timers are faked; the database's run on real time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    try {
      const job = startPruneTimer({ ...t.server.services, clock: () => new Date(Date.now() + 25 * HOUR) }, { ...DEFAULTS, pruneEveryMinutes: 5 });
      expect(vi.getTimerCount()).toBe(2);
      await vi.advanceTimersByTimeAsync(59_000);
      expect(await audits()).toEqual([]);
      await vi.advanceTimersByTimeAsync(1_000);
      await job.stop();
    } finally {
      vi.useRealTimers();
    }
    const runs = await audits();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ actorId: null, detail: { by: 'system', origin: 'timer', dryRun: false } });
    expect((runs[0]!.detail as { feed: { rows: number } }).feed.rows).toBeGreaterThan(0);
    expect(await t.server.services.store.read.feed.after(0, 1000)).not.toContainEqual(expect.objectContaining({ entityId: incident.id }));
  });

  it('is off at 0: nothing is scheduled', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    try {
      const job = startPruneTimer(t.server.services, { ...DEFAULTS, pruneEveryMinutes: 0 });
      await job.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('settings', () => {
  it('defaults for a 911/988 region, and a bad value is refused with the setting and the rule', () => {
    expect(loadConfig({}, {})).toMatchObject({ feedRetentionHours: 24, positionRetentionDays: 30, pruneEveryMinutes: 60 });
    expect(loadConfig({}, { CONTINUUM_FEED_RETENTION_HOURS: '72', CONTINUUM_POSITION_RETENTION_DAYS: '90', CONTINUUM_PRUNE_EVERY_MINUTES: '0' })).toMatchObject({ feedRetentionHours: 72, positionRetentionDays: 90, pruneEveryMinutes: 0 });
    expect(() => loadConfig({}, { CONTINUUM_FEED_RETENTION_HOURS: '0' })).toThrow(/feedRetentionHours \(CONTINUUM_FEED_RETENTION_HOURS\): must be at least 1 hour/);
    expect(() => loadConfig({}, { CONTINUUM_POSITION_RETENTION_DAYS: 'a month' })).toThrow(/positionRetentionDays \(CONTINUUM_POSITION_RETENTION_DAYS\): must be a whole number of days/);
    expect(() => loadConfig({}, { CONTINUUM_POSITION_RETENTION_DAYS: '1.5' })).toThrow(/positionRetentionDays \(CONTINUUM_POSITION_RETENTION_DAYS\): must be a whole number of days/);
    expect(() => loadConfig({}, { CONTINUUM_PRUNE_EVERY_MINUTES: '-5' })).toThrow(/pruneEveryMinutes \(CONTINUUM_PRUNE_EVERY_MINUTES\): must be 0 \(off\) or more/);
  });
});
