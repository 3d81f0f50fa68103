/**
 * The shape two benchmarks share (EIDO import, hand-off inbox): a write is offered at a fixed rate
 * (open loop) until its invalidation reaches a console's live feed, beside a baseline write timed
 * the same way on the same server, in alternating halves so drift hits both.
 */
import WebSocket from 'ws';
import { fmtMs, openLoop, percentile, type OpenLoopRun } from './measure.ts';
import { ratio, type BenchRow } from './table.ts';

export interface ConsoleSession {
  cookie: string;
  csrf: string;
}

/** A demo account's console session: its session cookie and CSRF token. */
export async function signInConsole(origin: string, username: string): Promise<ConsoleSession> {
  const res = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'continuum-demo' }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';', 1)[0]!).find((c) => c.startsWith('continuum_session='))!;
  return { cookie, csrf: csrfToken };
}

export interface FeedListener {
  /** Resolves when the first invalidation with this key has arrived (at once if it already has). */
  heard(key: string): Promise<void>;
  close(): void;
}

/**
 * Opens a console's live feed and notes the first invalidation of each key that `keyOf` gives
 * (null to ignore a message). Resolves once the feed says it is ready.
 */
export function listenToFeed(origin: string, session: ConsoleSession, keyOf: (m: { entity?: string; id?: string }) => string | null): Promise<FeedListener> {
  const arrived = new Set<string>();
  const waiting = new Map<string, () => void>();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/feed`, { headers: { cookie: session.cookie }, origin });
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; entity?: string; id?: string };
      if (m.type === 'ready') resolve({ heard, close: () => ws.close() });
      if (m.type !== 'invalidate') return;
      const key = keyOf(m);
      if (!key || arrived.has(key)) return;
      arrived.add(key);
      waiting.get(key)?.();
    });
    ws.on('error', reject);
  });
  function heard(key: string): Promise<void> {
    return arrived.has(key) ? Promise.resolve() : new Promise<void>((r) => waiting.set(key, r));
  }
}

export interface PairedOp {
  /** Sends the write and returns the feed key to wait for. */
  send(): Promise<{ status: number; key: string; body: unknown }>;
}

export interface PairedLoopSettings {
  count: number;
  rate: number;
  warmup: number;
}

/**
 * Runs `measured` and `baseline` at the same rate, each until the feed hears of it, warmed up
 * first, then in halves in the order measured, baseline, baseline, measured; returns the p50 and
 * p99 rows from when each was due to when the feed heard, then the HTTP response alone.
 */
export async function pairedFeedLoop(
  s: PairedLoopSettings,
  feed: FeedListener,
  measured: PairedOp,
  baseline: PairedOp,
  labels: { arrival: string; p99Note: string },
): Promise<BenchRow[]> {
  const responseMs = new Map<PairedOp, number[]>([[measured, []], [baseline, []]]);
  const op = (which: PairedOp) => async (): Promise<string> => {
    const t0 = performance.now();
    const { status, key, body } = await which.send();
    if (status !== 201) throw new Error(`${which === measured ? 'measured' : 'baseline'} write answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
    responseMs.get(which)!.push(performance.now() - t0);
    await feed.heard(key);
    return String(status);
  };
  await openLoop(s.warmup, s.rate, s.rate, op(measured));
  await openLoop(s.warmup, s.rate, s.rate, op(baseline));
  for (const samples of responseMs.values()) samples.length = 0;
  const half = Math.ceil(s.count / 2);
  const runs = new Map<PairedOp, OpenLoopRun[]>([[measured, []], [baseline, []]]);
  runs.get(measured)!.push(await openLoop(half, s.rate, s.rate, op(measured)));
  runs.get(baseline)!.push(await openLoop(half, s.rate, s.rate, op(baseline)));
  runs.get(baseline)!.push(await openLoop(s.count - half, s.rate, s.rate, op(baseline)));
  runs.get(measured)!.push(await openLoop(s.count - half, s.rate, s.rate, op(measured)));
  const fromDue = (which: PairedOp) => runs.get(which)!.flatMap((r) => r.fromDue);
  const row = (name: string, a: number, b: number, note: string): BenchRow => ({ name, value: fmtMs(a), baseline: fmtMs(b), ratio: ratio(a, b), note });
  const arrival = (q: number, note: string) => row(`${labels.arrival} p${q}`, percentile(fromDue(measured), q), percentile(fromDue(baseline), q), note);
  const response = (q: number) => row(`HTTP response p${q}`, percentile(responseMs.get(measured)!, q), percentile(responseMs.get(baseline)!, q), 'the write alone');
  return [
    arrival(50, `${s.count} each, offered at ${s.rate}/s (open loop, from when each was due)`),
    arrival(99, labels.p99Note),
    response(50),
    response(99),
  ];
}
