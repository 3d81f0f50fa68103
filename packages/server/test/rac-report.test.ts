import ExcelJS from 'exceljs';
import { applyIncidentEvent, incidentFacts, racTables, type IncidentEvent, type IncidentState, type ReportRow } from '@continuum/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanningRun, PlanningScenario } from '@continuum/contracts';
import { pdfCell, words } from '../src/services/reports/rac-pdf.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';
import { pdfText } from './pdf-text.ts';

// A clock the test sets: the demo's own calls are received in January, the test's in March 2026, then March ends.
let setAt = Date.now();
let base = Date.parse('2026-01-15T18:00:00Z');
const clock = () => new Date(base + (Date.now() - setAt));
const travelTo = (iso: string) => {
  base = Date.parse(iso);
  setAt = Date.now();
};

let t: TestServer;
let telecom: Session;
let dispatcher: Session;
let clinician: Session;
let analyst: Session;
let supervisor: Session;
const answeredIds: string[] = [];

type Table = { id: string; dimensions: string[]; measures: string[]; rows: { keys: string[]; values: (number | null)[] }[] };
type Report = { regionId: string; month: string; scope: string; suppressed: boolean; calls: number | null; tables: Table[]; missing: string[] };
type Refusal = { error: { code: string; message: string; issues?: { field: string; rule: string }[] } };

const post = async (s: Session, url: string, body: unknown) => {
  const res = await s.post(url, body);
  expect(res.status, `${url}: ${await res.clone().text()}`).toBeLessThan(300);
  return (await res.json()) as { id: string };
};

