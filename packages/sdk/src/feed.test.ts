import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeedMessage, FeedReply } from '@continuum/contracts';
import { ApiError } from './errors.ts';
import { backoffDelay, resolveFeedUrl, subscribeFeed, type FeedStatus, type WebSocketLike } from './feed.ts';

/** A socket the test drives by hand: open it, push messages, drop it. */
class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  closedByClient = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  /** What the client sent, parsed. */
  sent: Record<string, unknown>[] = [];
  /** A message from the server. */
  push(message: FeedMessage | FeedReply | string) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  drop(code = 1006) {
    this.onerror?.({});
    this.onclose?.({ code });
  }
  close() {
    this.closedByClient = true;
  }
}

const last = () => FakeSocket.all[FakeSocket.all.length - 1]!;

function start(after?: number) {
  const messages: FeedMessage[] = [];
  const statuses: FeedStatus[] = [];
  const feed = subscribeFeed({
    url: 'ws://continuum.test/api/feed',
    ...(after !== undefined ? { after } : {}),
    onMessage: (m) => messages.push(m),
    onStatus: (s) => statuses.push(s),
    WebSocket: FakeSocket,
    minDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 1,
  });
  return { feed, messages, statuses };
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('subscribeFeed', () => {
  it('resumes from the last position seen after a drop', async () => {
    const { feed, messages, statuses } = start(3);
    expect(last().url).toBe('ws://continuum.test/api/feed?after=3');
    last().push({ type: 'ready', position: 3 });
    last().push({ type: 'invalidate', entity: 'incident', id: 'i-1', version: 2, position: 4 });
    last().push({ type: 'invalidate', entity: 'incident', id: 'i-2', version: 1, position: 5 });
    expect(feed.position).toBe(5);
    last().drop();
    expect(feed.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeSocket.all).toHaveLength(2);
    expect(last().url).toBe('ws://continuum.test/api/feed?after=5');
    last().push({ type: 'ready', position: 5 });
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    expect(messages.map((m) => m.type)).toEqual(['ready', 'invalidate', 'invalidate', 'ready']);
    feed.close();
  });

  it('adopts the server position when it had none', () => {
    const { feed } = start();
    expect(last().url).toBe('ws://continuum.test/api/feed');
    last().push({ type: 'ready', position: 42 });
    expect(feed.position).toBe(42);
    feed.close();
  });

  it('backs off exponentially up to the cap, and resets after a successful connection', async () => {
    const { feed } = start(0);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = FakeSocket.all.length;
      last().drop();
      let waited = 0;
      while (FakeSocket.all.length === before) {
        await vi.advanceTimersByTimeAsync(50);
        waited += 50;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    last().push({ type: 'ready', position: 0 });
    last().drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeSocket.all).toHaveLength(8);
    feed.close();
  });

  it('turns a position that went backwards into a reset, so the consumer refetches', async () => {
    const { messages } = start(10);
    last().push({ type: 'ready', position: 2 });
    expect(messages).toEqual([{ type: 'reset', position: 2 }]);
  });

  it('ignores malformed messages', () => {
    const { feed, messages } = start(1);
    last().push('not json');
    last().push(JSON.stringify({ type: 'invalidate', id: 'x' }));
    expect(messages).toEqual([]);
    expect(feed.position).toBe(1);
    feed.close();
  });

  it('stops when the server refuses access', async () => {
    const { feed } = start(1);
    last().drop(4401);
    expect(feed.status).toBe('denied');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('close() closes the socket and cancels a pending reconnect', async () => {
    const { feed } = start(1);
    const first = last();
    feed.close();
    expect(first.closedByClient).toBe(true);
    first.drop(1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(feed.status).toBe('closed');
  });

  it('reconnectNow skips the wait', () => {
    const { feed } = start(1);
    last().drop();
    feed.reconnectNow();
    expect(FakeSocket.all).toHaveLength(2);
    feed.close();
  });
});

describe('pushed positions', () => {
  it('hands fixes to onPositions, apart from the feed’s messages and without moving its position', () => {
    const fixes: unknown[] = [];
    const messages: FeedMessage[] = [];
    const feed = subscribeFeed({ url: 'ws://continuum.test/api/feed', onMessage: (m) => messages.push(m), onPositions: (f) => fixes.push(...f), WebSocket: FakeSocket });
    last().push({ type: 'ready', position: 7 });
    const fix = { unitId: 'champaign-mcrt-1', lat: 40.1, lon: -88.2, at: '2026-01-01T12:00:00.000Z', accuracy: 5, heading: null, speed: null };
    last().push(JSON.stringify({ type: 'positions.update', items: [fix] }));
    // A malformed push is dropped, as every malformed message is.
    last().push(JSON.stringify({ type: 'positions.update', items: [{ unitId: 'x' }] }));
    expect(fixes).toEqual([fix]);
    expect(messages.map((m) => m.type)).toEqual(['ready']);
    expect(feed.position).toBe(7);
    feed.close();
  });
});

describe('resolveFeedUrl and backoffDelay', () => {
  it('maps http to ws and resolves paths against the page', () => {
    expect(resolveFeedUrl('https://c.example/api/feed')).toBe('wss://c.example/api/feed');
    expect(resolveFeedUrl('/api/feed', { protocol: 'https:', host: 'c.example' })).toBe('wss://c.example/api/feed');
    expect(resolveFeedUrl(undefined, { protocol: 'http:', host: 'localhost:5173' })).toBe('ws://localhost:5173/api/feed');
    expect(() => resolveFeedUrl('/api/feed')).toThrow(/outside a browser/);
  });

  it('keeps jittered delays between half and all of the doubling ceiling', () => {
    expect(backoffDelay(1, 500, 30_000, () => 0)).toBe(250);
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(2000);
    expect(backoffDelay(20, 500, 30_000, () => 0.5)).toBe(22_500);
  });
});

describe('sendPositions', () => {
  const item = { unitId: 'champaign-mcrt-1', lat: 40.1, lon: -88.2, at: '2026-01-01T12:00:00Z' };
  const stored = { unitId: item.unitId, at: item.at, outcome: 'stored' as const };

  it('waits for the feed to be live, sends once, and resolves with the results of its id', async () => {
    const { feed } = start();
    const answer = feed.sendPositions([item], { id: 'fix-1' });
    expect(last().sent).toEqual([]);
    last().push({ type: 'ready', position: 0 });
    expect(last().sent).toEqual([{ type: 'positions', id: 'fix-1', items: [item] }]);
    // Another message's answer and the feed's own messages leave it waiting.
    last().push({ type: 'positions.result', id: 'someone-else', items: [] });
    last().push({ type: 'invalidate', entity: 'unit', id: item.unitId, version: 3, position: 1 });
    last().push({ type: 'positions.result', id: 'fix-1', items: [stored] });
    await expect(answer).resolves.toEqual([stored]);
    feed.close();
  });

  it('rejects with the server’s code and issues on an error reply', async () => {
    const { feed } = start();
    last().push({ type: 'ready', position: 0 });
    const answer = feed.sendPositions([item], { id: 'fix-2' });
    last().push({ type: 'error', id: 'fix-2', error: { code: 'validation_failed', message: 'items.0.lat: is required', issues: [{ field: 'items.0.lat', rule: 'required', message: 'is required' }] } });
    const err = await answer.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'validation_failed', status: 400, issues: [{ field: 'items.0.lat', rule: 'required' }] });
    feed.close();
  });

  it('sends again after a reconnect until answered, and times out when no answer comes', async () => {
    const { feed } = start();
    last().push({ type: 'ready', position: 0 });
    const answer = feed.sendPositions([item], { id: 'fix-3', timeoutMs: 5000 });
    expect(last().sent).toHaveLength(1);
    last().drop();
    await vi.advanceTimersByTimeAsync(100);
    last().push({ type: 'ready', position: 0 });
    expect(last().sent).toEqual([{ type: 'positions', id: 'fix-3', items: [item] }]);
    const late = expect(answer).rejects.toMatchObject({ code: 'timeout', status: 0 });
    await vi.advanceTimersByTimeAsync(5000);
    await late;
    feed.close();
  });

  it('fails what is waiting when the subscription closes or the server refuses the session', async () => {
    const first = start();
    const closing = first.feed.sendPositions([item]);
    first.feed.close();
    await expect(closing).rejects.toMatchObject({ code: 'network_error' });
    await expect(first.feed.sendPositions([item])).rejects.toMatchObject({ code: 'network_error' });
    const second = start();
    last().push({ type: 'ready', position: 0 });
    const refused = second.feed.sendPositions([item]);
    last().drop(4401);
    await expect(refused).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});
