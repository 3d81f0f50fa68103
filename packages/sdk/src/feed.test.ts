import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeedMessage } from '@continuum/contracts';
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
  send(message: FeedMessage | string) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
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
    last().send({ type: 'ready', position: 3 });
    last().send({ type: 'invalidate', entity: 'incident', id: 'i-1', version: 2, position: 4 });
    last().send({ type: 'invalidate', entity: 'incident', id: 'i-2', version: 1, position: 5 });
    expect(feed.position).toBe(5);
    last().drop();
    expect(feed.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeSocket.all).toHaveLength(2);
    expect(last().url).toBe('ws://continuum.test/api/feed?after=5');
    last().send({ type: 'ready', position: 5 });
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    expect(messages.map((m) => m.type)).toEqual(['ready', 'invalidate', 'invalidate', 'ready']);
    feed.close();
  });

  it('adopts the server position when it had none', () => {
    const { feed } = start();
    expect(last().url).toBe('ws://continuum.test/api/feed');
    last().send({ type: 'ready', position: 42 });
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
    last().send({ type: 'ready', position: 0 });
    last().drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeSocket.all).toHaveLength(8);
    feed.close();
  });

  it('turns a position that went backwards into a reset, so the consumer refetches', async () => {
    const { messages } = start(10);
    last().send({ type: 'ready', position: 2 });
    expect(messages).toEqual([{ type: 'reset', position: 2 }]);
  });

  it('ignores malformed messages', () => {
    const { feed, messages } = start(1);
    last().send('not json');
    last().send(JSON.stringify({ type: 'invalidate', id: 'x' }));
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
