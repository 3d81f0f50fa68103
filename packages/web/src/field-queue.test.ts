import { ApiError } from '@continuum/sdk';
import { describe, expect, it } from 'vitest';
import { failureKind, FieldQueue, readQueue, retryDelayMs, type FieldCommand, type QueuedAction, type QueueStorage } from './field-queue.ts';

const STORAGE_KEY = 'continuum.field-queue.user-1';
const INCIDENT = '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';
const UNIT = 'champaign-mcrt-1';

/** Web Storage over a Map, so a test can read what a reload would find. */
function fakeStorage(): QueueStorage & { raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return { raw, getItem: (k) => raw.get(k) ?? null, setItem: (k, v) => void raw.set(k, v) };
}

function makeQueue(storage = fakeStorage()) {
  let n = 0;
  const queue = new FieldQueue({ storage, storageKey: STORAGE_KEY, newKey: () => `key-${++n}-abcdefgh`, now: () => new Date('2026-03-01T20:00:00Z') });
  return { queue, storage };
}

const step = (action: 'acknowledge' | 'en_route' | 'on_scene'): FieldCommand => ({ kind: 'assignment', incidentId: INCIDENT, unitId: UNIT, body: { action } });
const offline = () => new ApiError({ status: 0, code: 'network_error', message: 'Failed to fetch' });
const conflict = () => new ApiError({ status: 409, code: 'illegal_transition', message: 'MCRT 1 is released and cannot be marked on scene' });

/** A server stand-in that records every send and fails while told to. */
function fakeServer() {
  const sent: { key: string; label: string }[] = [];
  let fail: (() => Error) | null = null;
  return {
    sent,
    failWith(make: (() => Error) | null) {
      fail = make;
    },
    send: async (entry: QueuedAction) => {
      if (fail) throw fail();
      sent.push({ key: entry.key, label: entry.label });
    },
  };
}

