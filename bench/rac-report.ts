/**
 * The monthly RAC report and the supervisor's dashboard over many incidents (issue 14 §4, ADR
 * 0040): GET /api/reports/rac (an analyst's region month, suppressed) and GET /api/reports/dashboard
 * through the HTTP stack and the audit row, over BENCH_RAC_INCIDENTS generated calls spread over the
 * twelve months before this one, each with its facts row and three events (received, triaged, on
 * scene), all made with generate_series INSERTs. Beside them the naive query: the same month's
 * volume by entry point and response-time percentiles by level, aggregated from the event table;
 * and, in-process, the report grouped by the database beside every call's row grouped in JS.
 */
import { createClient } from '@continuum/sdk';
import type { RunningServer } from '@continuum/server';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { envInt, fmtMs, percentile } from './measure.ts';
import { withBenchServer, type DatabaseUnderTest } from './servers.ts';
import type { BenchRow, TableHeadings } from './table.ts';

export const RAC_HEADINGS: Partial<TableHeadings> = { value: 'Continuum', baseline: 'naive over events', ratio: 'Continuum ÷ naive' };

const settings = (kind: DatabaseUnderTest) => ({
  incidents: envInt('BENCH_RAC_INCIDENTS', kind === 'postgres' ? 1_000_000 : 50_000),
  runs: envInt('BENCH_RAC_RUNS', 10),
});

export async function benchRacReport(kind: DatabaseUnderTest): Promise<BenchRow[]> {
  const s = settings(kind);
  return withBenchServer(kind, 'rac', (server) => measure(server, s));
}

/** The statements that make calls `from`..`to`: incident i is received i × spread minutes before the month began. */
function inserts(from: number, to: number, spreadSeconds: number, monthStart: Date) {
  const at = sql`(${monthStart}::timestamptz - make_interval(secs => (i::double precision * ${spreadSeconds}) - 20 * 86400))`;
  return [
    sql`INSERT INTO incidents (id, agency_id, region_id, entry_point, status, version, summary, location_address, caller, person,
        safety_flags, risk_level, received_at, updated_at, number)
      SELECT md5('rac' || i)::uuid, 'champaign-911', 'il-ems-6', (ARRAY['911','988','direct','cares'])[1 + i % 4], 'closed', 3, 'Bench call', 'Urbana, IL',
        '{}'::jsonb, '{}'::jsonb, '[]'::jsonb, 1 + i % 4, ${at}, ${at}, '91-' || lpad(i::text, 7, '0')
      FROM generate_series(${from}::int, ${to}::int) AS i`,
    sql`INSERT INTO report_facts (incident_id, region_id, agency_ids, version, received_at, entry_point, risk_level, response_given, police_ground,
        eligible_for_team, no_team_reason, override_reason, emergency_type, response_seconds, max_seconds, disposition, transport_destination,
        destination_facility_id, arrest, use_of_force, injury, petition_by, deflection_pathway, diversion, age_band, district_id, simulated)
      SELECT md5('rac' || i)::uuid, 'il-ems-6', ARRAY['champaign-911', 'champaign-mcrt'], 3, ${at}, (ARRAY['911','988','direct','cares'])[1 + i % 4], 1 + i % 4,
        (ARRAY['phone_only','crisis_team','co_response','police'])[1 + i % 4], CASE WHEN i % 4 = 3 THEN 'threat_of_physical_injury' END,
        i % 4 IN (1, 2), NULL, NULL, 'adult', 300 + (i * 37) % 4200, 3600, 'stabilised_on_site', NULL, NULL, i % 50 = 0, false, false, NULL, NULL, NULL,
        (ARRAY['under_18','18_24','25_44','45_64','65_plus'])[1 + i % 5], (ARRAY['urbana-pd','champaign-pd','rantoul-pd','county'])[1 + i % 4], false
      FROM generate_series(${from}::int, ${to}::int) AS i`,
    sql`INSERT INTO incident_events (incident_id, sequence, type, occurred_at, actor_id, reason, data)
      SELECT md5('rac' || i)::uuid, e.seq, e.type, ${at} + make_interval(secs => e.offs), 'bench', NULL, e.data
      FROM generate_series(${from}::int, ${to}::int) AS i
      CROSS JOIN LATERAL (VALUES
        (1, 'incident.received', 0, jsonb_build_object('entryPoint', (ARRAY['911','988','direct','cares'])[1 + i % 4], 'regionId', 'il-ems-6', 'agencyId', 'champaign-911')),
        (2, 'incident.triaged', 60, jsonb_build_object('level', 1 + i % 4)),
        (3, 'incident.on_scene', 60 + 300 + (i * 37) % 4200, '{}'::jsonb)
      ) AS e(seq, type, offs, data)`,
  ];
}

