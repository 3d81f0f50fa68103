import { FEED_PATH, FeedMessage, FeedReply, PositionsPushMessage, type PositionBatch, type PositionResult, type PushedFix } from '@continuum/contracts';
import { ApiError } from './errors.ts';
import { FeedRequests } from './feed-requests.ts';
import { newIdempotencyKey } from './idempotency.ts';

/** The part of the WebSocket API the feed uses: the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
  /** Needed only to send (sendPositions); every real WebSocket has it. */
  send?(data: string): void;
}

export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'denied' | 'closed';

export interface FeedStatusInfo {
  /** Failed connections in a row; 0 once live. */
  attempt: number;
  /** When reconnecting: how long until the next try. */
  delayMs?: number;
  closeCode?: number;
}

export interface FeedOptions {
  /** ws(s):// or http(s):// URL of the feed, or a path (resolved against the page's location). */
  url?: string;
  /** The last position already seen: the server replays everything after it. */
  after?: number;
  onMessage: (message: FeedMessage) => void;
  /**
   * Units' fixes as the server stores them, for a reader who may list those units (ADR 0038).
   * Not replayed after a reconnect: refetch the units on `ready`.
   */
  onPositions?: (fixes: PushedFix[]) => void;
  onStatus?: (status: FeedStatus, info: FeedStatusInfo) => void;
  /** A WebSocket constructor; defaults to the global one (browsers, Node 22+). */
  WebSocket?: new (url: string) => WebSocketLike;
  /** Full control over the socket, e.g. `ws` with a Cookie or Authorization header in Node. */
  createSocket?: (url: string) => WebSocketLike;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Injected for tests; Math.random otherwise. */
  random?: () => number;
}

export interface FeedSubscription {
  readonly status: FeedStatus;
  /** The last position seen, to resume from. */
  readonly position: number | undefined;
  /** Skips the wait of a pending reconnect (e.g. the device came back online). */
  reconnectNow(): void;
  /**
   * Sends fixes on the feed socket and resolves with one result per fix, in order (the rules
   * of POST /api/positions). Waits for the feed to be live; rejects with an ApiError on an
   * error reply, or with code `timeout` after `timeoutMs` (default 10 s).
   */
  sendPositions(items: PositionBatch, options?: { timeoutMs?: number; id?: string }): Promise<PositionResult[]>;
  close(): void;
}

// Close codes with which the server says "you may not": retrying cannot help until sign-in.
const DENIED_CODES = new Set([4401, 4403]);

