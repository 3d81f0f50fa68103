/**
 * The boards of bench/positions-fanout.ts, on a thread of their own: `boards` feed sockets of a
 * signed-in dispatcher, each recording when the sampled fixes (position-fixes.ts: sampledFix)
 * reach it. Posts `ready` once every board is live; on `collect`, what it recorded since the last
 * `collect` (then starts afresh); on `close`, closes its sockets and posts `closed`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { epochNow, sampledFix } from './position-fixes.ts';

export interface BoardsRun {
  /** Per sampled fix (unitId|at): when each board received it, epoch ms (NaN: never). */
  received: Record<string, number[]>;
  /** Fixes each board received in all. */
  fixesPerBoard: number[];
  messages: number;
}

const { origin, cookie, boards } = workerData as { origin: string; cookie: string; boards: number };
let received = new Map<string, number[]>();
let fixesPerBoard = new Array<number>(boards).fill(0);
let messages = 0;
// Every board gets the same text for a batch: it is read once, not once per board (a real board
// is a machine of its own; here 100 share one thread, and parsing is theirs, not the server's).
let lastText = '';
let lastSampled: string[] = [];
let lastCount = 0;

function open(b: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/feed`, { headers: { cookie }, origin });
    socket.on('message', (data) => {
      const at = epochNow();
      const text = String(data);
      if (text.startsWith('{"type":"ready"')) return resolve(socket);
      if (!text.startsWith('{"type":"positions.update"')) return;
      messages++;
      if (text !== lastText) {
        const items = (JSON.parse(text) as { items: { unitId: string; at: string }[] }).items;
        lastText = text;
        lastCount = items.length;
        lastSampled = items.filter((f) => sampledFix(f.unitId, f.at)).map((f) => `${f.unitId}|${f.at}`);
      }
      fixesPerBoard[b]! += lastCount;
      for (const key of lastSampled) {
        let times = received.get(key);
        if (!times) received.set(key, (times = new Array<number>(boards).fill(Number.NaN)));
        if (Number.isNaN(times[b]!)) times[b] = at;
      }
    });
    socket.on('unexpected-response', (_req, res) => reject(new Error(`feed upgrade refused: ${res.statusCode}`)));
    socket.on('error', reject);
  });
}

const sockets: WebSocket[] = [];
for (let b = 0; b < boards; b += 25) sockets.push(...(await Promise.all(Array.from({ length: Math.min(25, boards - b) }, (_, k) => open(b + k)))));
parentPort!.postMessage({ type: 'ready' });
parentPort!.on('message', (m: { type: string }) => {
  if (m.type === 'collect') {
    const run: BoardsRun = { received: Object.fromEntries(received), fixesPerBoard, messages };
    received = new Map();
    fixesPerBoard = new Array<number>(boards).fill(0);
    messages = 0;
    parentPort!.postMessage({ type: 'result', run });
  } else if (m.type === 'close') {
    for (const s of sockets) s.close();
    parentPort!.postMessage({ type: 'closed' });
  }
});