export async function generate(server: RunningServer, n: number, monthStart: Date): Promise<void> {
  const db = server.services.store.database.db as unknown as Kysely<never>;
  const spread = (365 * 86400) / n;
  const slices = async (run: (q: ReturnType<typeof sql>) => Promise<unknown>) => {
    for (let from = 1; from <= n; from += 50_000) for (const q of inserts(from, Math.min(n, from + 49_999), spread, monthStart)) await run(q);
  };
  if (server.services.store.database.kind === 'pglite') {
    await slices((q) => q.execute(db));
    await sql`ANALYZE`.execute(db);
    return;
  }
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const client = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${pg.escapeIdentifier(rows[0]!.schema)}`);
    await slices(async (q) => {
      const compiled = q.compile(db);
      await client.query(compiled.sql, [...compiled.parameters]);
    });
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** Runs a baseline query without the server's statement timeout: a naive query may take longer than a request may. */
function unbounded(db: Kysely<never>, run: (trx: Kysely<never>) => Promise<unknown>): Promise<unknown> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL statement_timeout = 0`.execute(trx);
    return run(trx);
  });
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function measure(server: RunningServer, s: ReturnType<typeof settings>): Promise<BenchRow[]> {
  const db = server.services.store.database.db as unknown as Kysely<never>;
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const { from, to } = await import('@continuum/domain').then((d) => d.monthBounds(month));
  const genStart = performance.now();
  await generate(server, s.incidents, to);
  const genMs = performance.now() - genStart;
  const origin = server.url.replace('localhost', '127.0.0.1');
  const analyst = createClient({ baseUrl: origin });
  await analyst.signIn({ username: 'analyst', password: 'continuum-demo' });
  const supervisor = createClient({ baseUrl: origin });
  await supervisor.signIn({ username: 'supervisor', password: 'continuum-demo' });

  // The first read folds in any incident the facts table lacks (none here but the demo's): a warm-up.
  const first = await timed(() => analyst.racReport({ region: 'il-ems-6', month }));
  const report: number[] = [];
  let calls = 0;
  for (let k = 0; k < s.runs; k++) report.push(await timed(async () => { calls = (await analyst.racReport({ region: 'il-ems-6', month })).calls ?? 0; }));
  const dash: number[] = [];
  for (let k = 0; k < s.runs * 3; k++) dash.push(await timed(() => supervisor.dashboard()));
  // The report's two ways in-process, without HTTP: grouped by the database (what the API does),
  // and every call's row read into JS and grouped there (what it did before), on the same data.
  const facts = server.services.store.read.reportFacts;
  const scope = { regionId: 'il-ems-6', from, to, simulated: 'exclude' as const };
  const { racTables } = await import('@continuum/domain');
  const grouped: number[] = [];
  for (let k = 0; k < s.runs; k++) grouped.push(await timed(async () => racTables(await facts.monthGroups(scope), [], true)));
  const byRows: number[] = [];
  let rowsFailure = '';
  for (let k = 0; k < Math.max(3, Math.floor(s.runs / 3)) && !rowsFailure; k++) {
    try {
      byRows.push(await timed(async () => racTables(await facts.monthRows(scope), [], true)));
    } catch (err) {
      rowsFailure = (err as Error).message;
    }
  }
  // Naive: the same month's volume by entry point and response-time percentiles by level from the events.
  const naive: number[] = [];
  for (let k = 0; k < Math.max(3, Math.floor(s.runs / 3)); k++) {
    naive.push(await timed(() => unbounded(db, async (db) => {
      await sql`SELECT r.data->>'entryPoint' AS entry_point, count(*) FROM incident_events r
        WHERE r.type = 'incident.received' AND r.data->>'regionId' = 'il-ems-6' AND r.occurred_at >= ${from} AND r.occurred_at < ${to} GROUP BY 1`.execute(db);
      await sql`SELECT t.data->>'level' AS level, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.occurred_at - t.occurred_at)),
          percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM o.occurred_at - t.occurred_at)), count(*)
        FROM incident_events r JOIN incident_events t ON t.incident_id = r.incident_id AND t.type = 'incident.triaged'
        JOIN incident_events o ON o.incident_id = r.incident_id AND o.type = 'incident.on_scene'
        WHERE r.type = 'incident.received' AND r.data->>'regionId' = 'il-ems-6' AND r.occurred_at >= ${from} AND r.occurred_at < ${to} GROUP BY 1`.execute(db);
    })));
  }
  // The dashboard's naive twin: today's calls by status folded from each call's last event.
  const naiveDash: number[] = [];
  for (let k = 0; k < 3; k++) {
    naiveDash.push(await timed(() => unbounded(db, (db) => sql`SELECT last.type, count(*) FROM (SELECT DISTINCT ON (incident_id) incident_id, type FROM incident_events ORDER BY incident_id, sequence DESC) last GROUP BY 1`.execute(db))));
  }
  const p = (xs: number[], q: number) => percentile(xs, q);
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(3)}×` : '—');
  const n = s.incidents.toLocaleString('en-US');
  return [
    { name: `RAC report of ${month} over HTTP, p50 (${n} calls, ${calls.toLocaleString('en-US')} in the month)`, value: fmtMs(p(report, 50)), baseline: fmtMs(p(naive, 50)), ratio: ratio(p(report, 50), p(naive, 50)), note: `goal < 1 s; p99 ${fmtMs(p(report, 99))}; the naive query does 2 of its ~20 tables; first read ${fmtMs(first)}` },
    { name: 'the report in-process, grouped by the database, p50', value: fmtMs(p(grouped, 50)), baseline: byRows.length ? fmtMs(p(byRows, 50)) : `failed: ${rowsFailure}`, ratio: byRows.length ? ratio(p(grouped, 50), p(byRows, 50)) : '—', note: `baseline: every call's row read into JS and grouped there (before issue 14 §4); p99 ${fmtMs(p(grouped, 99))}` },
    { name: 'dashboard over HTTP, p50', value: fmtMs(p(dash, 50)), baseline: fmtMs(p(naiveDash, 50)), ratio: ratio(p(dash, 50), p(naiveDash, 50)), note: `goal < 200 ms; p99 ${fmtMs(p(dash, 99))}; naive: calls by their last event's type` },
    { name: 'generating the calls', value: fmtMs(genMs), baseline: '—', ratio: '—', note: 'incidents, facts and 3 events each by generate_series, then ANALYZE' },
  ];
}
