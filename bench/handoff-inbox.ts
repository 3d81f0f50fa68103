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
import { envInt } from './measure.ts';
import { listenToFeed, pairedFeedLoop, signInConsole, type PairedOp } from './paired-feed-loop.ts';
import { withBenchServer, type DatabaseUnderTest } from './servers.ts';
import type { BenchRow, TableHeadings } from './table.ts';

export const HANDOFF_HEADINGS: Partial<TableHeadings> = { value: 'hand-off offered', baseline: 'POST /api/incidents', ratio: 'offer ÷ create' };

const settings = () => ({ count: envInt('BENCH_HANDOFF_N', 300), rate: envInt('BENCH_HANDOFF_RATE', 20), warmup: envInt('BENCH_HANDOFF_WARMUP', 30) });

export async function benchHandoffInbox(kind: DatabaseUnderTest): Promise<BenchRow[]> {
  return withBenchServer(kind, 'handoff', (server) => measure(server, settings()));
}

const CREATE = JSON.stringify({ entryPoint: '911', summary: 'bench', location: { address: '101 W Main St, Urbana, IL', lat: 40.11, lon: -88.2 }, caller: { callbackNumber: '+12175550100' } });

async function measure(server: RunningServer, s: ReturnType<typeof settings>): Promise<BenchRow[]> {
  const origin = server.url.replace('localhost', '127.0.0.1');
  const telecom = await signInConsole(origin, 'telecom');
  const dispatcher = await signInConsole(origin, 'dispatcher');
  const post = async (path: string, body: string) => {
    const res = await fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: telecom.cookie, 'x-csrf-token': telecom.csrf, 'idempotency-key': randomUUID() }, body });
    return { status: res.status, body: (await res.json()) as { id?: string } };
  };

  // The receiving console: the first invalidation of each hand-off and each incident, by id.
  const feed = await listenToFeed(origin, dispatcher, (m) => ((m.entity === 'handoff' || m.entity === 'incident') && m.id ? `${m.entity}:${m.id}` : null));

  // One open offer per call: each offer gets a call of its own, taken before the clock starts.
  const calls: string[] = [];
  for (let i = 0; i < s.count + s.warmup; i++) {
    const res = await post('/api/incidents', CREATE);
    if (res.status !== 201) throw new Error(`create answered ${res.status}`);
    calls.push(res.body.id!);
  }
  const offered: PairedOp = {
    async send() {
      const res = await post('/api/handoffs', JSON.stringify({ incidentId: calls.pop()!, toAgencyId: 'champaign-mcrt', kind: 'warm_transfer', note: 'bench' }));
      return { ...res, key: `handoff:${res.body.id ?? ''}` };
    },
  };
  const created: PairedOp = {
    async send() {
      const res = await post('/api/incidents', CREATE);
      return { ...res, key: `incident:${res.body.id ?? ''}` };
    },
  };
  try {
    return await pairedFeedLoop(s, feed, offered, created, {
      arrival: 'sent → receiver’s inbox',
      p99Note: 'the hand-off’s invalidation on the receiving dispatcher’s socket (the incident’s for the baseline)',
    });
  } finally {
    feed.close();
  }
}