/** A level 2 call from 911 (MPDS 25-A-1: the plan sends a mobile crisis team), queued. */
async function queued(overrides: Record<string, unknown> = {}): Promise<string> {
  const { id } = await post(telecom, '/api/incidents', buildIncidentInput(overrides));
  await post(telecom, `/api/incidents/${id}/transitions`, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' });
  await post(telecom, `/api/incidents/${id}/transitions`, { action: 'queue_for_dispatch' });
  return id;
}

/** The mobile crisis team goes, arrives after the clock moves on `minutes`, and stabilises on site. */
async function answered(unit: string, minutes: number, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = await queued(overrides);
  await post(dispatcher, `/api/incidents/${id}/assignments`, { units: [unit] });
  await post(clinician, `/api/incidents/${id}/assignments/${unit}`, { action: 'en_route' });
  travelTo(new Date(clock().getTime() + minutes * 60_000).toISOString());
  await post(clinician, `/api/incidents/${id}/assignments/${unit}`, { action: 'on_scene' });
  await post(clinician, `/api/incidents/${id}/transitions`, { action: 'close', disposition: 'stabilised_on_site' });
  return id;
}

const rac = (s: Session, query: string) => s.get(`/api/reports/rac?${query}`);
const table = (r: Report, id: string) => {
  const found = r.tables.find((x) => x.id === id);
  expect(found, id).toBeDefined();
  return found!;
};
const value = (tb: Table, keys: string[], measure: string) => tb.rows.find((r) => r.keys.join('|') === keys.join('|'))?.values[tb.measures.indexOf(measure)];

beforeAll(async () => {
  t = await startTestServer({ clock });
  travelTo('2026-03-10T15:00:00Z');
  [telecom, dispatcher, clinician] = (await Promise.all(['telecom', 'dispatcher', 'clinician'].map((u) => signIn(t.url, u)))) as [Session, Session, Session];
  // March: 12 calls answered by a mobile crisis team (6 within 20 minutes, 6 at 90: beyond the
  // plan's maximum), and 3 left queued. All received by the 911 centre, in Urbana (an urban
  // district). The first 3 answered were said at intake to have a disability.
  for (let i = 0; i < 12; i++) answeredIds.push(await answered('champaign-mcrt-1', i < 6 ? 20 : 90, i < 3 ? { person: { name: 'Luis Diaz', age: 29, disability: 'yes' } } : {}));
  for (let i = 0; i < 3; i++) await queued();
  travelTo('2026-04-02T15:00:00Z');
  [analyst, supervisor, telecom] = (await Promise.all(['analyst', 'supervisor', 'telecom'].map((u) => signIn(t.url, u)))) as [Session, Session, Session];
}, 120_000);
afterAll(() => t.close());

describe('the monthly RAC report', () => {
  it('gives an analyst the region\'s month with small cells suppressed across rows and totals', async () => {
    const res = await rac(analyst, 'region=il-ems-6&month=2026-03');
    expect(res.status).toBe(200);
    const r = (await res.json()) as Report;
    expect(r).toMatchObject({ regionId: 'il-ems-6', month: '2026-03', scope: 'region', suppressed: true, calls: 15 });
    expect(r.tables.length).toBeGreaterThan(10);
    expect(value(table(r, 'volume'), ['911', 'contact'], 'calls')).toBe(15);
    // 12 answered by a crisis team, 3 not answered: the 3 are suppressed, and so are the 12, which
    // with the total shown would give them away.
    const byLevel = table(r, 'response_by_level');
    expect(value(byLevel, ['2', 'none'], 'calls')).toBeNull();
    expect(value(byLevel, ['2', 'crisis_team'], 'calls')).toBeNull();
    expect(value(byLevel, ['all', 'all'], 'calls')).toBe(15);
    // 12 arrivals, 6 within the maximum and 6 beyond: the arrivals shown, the 6 and 6 and the times hidden.
    const times = table(r, 'response_time_level').rows.find((x) => x.keys[0] === '2')!;
    expect(times.values.slice(0, 2)).toEqual([12, null]);
    expect(times.values[2]).toBeNull();
    // Disability and rural or urban are recorded now: equity tables, not missing attributes.
    expect(r.missing.some((m) => m.startsWith('disability') || m.startsWith('rural'))).toBe(false);
    expect(value(table(r, 'equity_rural_urban'), ['urban'], 'calls')).toBe(15);
    // 3 with a disability, 12 unknown: the 3 suppressed, and the 12 with them (the total is shown).
    expect(value(table(r, 'equity_disability'), ['yes'], 'calls')).toBeNull();
    expect(value(table(r, 'equity_disability'), ['unknown'], 'calls')).toBeNull();
    // No identifier of a call or a person leaves in a report.
    expect(JSON.stringify(r)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('gives a supervisor their own agency\'s calls unsuppressed, with response times against the maximum', async () => {
    const res = await rac(supervisor, 'region=il-ems-6&month=2026-03');
    expect(res.status).toBe(200);
    const r = (await res.json()) as Report;
    // The supervisor's agency is the mobile crisis provider: the 12 calls its team went to.
    expect(r).toMatchObject({ scope: 'agency', suppressed: false, calls: 12 });
    const times = table(r, 'response_time_level').rows.find((x) => x.keys[0] === '2')!;
    expect(times.values.slice(0, 2)).toEqual([12, 6]);
    expect(times.values[4]).toBe(0.5);
    expect(times.values[2]).toBeGreaterThan(20);
    expect(value(table(r, 'equity_disability'), ['yes'], 'calls')).toBe(3);
    expect(value(table(r, 'equity_disability'), ['yes'], 'crisis_team')).toBe(3);
    expect(value(table(r, 'equity_rural_urban'), ['urban'], 'calls')).toBe(12);
  });

  it.each([
    ['region=il-ems-6&month=2026-3', 400, 'querystring.month'],
    ['region=il-ems-6&month=2026-04', 400, 'querystring.month'],
    ['region=il-ems-6&month=2027-01', 400, 'querystring.month'],
    ['month=2026-03', 400, 'querystring.region'],
    ['region=il-ems-1&month=2026-03', 403, 'querystring.region'],
    ['region=il-ems-6&month=2026-03&format=pdfx', 400, 'querystring.format'],
    ['region=il-ems-6&month=2026-04&format=pdf', 400, 'querystring.month'],
    ['region=il-ems-1&month=2026-03&format=pdf', 403, 'querystring.region'],
  ])('refuses %j with %i naming %s', async (query, status, field) => {
    const res = await rac(analyst, query);
    expect(res.status).toBe(status);
    const body = (await res.json()) as Refusal;
    expect(JSON.stringify(body.error)).toContain(field);
  });

  it('downloads CSV and XLSX with the same numbers as the JSON, and audits every read', async () => {
    const before = (await t.server.services.store.read.audit.search({ action: 'report.rac', outcome: 'allowed', limit: 500 })).length;
    const json = (await (await rac(analyst, 'region=il-ems-6&month=2026-03')).json()) as Report;
    const csv = await rac(analyst, 'region=il-ems-6&month=2026-03&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('response_by_level');
    expect(text).toContain('911,contact,15');
    expect(text).toContain('2,none,suppressed');
    const xlsx = await rac(analyst, 'region=il-ems-6&month=2026-03&format=xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('rac-il-ems-6-2026-03.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    for (const tb of json.tables) {
      const sheet = book.getWorksheet(tb.id);
      expect(sheet, tb.id).toBeDefined();
      tb.rows.forEach((row, i) => {
        const cells = (sheet!.getRow(i + 3).values as unknown[]).slice(1);
        expect(cells).toEqual([...row.keys, ...row.values.map((v) => (v === null ? 'suppressed' : v))]);
      });
    }
    const after = await t.server.services.store.read.audit.search({ action: 'report.rac', outcome: 'allowed', limit: 500 });
    expect(after.length - before).toBe(3);
    expect(after[0]!.detail).toMatchObject({ month: '2026-03', region: 'il-ems-6', suppressed: true });
  });

  it('refuses a call-taker (403) and anyone signed out (401)', async () => {
    expect((await rac(telecom, 'region=il-ems-6&month=2026-03')).status).toBe(403);
    expect((await fetch(`${t.url}/api/reports/rac?region=il-ems-6&month=2026-03`)).status).toBe(401);
    expect((await rac(telecom, 'region=il-ems-6&month=2026-03&format=pdf')).status).toBe(403);
    expect((await fetch(`${t.url}/api/reports/rac?region=il-ems-6&month=2026-03&format=pdf`)).status).toBe(401);
  });

  /** The PDF's text as one string, and each row of each table as the PDF prints it (cells in order). */
  const pdfOf = async (s: Session) => {
    const res = await rac(s, 'region=il-ems-6&month=2026-03&format=pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('rac-il-ems-6-2026-03.pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
    const lines = pdfText(bytes);
    expect(lines.length).toBeGreaterThan(50);
    return ` ${lines.join(' ')} `;
  };
  const printedRow = (tb: Table, row: Table['rows'][number]) => ` ${[...row.keys.map(words), ...row.values.map((v, i) => pdfCell(tb.measures[i]!, v))].join(' ')} `;

  it('prints the analyst\'s PDF with the region and month, the suppression note and every table\'s numbers as the JSON', async () => {
    const json = (await (await rac(analyst, 'region=il-ems-6&month=2026-03')).json()) as Report;
    const text = await pdfOf(analyst);
    expect(text).toContain('RAC monthly report');
    expect(text).toContain('March 2026');
    expect(text).toMatch(/Counts from 1 to 10, and any count that would give one away/);
    const printed = json.tables.filter((tb) => tb.rows.length > 1);
    expect(printed.length).toBeGreaterThan(5);
    for (const tb of printed) {
      expect(text, tb.id).toContain(` ${(tb as Table & { title: string }).title} `);
      for (const row of tb.rows) expect(text, `${tb.id} ${row.keys.join('|')}`).toContain(printedRow(tb, row));
    }
    // The 12 calls the crisis team answered are hidden from an analyst in the PDF as in the JSON.
    expect(text).toContain(' 2 crisis team – ');
    expect(text).not.toContain(' 2 crisis team 12 ');
    expect(text).toContain(' 911 contact 15 ');
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('prints the supervisor\'s PDF unsuppressed, marked not for publication, and audits the PDF read', async () => {
    const text = await pdfOf(supervisor);
    expect(text).toContain('not for publication');
    expect(text).toContain(' 2 crisis team 12 ');
    const [last] = await t.server.services.store.read.audit.search({ action: 'report.rac', outcome: 'allowed', limit: 1 });
    expect(last!.detail).toMatchObject({ format: 'pdf', suppressed: false });
  });

  it('equals a naive fold of the month\'s events on the same data', async () => {
    const db = t.server.services.store.database.db;
    const from = new Date('2026-03-01T06:00:00Z');
    const to = new Date('2026-04-01T05:00:00Z');
    // Naive: every event of the region's incidents, folded from scratch, then the same joins.
    const events = await sql<{ incident_id: string; sequence: number; type: string; occurred_at: Date; data: unknown; district_id: string | null; setting: string | null }>`
      SELECT e.incident_id, e.sequence, e.type, e.occurred_at, e.data, i.district_id, d.setting FROM incident_events e JOIN incidents i ON i.id = e.incident_id
      LEFT JOIN districts d ON d.id = i.district_id
      WHERE i.region_id = 'il-ems-6' ORDER BY e.incident_id, e.sequence`.execute(db);
    const states = new Map<string, { state: IncidentState | null; districtId: string | null; setting: string | null }>();
    for (const e of events.rows) {
      const s = states.get(e.incident_id) ?? { state: null, districtId: e.district_id, setting: e.setting };
      s.state = applyIncidentEvent(s.state, { type: e.type, data: e.data } as IncidentEvent, { incidentId: e.incident_id, sequence: e.sequence, occurredAt: new Date(e.occurred_at) });
      states.set(e.incident_id, s);
    }
    const rows: ReportRow[] = [...states.values()]
      .filter((s) => s.state!.receivedAt >= from && s.state!.receivedAt < to)
      .map(({ state, districtId, setting }) => {
        const f = incidentFacts(state!);
        return { ...f, channel: 'contact', facilityKind: null, districtId, ruralUrban: (setting ?? 'unknown') as 'urban' | 'rural', followup: null, person: null, daysSincePrevious: null };
      });
    expect(rows.length).toBe(15);
    const naive = racTables(rows, [], true);
    const stored = (await (await rac(analyst, 'region=il-ems-6&month=2026-03')).json()) as Report;
    // Hand-offs, follow-up and people are records of their own, outside the incident events: compared without them.
    const skip = new Set(['coordination', 'followup', 'followup_closure', 'repeat_contacts', 'equity_gender', 'equity_race', 'equity_ethnicity']);
    const pick = (tables: Table[]) => tables.filter((x) => !skip.has(x.id));
    expect(pick(stored.tables).length).toBeGreaterThan(10);
    expect(pick(stored.tables)).toEqual(pick(naive.tables as Table[]));
    // And every table, the follow-up and people ones too: the database's grouping equals grouping
    // the same month's rows (read one per call, as the report did before it grouped in SQL).
    const scope = { regionId: 'il-ems-6', from, to, simulated: 'exclude' as const };
    const facts = t.server.services.store.read.reportFacts;
    const byRows = racTables(await facts.monthRows(scope), await facts.handoffGroups(scope), true);
    expect(byRows.tables.length).toBe(stored.tables.length);
    expect(stored.tables).toEqual(byRows.tables);
    expect(racTables(await facts.monthGroups(scope), [], false)).toEqual(racTables(await facts.monthRows(scope), [], false));
  });
});

describe('the calls behind a figure (supervisors)', () => {
  type Calls = { total: number; truncated: boolean; keys: string[]; calls: { id: string; number: string | null; receivedAt: string; status: string; riskLevel: number | null }[] };
  const calls = (s: Session, query: string) => s.get(`/api/reports/rac/calls?region=il-ems-6&month=2026-03&${query}`);

  it('lists a supervisor the calls of their agency behind a cell, as many as the cell shows, and audits the read with them', async () => {
    const res = await calls(supervisor, 'table=response_time_level&keys=2&measure=within_maximum');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Calls;
    // The report's cell says 6 (the supervisor's report above); the drill lists those 6, each one of the answered calls.
    expect(body).toMatchObject({ total: 6, truncated: false, keys: ['2'] });
    expect(body.calls.length).toBe(6);
    for (const c of body.calls) {
      expect(answeredIds.slice(0, 6)).toContain(c.id);
      expect(c.number).toMatch(/^26-\d+$/);
      expect(c.status).toBe('closed');
    }
    const [row] = await t.server.services.store.read.audit.search({ action: 'report.rac.calls', outcome: 'allowed', limit: 1 });
    expect(row!.detail).toMatchObject({ table: 'response_time_level', keys: ['2'], measure: 'within_maximum', total: 6 });
    expect([...(row!.detail as { incidentIds: string[] }).incidentIds].sort()).toEqual(body.calls.map((c) => c.id).sort());
  });

  it('matches the report cell by cell over a whole table, totals row included', async () => {
    const report = (await (await rac(supervisor, 'region=il-ems-6&month=2026-03')).json()) as Report;
    const tb = table(report, 'equity_disability');
    expect(tb.rows.length).toBeGreaterThan(1);
    for (const row of tb.rows) {
      for (const measure of ['calls', 'crisis_team']) {
        const body = (await (await calls(supervisor, `table=equity_disability&keys=${encodeURIComponent(row.keys.join('|'))}&measure=${measure}`)).json()) as Calls;
        expect(body.total, `${row.keys.join('|')} ${measure}`).toBe(value(tb, row.keys, measure));
      }
    }
  });

  it('refuses analysts and call-takers (403): analysts read aggregates only', async () => {
    const analystRes = await calls(analyst, 'table=volume&keys=all|all&measure=calls');
    expect(analystRes.status).toBe(403);
    expect(((await analystRes.json()) as Refusal).error.code).toBe('forbidden');
    expect((await calls(telecom, 'table=volume&keys=all|all&measure=calls')).status).toBe(403);
  });

  it.each([
    ['table=coordination&keys=a|b|c|d&measure=hand_offs', 400, 'querystring.table'],
    ['table=response_time_level&keys=2&measure=median_minutes', 400, 'querystring.measure'],
    ['table=volume&keys=911&measure=calls', 400, 'querystring.keys'],
    ['table=volume&keys=all|all', 400, 'querystring.measure'],
    ['table=volume&keys=all|all&measure=calls&simulated=sometimes', 400, 'querystring.simulated'],
    ['table=volume&keys=all|all&measure=calls&simulated=include&includeSimulated=false', 400, 'querystring.includeSimulated'],
  ])('refuses %j with %i naming %s', async (query, status, field) => {
    const res = await calls(supervisor, query);
    expect(res.status).toBe(status);
    expect(JSON.stringify(((await res.json()) as Refusal).error)).toContain(field);
  });

  it('refuses another region (403) and a month not ended (400), naming the parameter', async () => {
    const other = await supervisor.get('/api/reports/rac/calls?region=il-ems-1&month=2026-03&table=volume&keys=all|all&measure=calls');
    expect(other.status).toBe(403);
    expect(JSON.stringify(((await other.json()) as Refusal).error)).toContain('querystring.region');
    const running = await supervisor.get('/api/reports/rac/calls?region=il-ems-6&month=2026-04&table=volume&keys=all|all&measure=calls');
    expect(running.status).toBe(400);
    expect(JSON.stringify(((await running.json()) as Refusal).error)).toContain('querystring.month');
  });
});

describe('the district map\'s boundaries', () => {
  type Districts = { type: string; features: { properties: { id: string; name: string; setting: string | null }; geometry: { type: string } }[] };
  it('gives analysts and supervisors the region\'s districts as GeoJSON with their settings, and refuses a call-taker (403)', async () => {
    for (const s of [analyst, supervisor]) {
      const res = await s.get('/api/reports/districts');
      expect(res.status).toBe(200);
      const body = (await res.json()) as Districts;
      expect(body.type).toBe('FeatureCollection');
      expect(body.features.length).toBe(4);
      expect(body.features.find((f) => f.properties.id === 'urbana-pd')!.properties.setting).toBe('urban');
      expect(body.features.find((f) => f.properties.id === 'champaign-county-sheriff')!.properties.setting).toBe('rural');
    }
    expect((await telecom.get('/api/reports/districts')).status).toBe(403);
  });
});

describe('the supervisor\'s live dashboard', () => {
  type Dash = { callsToday: number; byStatus: { status: string; count: number }[]; queues: { queue: string; waiting: number; oldestWaitSeconds: number }[]; breaches: { count: number; longestOverSeconds: number | null }; handoffsWaiting: { count: number }; unitsByStatus: { status: string; count: number }[] };
  it('shows today\'s calls, the oldest waits, the calls past their maximum and the units, and counts a new call', async () => {
    const res = await supervisor.get('/api/reports/dashboard');
    expect(res.status).toBe(200);
    const before = (await res.json()) as Dash;
    // The 3 calls left queued in March wait still, long past their maximum.
    const queue = before.queues.find((q) => q.queue === 'awaiting_dispatch')!;
    expect(queue.waiting).toBeGreaterThanOrEqual(3);
    expect(queue.oldestWaitSeconds).toBeGreaterThan(20 * 86_400);
    expect(before.breaches.count).toBeGreaterThanOrEqual(3);
    expect(before.unitsByStatus.length).toBeGreaterThan(0);
    expect(before.unitsByStatus.reduce((n, u) => n + u.count, 0)).toBeGreaterThan(0);
    await post(telecom, '/api/incidents', buildIncidentInput());
    const after = (await (await supervisor.get('/api/reports/dashboard')).json()) as Dash;
    expect(after.callsToday).toBe(before.callsToday + 1);
    expect(after.byStatus.find((s) => s.status === 'received')!.count).toBe((before.byStatus.find((s) => s.status === 'received')?.count ?? 0) + 1);
    expect(JSON.stringify(after)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('is refused to analysts and call-takers (403)', async () => {
    expect((await analyst.get('/api/reports/dashboard')).status).toBe(403);
    expect((await telecom.get('/api/reports/dashboard')).status).toBe(403);
  });
});

// Planning (issue 13 §3-4): the region's digital twin runs in a worker on the region's plans; the
// run is a stream of progress lines and then the figures, the baseline beside the changed scenario.
describe('planning', () => {
  type Line = { type: 'progress'; stage: string; done: number } | { type: 'result'; run: PlanningRun } | { type: 'error'; error: { code: string } };
  const lines = async (res: Response): Promise<Line[]> => (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Line);
  const misses23 = (f: PlanningRun['baseline']) => f.levels.filter((l) => l.level === 2 || l.level === 3).reduce((a, l) => a + l.misses, 0);

  it('gives the region\'s scenario: its teams, facilities and the places a team may be based', async () => {
    const res = await analyst.get('/api/planning/scenario');
    expect(res.status).toBe(200);
    const s = (await res.json()) as PlanningScenario;
    expect(s.regionId).toBe('il-ems-6');
    expect(s.teams.length).toBeGreaterThan(0);
    expect(s.places.map((p) => p.id)).toContain('county.17019');
    expect(s.facilities.find((f) => f.kind === 'living_room')!.hours).toEqual({ opens: '10:00', closes: '22:00' });
  });

  it('runs the baseline and a team added beside it, with progress first; the added team misses less', async () => {
    const res = await supervisor.get('/api/planning/run?days=20&seed=2&add=always@county.17019');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const all = await lines(res);
    expect(all.length).toBeGreaterThan(2);
    expect(all.slice(0, -1).every((l) => l.type === 'progress')).toBe(true);
    expect(all.filter((l) => l.type === 'progress').map((l) => (l as { stage: string }).stage)).toEqual(expect.arrayContaining(['baseline', 'changed']));
    const last = all.at(-1)!;
    expect(last.type).toBe('result');
    const run = (last as { run: PlanningRun }).run;
    expect(run).toMatchObject({ regionId: 'il-ems-6', days: 20, seed: 2, changes: ['Add a crisis team around the clock based at Champaign County, centre'] });
    expect(run.changed!.contacts.total).toBe(run.baseline.contacts.total);
    expect(run.baseline.regions[0]!.utilisationByHour).toHaveLength(24);
    expect(misses23(run.baseline)).toBeGreaterThan(0);
    expect(misses23(run.changed!)).toBeLessThan(misses23(run.baseline));
    expect(run.changed!.regions[0]!.teams).toBe(run.baseline.regions[0]!.teams + 1);
  }, 60_000);

  it('downloads the figures as CSV, and refuses bad changes by field and rule before running', async () => {
    const csv = await analyst.get('/api/planning/run?days=2&format=csv&livingRoom=always');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="planning-il-ems-6-2d-seed1\.csv"/);
    const text = await csv.text();
    expect(text).toMatch(/^# baseline\nsection,id,name,level,metric,value\n/);
    expect(text).toContain('# with changes: Living Room open around the clock');
    const refusal = async (url: string) => {
      const res = await analyst.get(url);
      expect(res.status).toBe(400);
      return ((await res.json()) as Refusal).error.issues!.map((i) => [i.field, i.rule]);
    };
    expect(await refusal('/api/planning/run?add=day@county.17031')).toEqual([['add.0', 'known_place']]);
    expect(await refusal('/api/planning/run?move=nobody@county.17019')).toEqual([['move.0', 'known_team']]);
    expect((await refusal('/api/planning/run?days=366'))[0]![0]).toMatch(/days/);
    expect((await telecom.get('/api/planning/run?days=1')).status).toBe(403);
  }, 60_000);
});
