import { ApiError, type PositionResult } from '@continuum/sdk';
import { describe, expect, it } from 'vitest';
import { FIXES_PER_MESSAGE, FixOutbox, keepFix, MAX_QUEUED_FIXES, THINNING, type Fix } from './field-positions.ts';
import type { QueueStorage } from './field-queue.ts';

const UNIT = 'champaign-mcrt-1';
const T0 = Date.parse('2026-03-01T20:00:00Z');
/** A reading `s` seconds in, `north` metres north of a point in Champaign. */
const at = (s: number, north = 0): Fix => ({ unitId: UNIT, lat: 40.1164 + north / 111_195, lon: -88.2434, at: new Date(T0 + s * 1000).toISOString(), accuracy: 8 });

function fakeStorage(): QueueStorage & { raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return { raw, getItem: (k) => raw.get(k) ?? null, setItem: (k, v) => void raw.set(k, v) };
}

const stored = (items: Fix[]): PositionResult[] => items.map((f) => ({ unitId: f.unitId, at: f.at, outcome: 'stored' }));

describe('keepFix', () => {
  it('keeps the first reading, a move of 20 m once 5 s have passed, and a heartbeat standing still', () => {
    expect(keepFix(null, at(0))).toBe(true);
    // Standing still (GPS jitter of a few metres): nothing until the heartbeat.
    expect(keepFix(at(0), at(10, 4))).toBe(false);
    expect(keepFix(at(0), at(29, 4))).toBe(false);
    expect(keepFix(at(0), at(THINNING.heartbeatMs / 1000, 4))).toBe(true);
    // Moving: a car at 50 km/h covers 20 m in under 2 s, but one fix per 5 s is enough.
    expect(keepFix(at(0), at(2, 28))).toBe(false);
    expect(keepFix(at(0), at(5, 70))).toBe(true);
    // An older or same-time reading (a replayed cache) is never kept.
    expect(keepFix(at(10), at(9, 500))).toBe(false);
  });

  it('keeps the heartbeat under the board’s default staleness (60 s), so a parked unit never reads stale', () => {
    expect(THINNING.heartbeatMs).toBeLessThan(60_000);
  });
});

describe('FixOutbox', () => {
  it('thins readings, keeps them across a reload, and sends them in one batch when the feed is back', async () => {
    const storage = fakeStorage();
    const box = new FixOutbox({ storage, storageKey: 'k' });
    const readings = [at(0), at(1, 2), at(6, 40), at(7, 41), at(12, 90), at(45, 92)];
    const kept = readings.filter((r) => box.add(r));
    expect(kept.map((r) => r.at)).toEqual([at(0), at(6, 40), at(12, 90), at(45, 92)].map((r) => r.at));

    // Offline: the send fails for want of a network, and everything stays.
    const offline = await box.flush(() => Promise.reject(new ApiError({ status: 0, code: 'network_error', message: 'offline' })));
    expect(offline).toBe('waiting');
    expect(box.pending).toBe(4);

    // A reload finds them, and the thinning goes on from the last kept.
    const again = new FixOutbox({ storage, storageKey: 'k' });
    expect(again.pending).toBe(4);
    expect(again.add(at(46, 93))).toBe(false);
    const batches: Fix[][] = [];
    expect(await again.flush(async (items) => (batches.push(items), stored(items)))).toBe('sent');
    expect(batches).toEqual([kept]);
    expect(again.pending).toBe(0);
    expect(new FixOutbox({ storage, storageKey: 'k' }).pending).toBe(0);
  });

  it('sends a long queue in batches the server takes, and drops a batch the server refused (it would refuse it again)', async () => {
    const box = new FixOutbox({ storage: fakeStorage(), storageKey: 'k' });
    for (let i = 0; i < FIXES_PER_MESSAGE + 20; i++) box.add(at(i * 31));
    const sizes: number[] = [];
    let first = true;
    const result = await box.flush(async (items) => {
      sizes.push(items.length);
      if (first) {
        first = false;
        throw new ApiError({ status: 400, code: 'validation_failed', message: 'items.0.lat: is required' });
      }
      return stored(items);
    });
    expect(result).toBe('sent');
    expect(sizes).toEqual([FIXES_PER_MESSAGE, 20]);
    expect(box.pending).toBe(0);
  });

  it('keeps only the newest fixes when the device has been offline for very long', () => {
    const box = new FixOutbox({ storage: fakeStorage(), storageKey: 'k' });
    for (let i = 0; i < MAX_QUEUED_FIXES + 5; i++) box.add(at(i * 31));
    expect(box.pending).toBe(MAX_QUEUED_FIXES);
  });

  it('retries what a rate limit or an ended session refused', async () => {
    const box = new FixOutbox({ storage: fakeStorage(), storageKey: 'k' });
    box.add(at(0));
    expect(await box.flush(() => Promise.reject(new ApiError({ status: 429, code: 'rate_limited', message: 'wait' })))).toBe('waiting');
    expect(await box.flush(() => Promise.reject(new ApiError({ status: 401, code: 'unauthenticated', message: 'sign in' })))).toBe('waiting');
    expect(box.pending).toBe(1);
  });
});