describe('the field outbox', () => {
  it('sends entries in the order they were tapped and empties itself', async () => {
    const { queue } = makeQueue();
    queue.add(step('acknowledge'), 'Acknowledge');
    queue.add(step('en_route'), 'En route');
    queue.add(step('on_scene'), 'On scene');
    const server = fakeServer();

    expect(await queue.replay(server.send)).toBe('sent');
    expect(server.sent.map((s) => s.label)).toEqual(['Acknowledge', 'En route', 'On scene']);
    expect(queue.snapshot()).toEqual([]);
  });

  it('keeps every entry through a network failure and resends each with the key made at the tap', async () => {
    const { queue } = makeQueue();
    const first = queue.add(step('en_route'), 'En route');
    const second = queue.add(step('on_scene'), 'On scene');
    const server = fakeServer();

    server.failWith(offline);
    expect(await queue.replay(server.send)).toBe('waiting');
    expect(await queue.replay(server.send)).toBe('waiting');
    expect(queue.snapshot().map((i) => i.key)).toEqual([first.key, second.key]);

    server.failWith(null);
    expect(await queue.replay(server.send)).toBe('sent');
    expect(server.sent).toEqual([
      { key: first.key, label: 'En route' },
      { key: second.key, label: 'On scene' },
    ]);
  });

  it('treats 5xx, 408, 429 and 401 as passing and any other 4xx as the server’s answer', () => {
    for (const status of [0, 500, 502, 503, 408, 429, 401]) expect(failureKind(new ApiError({ status, code: 'x', message: 'x' })), String(status)).toBe('retry');
    for (const status of [400, 403, 404, 409, 422]) expect(failureKind(new ApiError({ status, code: 'x', message: 'x' })), String(status)).toBe('refuse');
    expect(failureKind(new TypeError('Failed to fetch'))).toBe('retry');
  });

  it('stops at a refused entry, shows why, sends nothing after it until the person dismisses it', async () => {
    const { queue } = makeQueue();
    const refused = queue.add(step('on_scene'), 'On scene');
    const after = queue.add({ kind: 'note', incidentId: INCIDENT, body: { kind: 'note', text: 'Spoke with sister' } }, 'Note');
    const server = fakeServer();

    server.failWith(conflict);
    expect(await queue.replay(server.send)).toBe('refused');
    server.failWith(null);
    // Replaying again does not resend the refused entry, nor jump past it.
    expect(await queue.replay(server.send)).toBe('refused');
    expect(server.sent).toEqual([]);
    expect(queue.snapshot()[0]).toMatchObject({ key: refused.key, refused: { status: 409, code: 'illegal_transition', message: expect.stringMatching(/released/) } });

    queue.dismiss(refused.key);
    expect(await queue.replay(server.send)).toBe('sent');
    expect(server.sent).toEqual([{ key: after.key, label: 'Note' }]);
  });

  it('puts a panic ahead of waiting status changes, behind earlier panics', () => {
    const { queue } = makeQueue();
    queue.add(step('en_route'), 'En route');
    queue.add({ kind: 'panic', unitId: UNIT, body: {} }, 'Panic 1');
    queue.add(step('on_scene'), 'On scene');
    queue.add({ kind: 'panic', unitId: UNIT, body: {} }, 'Panic 2');
    expect(queue.snapshot().map((i) => i.label)).toEqual(['Panic 1', 'Panic 2', 'En route', 'On scene']);
  });

  it('sends a panic raised on the call ahead of an entry the server refused', async () => {
    const { queue } = makeQueue();
    queue.add(step('on_scene'), 'On scene');
    const server = fakeServer();
    server.failWith(conflict);
    expect(await queue.replay(server.send)).toBe('refused');
    server.failWith(null);
    const panic = queue.add({ kind: 'assignment', incidentId: INCIDENT, unitId: UNIT, body: { action: 'panic' } }, 'PANIC');
    expect(await queue.replay(server.send)).toBe('refused');
    expect(server.sent).toEqual([{ key: panic.key, label: 'PANIC' }]);
    expect(queue.snapshot().map((i) => i.label)).toEqual(['On scene']);
  });

  it('sends in the same run what is tapped while a replay is under way, and never runs two replays at once', async () => {
    const { queue } = makeQueue();
    queue.add(step('acknowledge'), 'Acknowledge');
    const sent: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const send = async (entry: QueuedAction) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      if (entry.label === 'Acknowledge') queue.add(step('en_route'), 'En route');
      sent.push(entry.label);
      inFlight--;
    };
    const [a, b] = await Promise.all([queue.replay(send), queue.replay(send)]);
    expect([a, b]).toEqual(['sent', 'sent']);
    expect(sent).toEqual(['Acknowledge', 'En route']);
    expect(maxInFlight).toBe(1);
  });

  it('sends what is added just after a run found the queue empty, though that run has not yet settled', async () => {
    // A refused entry dismissed and a new tap queued in the same handler: the dismiss starts a run
    // that finds nothing to send; the tap must not wait behind that finished run.
    const { queue } = makeQueue();
    const server = fakeServer();
    const first = queue.replay(server.send);
    const entry = queue.add(step('en_route'), 'En route');
    const second = queue.replay(server.send);
    expect(await first).toBe('sent');
    expect(await second).toBe('sent');
    expect(server.sent).toEqual([{ key: entry.key, label: 'En route' }]);
    expect(queue.snapshot()).toEqual([]);
  });

  it('survives a reload: a new queue on the same storage holds the same entries with the same keys', async () => {
    const storage = fakeStorage();
    const before = makeQueue(storage).queue;
    const a = before.add(step('en_route'), 'En route');
    const b = before.add({ kind: 'unit_status', unitId: UNIT, body: { status: 'available' } }, 'Available');

    const after = makeQueue(storage).queue;
    expect(after.snapshot()).toEqual([a, b]);
    const server = fakeServer();
    await after.replay(server.send);
    expect(server.sent.map((s) => s.key)).toEqual([a.key, b.key]);
    expect(readQueue(storage, STORAGE_KEY)).toEqual([]);
  });

  it('reads unreadable or foreign storage as an empty queue instead of failing', () => {
    const storage = fakeStorage();
    storage.raw.set(STORAGE_KEY, '{not json');
    expect(readQueue(storage, STORAGE_KEY)).toEqual([]);
    storage.raw.set(STORAGE_KEY, JSON.stringify({ format: 99, items: [{ key: 'k' }] }));
    expect(readQueue(storage, STORAGE_KEY)).toEqual([]);
    storage.raw.set(STORAGE_KEY, JSON.stringify({ format: 1, items: [null, { key: 'k', kind: 'panic', unitId: UNIT, body: {} }] }));
    expect(readQueue(storage, STORAGE_KEY)).toEqual([{ key: 'k', kind: 'panic', unitId: UNIT, body: {} }]);
  });

  it('keeps working in memory when storage refuses writes', async () => {
    const storage: QueueStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    const { queue } = makeQueue(storage as ReturnType<typeof fakeStorage>);
    queue.add(step('en_route'), 'En route');
    expect(queue.snapshot()).toHaveLength(1);
    expect(await queue.replay(fakeServer().send)).toBe('sent');
  });

  it('backs off from 2 s, doubling, to at most a minute', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(retryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
  });
});
