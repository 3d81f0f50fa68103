/**
 * Search by phone over many incidents (issue 15 §2, ADR 0033): GET /api/incidents?q=<phone> as a
 * dispatcher, through the HTTP stack, the reach check and the audit row, over a table of
 * BENCH_SEARCH_INCIDENTS generated calls (1,000,000 on PostgreSQL, made with one generate_series
 * INSERT; fewer on PGlite, in memory). Beside it the same lookup in SQL, by the index and by a
 * sequential scan (the index switched off for that statement): what the normalised phone column
 * and its index buy.
 */
import { createClient } from '@continuum/sdk';
import { listIncidents } from '@continuum/server/services/incident/incidents';
import type { RunningServer } from '@continuum/server';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { envInt, fmtMs, percentile } from './measure.ts';
import { withBenchServer, type DatabaseUnderTest } from './servers.ts';
import type { BenchRow, TableHeadings } from './table.ts';

export const SEARCH_HEADINGS: Partial<TableHeadings> = { value: 'by the index', baseline: 'sequential scan', ratio: 'index ÷ scan' };

const settings = (kind: DatabaseUnderTest) => ({
  incidents: envInt('BENCH_SEARCH_INCIDENTS', kind === 'postgres' ? 1_000_000 : 100_000),
  searches: envInt('BENCH_SEARCH_QUERIES', 200),
  scans: envInt('BENCH_SEARCH_SCANS', 10),
});

export async function benchIncidentSearch(kind: DatabaseUnderTest): Promise<BenchRow[]> {
  const s = settings(kind);
  return withBenchServer(kind, 'search', (server) => measure(server, s));
}

/**
 * Calls of the demo's 911 centre, one a minute back in time, each with its own callback number.
 * Written through a connection of its own: the server's pool bounds every query (ADR 0022), which
 * guards requests, not a set-up writing a million rows. PGlite has one connection: the pool's.
 */
