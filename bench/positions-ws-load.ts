/**
 * The socket load generator of bench/positions-ws.ts, on its own thread (workers inherit
 * `--import tsx`): one feed socket per device, each authenticated with its own token, each
 * device sending its own unit's fixes, open-loop at the total target rate.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { openLoop, type OpenLoopRun } from './measure.ts';
import { epochNow, fixOf, sampledFix, wall0Of } from './position-fixes.ts';

export interface SocketRun extends OpenLoopRun {
  /** From each message's socket.send to its answer, in ms (the device's own queue excluded). */
  answered: number[];
  /** Per fix: `stored`, `ignored:<reason>`, `rejected:<reason>`; per refused message: `error:<code>`. */
  outcomes: Record<string, number>;
  connectMs: number;
  /** When `sampled` fixes were acknowledged as stored: [unitId|at, epoch ms], for bench/positions-fanout.ts. */
  acks: [string, number][];
}

// `rate` is messages a second; each carries `batch` fixes of its device's unit, or, with
// `units`, of the whole fleet in turn (fix j is unit j mod units's: each reports every units/rate s).
const { origin, tokens, bases, anchor, pass, rate, seconds, batch, maxPending, units, sampleAcks } = workerData as {
  origin: string; tokens: string[]; bases: [number, number][]; anchor: number; pass: number; rate: number; seconds: number; batch: number; maxPending: number;
  units?: number; sampleAcks?: boolean;
};
const devices = tokens.length;
const plan = { bases, anchor, wall0: wall0Of(pass), fixRate: rate * batch };
const feedUrl = `${origin.replace(/^http/, 'ws')}/api/feed`;
const answered: number[] = [];
const acks: [string, number][] = [];
const outcomes: Record<string, number> = {};
const tally = (k: string, n = 1) => (outcomes[k] = (outcomes[k] ?? 0) + n);

type Reply = { type: string; id?: string; items?: { outcome: string; reason?: string }[]; error?: { code: string } };

/** A device: its socket, its answers awaited by id, and its outbox while the server holds `maxPending`. */
class Device {
  #waiting = new Map<string, (r: Reply) => void>();
  #outbox: (() => void)[] = [];
  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const m = JSON.parse(String(data)) as Reply;
      if (m.id === undefined) return;
      const done = this.#waiting.get(m.id);
      if (!done) return;
      this.#waiting.delete(m.id);
      done(m);
      this.#outbox.shift()?.();
    });
  }

  /** Sends when the server has room for it (the feed refuses a ninth unanswered message) and waits for the answer. */
  async send(id: string, message: string): Promise<Reply> {
    if (this.#waiting.size >= maxPending) await new Promise<void>((r) => this.#outbox.push(r));
    return new Promise((resolve) => {
      const sentAt = performance.now();
      this.#waiting.set(id, (r) => {
        answered.push(performance.now() - sentAt);
        resolve(r);
      });
      this.socket.send(message);
    });
  }
}

function connect(token: string): Promise<Device> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(feedUrl, { headers: { authorization: `Bearer ${token}` }, origin });
    const device = new Device(socket);
    const onReady = (data: WebSocket.RawData) => {
      if ((JSON.parse(String(data)) as Reply).type !== 'ready') return;
      socket.off('message', onReady);
      resolve(device);
    };
    socket.on('message', onReady);
    socket.on('unexpected-response', (_req, res) => reject(new Error(`feed upgrade refused: ${res.statusCode}`)));
    socket.on('error', reject);
    socket.on('close', (code) => reject(new Error(`feed closed before ready: ${code}`)));
  });
}

async function run(): Promise<SocketRun> {
  const t0 = performance.now();
  const fleet: Device[] = [];
  // In waves: hundreds of upgrades at once would measure the connection storm, not ingestion.
  for (let d = 0; d < devices; d += 50) fleet.push(...(await Promise.all(tokens.slice(d, d + 50).map(connect))));
  const connectMs = performance.now() - t0;
  const op = async (i: number): Promise<string> => {
    // Message i is device d = i mod devices's, in its round r: its unit's next `batch` fixes of
    // the schedule (fix j is unit j mod devices's), so a device's fixes are devices/fixRate s apart.
    const d = i % devices;
    const r = Math.floor(i / devices);
    const items = units
      ? Array.from({ length: batch }, (_, k) => fixOf(plan, (i * batch + k) % units, i * batch + k))
      : Array.from({ length: batch }, (_, k) => fixOf(plan, d, (r * batch + k) * devices + d));
    const id = `p${pass}-${i}`;
    const reply = await fleet[d]!.send(id, JSON.stringify({ type: 'positions', id, items }));
    if (reply.type !== 'positions.result') {
      tally(`error:${reply.error?.code ?? reply.type}`, batch);
      return 'error';
    }
    const ackedAt = epochNow();
    for (const r of reply.items ?? []) tally(r.reason ? `${r.outcome}:${r.reason}` : r.outcome);
    if (sampleAcks) for (const f of items) if (sampledFix(f.unitId, f.at)) acks.push([`${f.unitId}|${f.at}`, ackedAt]);
    return 'result';
  };
  const loop = await openLoop(rate * seconds, rate, devices * maxPending, op, seconds * 1000 + 1000);
  for (const device of fleet) device.socket.close();
  return { ...loop, answered, outcomes, connectMs, acks };
}

run().then(
  (r) => parentPort!.postMessage(r),
  (err: unknown) => parentPort!.postMessage({ error: String((err as Error).stack ?? err) }),
);
