/**
 * The consoles and the writer of bench/feed-latency.ts, on a thread of their own (workers
 * inherit `--import tsx`) so that they do not share the server's event loop. Writes and
 * arrivals are timed on this thread's one clock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

export interface LatencyRun {
  /** Milliseconds from a write's HTTP response to the invalidation's arrival, per console and change. */
  fromResponse: number[];
  /** How long each write took to answer. */
  writeMs: number[];
  expected: number;
  delivered: number;
  connectMs: number;
}

const { origin, sessions, consoles, changes, rate, units } = workerData as {
  origin: string;
  sessions: { cookie: string; csrf: string }[];
  consoles: number;
  changes: number;
  rate: number;
  units: string[];
};
const feedUrl = `${origin.replace(/^http/, 'ws')}/api/feed`;
const arrivals = new Map<string, number[]>();

function openConsole(cookie: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(feedUrl, { headers: { cookie }, origin });
    socket.on('message', (data) => {
      const at = performance.now();
      const m = JSON.parse(String(data)) as { type: string; entity?: string; id?: string; version?: number };
      if (m.type === 'ready') resolve(socket);
      if (m.type !== 'invalidate' || m.entity !== 'unit') return;
      const key = `${m.id}@${m.version}`;
      const list = arrivals.get(key);
      if (list) list.push(at);
      else arrivals.set(key, [at]);
    });
    socket.on('unexpected-response', (_req, res) => reject(new Error(`feed upgrade refused: ${res.statusCode}`)));
    socket.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(): Promise<LatencyRun> {
  const t0 = performance.now();
  const sockets: WebSocket[] = [];
  // In waves: 500 upgrades at once would measure the connection storm, not the feed.
  for (let i = 0; i < consoles; i += 50) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, consoles - i) }, (_, k) => openConsole(sessions[(i + k) % sessions.length]!.cookie)))));
  }
  const connectMs = performance.now() - t0;
  const writer = sessions[0]!;
  // Runs follow each other on one server: start from the statuses the last run left.
  const board = (await (await fetch(`${origin}/api/units`, { headers: { cookie: writer.cookie } })).json()) as { items: { id: string; status: string }[] };
  const status = new Map(units.map((u) => [u, board.items.find((x) => x.id === u)?.status ?? 'available']));
  const writes: { key: string; respondedAt: number }[] = [];
  const writeMs: number[] = [];
  const start = performance.now();
  for (let i = 0; i < changes; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const unit = units[i % units.length]!;
    const next = status.get(unit) === 'available' ? 'dispatched' : 'available';
    const sentAt = performance.now();
    const res = await fetch(`${origin}/api/units/${unit}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: writer.cookie, 'x-csrf-token': writer.csrf },
      body: JSON.stringify({ status: next }),
    });
    const body = (await res.json()) as { version?: number };
    const respondedAt = performance.now();
    if (res.status !== 200 || body.version === undefined) throw new Error(`POST status of ${unit}: ${res.status} ${JSON.stringify(body)}`);
    status.set(unit, next);
    writeMs.push(respondedAt - sentAt);
    writes.push({ key: `${unit}@${body.version}`, respondedAt });
  }
  const expected = writes.length * consoles;
  const count = () => writes.reduce((n, w) => n + (arrivals.get(w.key)?.length ?? 0), 0);
  // Stragglers get 10 s; what has not arrived by then counts as missing, not as a figure.
  for (const until = performance.now() + 10_000; count() < expected && performance.now() < until; ) await sleep(20);
  const fromResponse = writes.flatMap((w) => (arrivals.get(w.key) ?? []).map((at) => at - w.respondedAt));
  for (const s of sockets) s.close();
  return { fromResponse, writeMs, expected, delivered: fromResponse.length, connectMs };
}

run().then(
  (r) => parentPort!.postMessage(r),
  (err: unknown) => parentPort!.postMessage({ error: String((err as Error).stack ?? err) }),
);