async function generate(server: RunningServer, n: number): Promise<void> {
  const db = server.services.store.database.db as unknown as Kysely<never>;
  const insert = (from: number, to: number) => sql`
    INSERT INTO incidents (id, agency_id, region_id, entry_point, status, version, summary, location_address, caller, person,
      safety_flags, received_at, updated_at, number, caller_phone_key, names_key)
    SELECT gen_random_uuid(), 'champaign-911', 'il-ems-6', '911', 'closed', 1, 'Bench call ' || i, i || ' W Main St, Urbana, IL',
      jsonb_build_object('callbackNumber', '+1 ' || (2170000000 + i)::text), '{}'::jsonb, '[]'::jsonb,
      now() - make_interval(mins => i), now() - make_interval(mins => i), '90-' || lpad(i::text, 7, '0'), (2170000000 + i)::text, null
    FROM generate_series(${from}::int, ${to}::int) AS i`;
  const slices = (run: (from: number, to: number) => Promise<unknown>) => async () => {
    for (let from = 1; from <= n; from += 100_000) await run(from, Math.min(n, from + 99_999));
  };
  if (server.services.store.database.kind === 'pglite') {
    await slices((from, to) => insert(from, to).execute(db))();
    await sql`ANALYZE incidents`.execute(db);
    return;
  }
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const client = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${pg.escapeIdentifier(rows[0]!.schema)}`);
    await slices(async (from, to) => {
      const compiled = insert(from, to).compile(db);
      await client.query(compiled.sql, [...compiled.parameters]);
    })();
    await client.query('ANALYZE incidents');
  } finally {
    await client.end();
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function measure(server: RunningServer, s: ReturnType<typeof settings>): Promise<BenchRow[]> {
  const db = server.services.store.database.db as unknown as Kysely<never>;
  const genStart = performance.now();
  await generate(server, s.incidents);
  const genMs = performance.now() - genStart;
  const origin = server.url.replace('localhost', '127.0.0.1');
  const client = createClient({ baseUrl: origin });
  await client.signIn({ username: 'dispatcher', password: 'continuum-demo' });
  const phone = (i: number) => `(${String(2170000000 + i).slice(0, 3)}) ${String(2170000000 + i).slice(3, 6)}-${String(2170000000 + i).slice(6)}`;
  const pick = (k: number) => 1 + ((k * 7919) % s.incidents);

  // Warm-up, then the measured searches, one at a time as a person types them.
  for (let k = 0; k < 10; k++) await client.listIncidents({ q: phone(pick(k)) });
  const http: number[] = [];
  let found = 0;
  for (let k = 0; k < s.searches; k++) {
    http.push(await timed(async () => { found += (await client.listIncidents({ q: phone(pick(k + 10)) })).items.length; }));
  }
  // The same searches through the service, without HTTP: what the request itself adds.
  const session = (await client.session())!;
  const principal = { userId: session.user.id, username: session.user.username, displayName: session.user.displayName, role: session.role, agencyId: session.agency.id, regionId: session.regionId, via: 'session' as const, scopes: null };
  const inProcess: number[] = [];
  for (let k = 0; k < s.searches; k++) {
    inProcess.push(await timed(() => listIncidents(server.services, { principal, address: '127.0.0.1' }, { q: phone(pick(k + 10)), limit: 50 })));
  }
  // What the search's audit row costs, as written now (committed without waiting for the flush,
  // ADR 0041) beside the same row committed and flushed as every other row is.
  const audit = server.services.store.read.audit;
  const row = () => ({ at: new Date(), actorId: session.user.id, role: session.role, agencyId: session.agency.id, action: 'incident.search', outcome: 'allowed' as const, resourceType: 'incident', resourceId: null, fieldClasses: ['operational'], purpose: 'dispatch', address: '127.0.0.1', detail: { ids: [], bench: true } });
  const auditRead: number[] = [];
  const auditFlushed: number[] = [];
  for (let k = 0; k < s.searches; k++) {
    auditRead.push(await timed(() => audit.writeRead(row())));
    auditFlushed.push(await timed(() => audit.write(row())));
  }
  const byIndex: number[] = [];
  const byScan: number[] = [];
  const query = (key: string) => sql`SELECT id FROM incidents WHERE caller_phone_key = ${key} ORDER BY received_at DESC LIMIT 50`;
  for (let k = 0; k < s.searches; k++) byIndex.push(await timed(() => query(String(2170000000 + pick(k + 10))).execute(db)));
  for (let k = 0; k < s.scans; k++) {
    byScan.push(await timed(() => db.transaction().execute(async (tx) => {
      await sql`SET LOCAL enable_indexscan = off`.execute(tx);
      await sql`SET LOCAL enable_bitmapscan = off`.execute(tx);
      await query(String(2170000000 + pick(k + 10))).execute(tx);
    })));
  }
  const p = (xs: number[], q: number) => percentile(xs, q);
  const ratio = (a: number, b: number) => (Number.isFinite(a) && b > 0 ? `${(a / b).toFixed(3)}×` : '—');
  const n = s.incidents.toLocaleString('en-US');
  return [
    { name: `search by phone over HTTP, p99 (${n} calls)`, value: fmtMs(p(http, 99)), baseline: fmtMs(p(byScan, 99)), ratio: ratio(p(http, 99), p(byScan, 99)), note: `goal < 50 ms: ${p(http, 99) < 50 ? 'met' : 'NOT MET'}; ${found} of ${s.searches} searches found their call; p50 ${fmtMs(p(http, 50))}` },
    { name: 'the same search in-process, p99', value: fmtMs(p(inProcess, 99)), baseline: fmtMs(p(byScan, 99)), ratio: ratio(p(inProcess, 99), p(byScan, 99)), note: `the service without HTTP (reach, redaction, the audit row); p50 ${fmtMs(p(inProcess, 50))}` },
    { name: 'the audit row of the search, p99', value: fmtMs(p(auditRead, 99)), baseline: fmtMs(p(auditFlushed, 99)), ratio: ratio(p(auditRead, 99), p(auditFlushed, 99)), note: `baseline: the same row flushed to disk before the answer (before ADR 0041); p50 ${fmtMs(p(auditRead, 50))} vs ${fmtMs(p(auditFlushed, 50))}` },
    { name: 'the lookup in SQL, p99', value: fmtMs(p(byIndex, 99)), baseline: fmtMs(p(byScan, 99)), ratio: ratio(p(byIndex, 99), p(byScan, 99)), note: `incidents_caller_phone_idx; the scan: ${s.scans} runs` },
    { name: 'generating the calls', value: fmtMs(genMs), baseline: '—', ratio: '—', note: 'one INSERT … generate_series, then ANALYZE' },
  ];
}
