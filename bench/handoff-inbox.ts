/**
 * Hand-off to the receiver's inbox (issue 11, "Benchmark"): a 911 call-taker offers a call to the
 * crisis hub (POST /api/handoffs: the incident locked, the receiver checked, the hand-off and its
 * two feed rows written) until the `handoff` invalidation reaches a crisis dispatcher's feed
 * socket, which is when the inbox refetches. Beside it, in the same run and on the same server:
 * POST /api/incidents until the dispatcher hears of the new incident, timed the same way. Both
 * offered at the same rate (open loop), in alternating halves so drift hits both.
 */
import { randomUUID } from 'node:crypto';
import type { RunningServer } from '@continuum/server';
import WebSocket from 'ws';
import { envInt, fmtMs, openLoop, percentile, type OpenLoopRun } from './measure.ts';
import { withBenchServer, type DatabaseUnderTest } from './servers.ts';
import { ratio, type BenchRow, type TableHeadings } from './table.ts';

export const HANDOFF_HEADINGS: Partial<TableHeadings> = { value: 'hand-off offered', baseline: 'POST /api/incidents', ratio: 'offer ÷ create' };

const settings = () => ({ count: envInt('BENCH_HANDOFF_N', 300), rate: envInt('BENCH_HANDOFF_RATE', 20), warmup: envInt('BENCH_HANDOFF_WARMUP', 30) });

export async function benchHandoffInbox(kind: DatabaseUnderTest): Promise<BenchRow[]> {
  return withBenchServer(kind, 'handoff', (server) => measure(server, settings()));
}

async function signIn(origin: string, username: string) {
  const res = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'continuum-demo' }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const CREATE = JSON.stringify({ entryPoint: '911', summary: 'bench', location: { address: '101 W Main St, Urbana, IL', lat: 40.11, lon: -88.2 }, caller: { callbackNumber: '+12175550100' } });

async function measure(server: RunningServer, s: ReturnType<typeof settings>): Promise<BenchRow[]> {
  const origin = server.url.replace('localhost', '127.0.0.1');
  const telecom = await signIn(origin, 'telecom');
  const dispatcher = await signIn(origin, 'dispatcher');
  const post = (path: string, body: string) =>
    fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: telecom.cookie, 'x-csrf-token': telecom.csrf, 'idempotency-key': randomUUID() }, body });

  // The receiving console: the first invalidation of each hand-off and each incident, by id.
  const arrived = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const socket = await new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/feed`, { headers: { cookie: dispatcher.cookie }, origin });
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; entity?: string; id?: string };
      if (m.type === 'ready') resolve(ws);
      if (m.type !== 'invalidate' || (m.entity !== 'handoff' && m.entity !== 'incident') || !m.id) return;
      const key = `${m.entity}:${m.id}`;
      if (arrived.has(key)) return;
      arrived.set(key, performance.now());
      waiting.get(key)?.();
    });
    ws.on('error', reject);
  });
  const heard = (key: string) => (arrived.has(key) ? Promise.resolve() : new Promise<void>((r) => waiting.set(key, r)));

  // One open offer per call: each offer gets a call of its own, taken before the clock starts.
  const calls: string[] = [];
  for (let i = 0; i < s.count + s.warmup; i++) {
    const res = await post('/api/incidents', CREATE);
    if (res.status !== 201) throw new Error(`create answered ${res.status}`);
    calls.push(((await res.json()) as { id: string }).id);
  }

  const responseMs: Record<'offer' | 'create', number[]> = { offer: [], create: [] };
  const op = (kind: 'offer' | 'create') => async (): Promise<string> => {
    const t0 = performance.now();
    const res = kind === 'offer'
      ? await post('/api/handoffs', JSON.stringify({ incidentId: calls.pop()!, toAgencyId: 'champaign-mcrt', kind: 'warm_transfer', note: 'bench' }))
      : await post('/api/incidents', CREATE);
    const body = (await res.json()) as { id?: string };
    if (res.status !== 201) throw new Error(`${kind} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    responseMs[kind].push(performance.now() - t0);
    await heard(`${kind === 'offer' ? 'handoff' : 'incident'}:${body.id!}`);
    return String(res.status);
  };

  try {
    await openLoop(s.warmup, s.rate, s.rate, op('offer'));
    await openLoop(s.warmup, s.rate, s.rate, op('create'));
    responseMs.offer.length = 0;
    responseMs.create.length = 0;
    const half = Math.ceil(s.count / 2);
    const runs: Record<'offer' | 'create', OpenLoopRun[]> = { offer: [], create: [] };
    runs.offer.push(await openLoop(half, s.rate, s.rate, op('offer')));
    runs.create.push(await openLoop(half, s.rate, s.rate, op('create')));
    runs.create.push(await openLoop(s.count - half, s.rate, s.rate, op('create')));
    runs.offer.push(await openLoop(s.count - half, s.rate, s.rate, op('offer')));
    const all = (k: 'offer' | 'create') => runs[k].flatMap((r) => r.fromDue);
    const row = (name: string, q: number, note: string): BenchRow => {
      const a = percentile(all('offer'), q);
      const b = percentile(all('create'), q);
      return { name, value: fmtMs(a), baseline: fmtMs(b), ratio: ratio(a, b), note };
    };
    const resp = (q: number): BenchRow => {
      const a = percentile(responseMs.offer, q);
      const b = percentile(responseMs.create, q);
      return { name: `HTTP response p${q}`, value: fmtMs(a), baseline: fmtMs(b), ratio: ratio(a, b), note: 'the write alone' };
    };
    return [
      row('sent → receiver’s inbox p50', 50, `${s.count} each, offered at ${s.rate}/s (open loop, from when each was due)`),
      row('sent → receiver’s inbox p99', 99, 'the hand-off’s invalidation on the receiving dispatcher’s socket (the incident’s for the baseline)'),
      resp(50),
      resp(99),
    ];
  } finally {
    socket.close();
  }
}
