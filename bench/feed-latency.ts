/**
 * Latency from commit to 500 connected consoles (issue #5, "Benchmark"). 500 live-feed sockets
 * (a handful of signed-in dispatch accounts, reused) listen while a dispatcher changes unit
 * statuses at a steady rate; each change is timed from its HTTP response to its invalidation's
 * arrival at every console. Beside it, in the same run and on the same server: the same changes
 * heard by one console. Consoles and writer share one thread, away from the server's.
 */
import { Worker } from 'node:worker_threads';
import type { RunningServer } from '@continuum/server';
import type { LatencyRun } from './feed-latency-load.ts';
import { envInt, fmtMs, percentile } from './measure.ts';
import { withBenchServer, type DatabaseUnderTest } from './servers.ts';
import { ratio, type BenchRow, type TableHeadings } from './table.ts';

/** Column headings for the rows `benchFeedLatency` returns. */
export const FEED_LATENCY_HEADINGS: Partial<TableHeadings> = { value: '500 consoles', baseline: '1 console', ratio: '500 ÷ 1' };

// Accounts whose reach includes the demo MCRT units, so each hears every change.
const ACCOUNTS = ['dispatcher', 'clinician', 'peer', 'supervisor'];
const UNITS = ['champaign-mcrt-1', 'champaign-mcrt-2', 'champaign-mcrt-3'];

const settings = () => ({
  consoles: envInt('BENCH_FEED_CONSOLES', 500),
  changes: envInt('BENCH_FEED_CHANGES', 100),
  /** Changes a second: 100 changes take 10 s. */
  rate: envInt('BENCH_FEED_RATE', 10),
});

/** Runs the benchmark on one database; PostgreSQL is skipped, with a note, when unreachable. */
export async function benchFeedLatency(kind: DatabaseUnderTest): Promise<BenchRow[]> {
  const s = settings();
  return withBenchServer(kind, 'feed', (server) => measure(server, s));
}

async function measure(server: RunningServer, s: ReturnType<typeof settings>): Promise<BenchRow[]> {
  const origin = server.url.replace('localhost', '127.0.0.1');
  const sessions = await Promise.all(ACCOUNTS.map((u) => signIn(origin, u)));
  const common = { origin, sessions, rate: s.rate, units: UNITS };
  // A short warm-up (connections, plans, JIT), then the baseline, then the crowd.
  await listen({ ...common, consoles: 1, changes: Math.min(10, s.changes) });
  const one = await listen({ ...common, consoles: 1, changes: s.changes });
  const many = await listen({ ...common, consoles: s.consoles, changes: s.changes });
  const p = (r: LatencyRun, q: number) => percentile(r.fromResponse, q);
  const row = (name: string, a: number, b: number, note: string): BenchRow => ({ name, value: fmtMs(a), baseline: fmtMs(b), ratio: ratio(a, b), note });
  const early = (r: LatencyRun) => r.fromResponse.filter((x) => x < 0).length;
  return [
    row('commit → console p50', p(many, 50), p(one, 50), `from the write's HTTP response; ${s.changes} unit status changes at ${s.rate}/s`),
    row('commit → console p99', p(many, 99), p(one, 99), `over every delivery: ${many.delivered} vs ${one.delivered}`),
    row('commit → console max', Math.max(...many.fromResponse), Math.max(...one.fromResponse), `${early(many)} vs ${early(one)} arrived before the write's response (negative figures)`),
    row('write response p50', percentile(many.writeMs, 50), percentile(one.writeMs, 50), 'POST /api/units/:id/status while the consoles listen'),
    {
      name: 'deliveries',
      value: `${many.delivered}/${many.expected}`,
      baseline: `${one.delivered}/${one.expected}`,
      ratio: '—',
      note: `${s.consoles} sockets over ${sessions.length} signed-in accounts, connected in ${(many.connectMs / 1000).toFixed(1)} s`,
    },
  ];
}

function listen(data: { origin: string; sessions: { cookie: string; csrf: string }[]; consoles: number; changes: number; rate: number; units: string[] }): Promise<LatencyRun> {
  // Node 20 loads a worker's entry before `--import` hooks apply, so the entry registers tsx itself.
  const entry = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(new URL('./feed-latency-load.ts', import.meta.url).href)}); })`;
  const worker = new Worker(entry, { eval: true, workerData: data });
  // Bounded whatever happens: a run that hangs fails instead of holding `npm run bench`.
  const limit = 30_000 + (data.changes * 1000) / data.rate;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<LatencyRun>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`feed latency run did not finish within ${limit} ms`)), limit);
    worker.once('message', (m: LatencyRun | { error: string }) => ('error' in m ? reject(new Error(m.error)) : resolve(m)));
    worker.once('error', reject);
  }).finally(() => {
    clearTimeout(timer);
    void worker.terminate();
  });
}

/** A signed-in console session: its cookie and CSRF token. */
async function signIn(origin: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'continuum-demo' }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';', 1)[0]!).find((c) => c.startsWith('continuum_session='))!;
  return { cookie, csrf: csrfToken };
}
