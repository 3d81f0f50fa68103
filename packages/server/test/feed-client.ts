import WebSocket from 'ws';

export interface FeedProbe {
  messages: Record<string, unknown>[];
  closed: Promise<number>;
  socket: WebSocket;
  /** Waits until a message matching `pred` has arrived. */
  waitFor(pred: (m: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  close(): void;
  /** Sends a message (an object is sent as JSON) and waits for the answer carrying `id`. */
  ask(message: unknown, id?: string, ms?: number): Promise<Record<string, unknown>>;
}

/** Opens the live feed as a console would, recording every message. */
export function openFeed(url: string, opts: { cookie?: string; token?: string; after?: number; origin?: string } = {}): Promise<FeedProbe> {
  const wsUrl = `${url.replace(/^http/, 'ws')}/api/feed${opts.after !== undefined ? `?after=${opts.after}` : ''}`;
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const socket = new WebSocket(wsUrl, { headers, origin: opts.origin ?? url });
  const messages: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as Record<string, unknown>);
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const waitFor: FeedProbe['waitFor'] = (pred, ms = 5000) =>
    new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no matching feed message in ${ms} ms; got ${JSON.stringify(messages)}`)), ms);
      const check = () => {
        const hit = messages.find(pred);
        if (hit) {
          clearTimeout(timer);
          res(hit);
        } else waiters.push(check);
      };
      check();
    });
  return new Promise((resolve, reject) => {
    socket.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })));
    socket.on('error', reject);
    socket.on('open', () =>
      resolve({
        messages,
        closed,
        socket,
        close: () => socket.close(),
        waitFor,
        ask: (message, id = (message as { id?: string }).id, ms) => {
          // Only answers that arrive after this message count, so a repeated id-less error is not matched twice.
          const before = new Set(messages);
          socket.send(typeof message === 'string' ? message : JSON.stringify(message));
          return waitFor((m) => !before.has(m) && m.id === id && (m.type === 'error' || String(m.type).endsWith('.result')), ms);
        },
      }),
    );
  });
}