/** Turns a path or an http(s) URL into the ws(s) URL of the feed. */
export function resolveFeedUrl(url: string = FEED_PATH, base?: { protocol: string; host: string }): string {
  if (/^wss?:\/\//.test(url)) return url;
  if (/^https?:\/\//.test(url)) return url.replace(/^http/, 'ws');
  const origin = base ?? (globalThis as { location?: { protocol: string; host: string } }).location;
  if (!origin) throw new Error(`subscribeFeed: cannot resolve the relative URL ${url} outside a browser`);
  return `${origin.protocol === 'https:' ? 'wss:' : 'ws:'}//${origin.host}${url}`;
}

/** Back-off before reconnect number `attempt` (1-based): doubling, capped, with jitter. */
export function backoffDelay(attempt: number, min: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, min * 2 ** (attempt - 1));
  // Half fixed, half random: spreads a room of consoles reconnecting after a server restart.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function decode(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return new TextDecoder().decode(data as ArrayBuffer);
  return String(data);
}

/**
 * Subscribes to the live feed: reconnects with back-off after any drop, resumes from the last
 * position seen so no change is missed, and stops on close() or when the server refuses access.
 */
export function subscribeFeed(options: FeedOptions): FeedSubscription {
  const min = options.minDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  const random = options.random ?? Math.random;
  const base = resolveFeedUrl(options.url);
  const Socket = options.WebSocket ?? (globalThis as { WebSocket?: new (u: string) => WebSocketLike }).WebSocket;
  const createSocket = options.createSocket ?? (Socket ? (u: string) => new Socket(u) : undefined);
  // Node 20 has no global WebSocket: say so now rather than retrying forever.
  if (!createSocket) throw new Error('subscribeFeed: no WebSocket here; pass WebSocket (e.g. from the ws package) or createSocket');
  let position = options.after;
  let status: FeedStatus = 'connecting';
  let attempt = 0;
  let socket: WebSocketLike | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const requests = new FeedRequests((payload) => {
    if (status !== 'live' || !socket?.send) return false;
    socket.send(payload);
    return true;
  });

  const setStatus = (next: FeedStatus, info: Omit<FeedStatusInfo, 'attempt'> = {}) => {
    status = next;
    options.onStatus?.(next, { attempt, ...info });
  };

  const open = () => {
    timer = null;
    if (stopped) return;
    const url = position === undefined ? base : `${base}${base.includes('?') ? '&' : '?'}after=${position}`;
    try {
      socket = createSocket(url);
    } catch {
      scheduleReconnect();
      return;
    }
    const current = socket;
    current.onmessage = (event) => {
      if (socket !== current) return;
      let json: unknown;
      try {
        json = JSON.parse(decode(event.data));
      } catch {
        return;
      }
      const parsed = FeedMessage.safeParse(json);
      if (parsed.success) {
        receive(parsed.data);
        return;
      }
      const pushed = PositionsPushMessage.safeParse(json);
      if (pushed.success) {
        options.onPositions?.(pushed.data.items);
        return;
      }
      const reply = FeedReply.safeParse(json);
      if (reply.success) requests.settle(reply.data);
    };
    current.onclose = (event) => {
      if (socket !== current) return;
      socket = null;
      if (stopped) return;
      if (DENIED_CODES.has(event.code)) {
        stopped = true;
        setStatus('denied', { closeCode: event.code });
        requests.failAll(event.code === 4401 ? 'unauthenticated' : 'forbidden', 'The server closed the feed: sign in again');
        return;
      }
      scheduleReconnect(event.code);
    };
    // Errors are always followed by close, which decides what happens next.
    current.onerror = () => {};
  };

  const receive = (message: FeedMessage) => {
    if (message.type === 'ready') {
      // A position behind ours means the server's log started over (a fresh in-memory server):
      // what we hold may be stale, so tell the consumer to refetch everything.
      const restarted = position !== undefined && message.position < position;
      position = restarted || position === undefined ? message.position : position;
      attempt = 0;
      setStatus('live');
      options.onMessage(restarted ? { type: 'reset', position: message.position } : message);
      requests.flush();
      return;
    }
    if (position === undefined || message.position > position) position = message.position;
    if (status !== 'live') {
      attempt = 0;
      setStatus('live');
    }
    options.onMessage(message);
  };

  const scheduleReconnect = (closeCode?: number) => {
    attempt += 1;
    const delayMs = backoffDelay(attempt, min, max, random);
    setStatus('reconnecting', { delayMs, ...(closeCode !== undefined ? { closeCode } : {}) });
    timer = setTimeout(open, delayMs);
  };

  const reconnectNow = () => {
    if (stopped || timer === null) return;
    clearTimeout(timer);
    open();
  };

  const target = globalThis as { addEventListener?: (t: string, f: () => void) => void; removeEventListener?: (t: string, f: () => void) => void };
  target.addEventListener?.('online', reconnectNow);

  setStatus('connecting');
  open();

  return {
    get status() {
      return status;
    },
    get position() {
      return position;
    },
    reconnectNow,
    sendPositions(items, opts = {}) {
      if (stopped) return Promise.reject(new ApiError({ status: 0, code: 'network_error', message: 'The feed subscription is closed' }));
      const id = opts.id ?? newIdempotencyKey();
      return requests.request(id, { type: 'positions', id, items }, opts.timeoutMs ?? 10_000).then((r) => {
        if (r.type !== 'positions.result') throw new ApiError({ status: 0, code: 'invalid_response', message: `Expected positions.result, got ${r.type}` });
        return r.items;
      });
    },
    close() {
      if (stopped && status === 'closed') return;
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      target.removeEventListener?.('online', reconnectNow);
      const s = socket;
      socket = null;
      s?.close(1000, 'client closed');
      setStatus('closed');
      requests.failAll('network_error', 'The feed subscription was closed before the answer came');
    },
  };
}
