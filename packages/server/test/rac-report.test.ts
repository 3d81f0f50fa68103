import ExcelJS from 'exceljs';
import { applyIncidentEvent, incidentFacts, racTables, type IncidentEvent, type IncidentState, type ReportRow } from '@continuum/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

type Table = { id: string; dimensions: string[]; measures: string[]; rows: { keys: string[]; values: (number | null)[] }[] };
type Report = { regionId: string; month: string; scope: string; suppressed: boolean; calls: number | null; tables: Table[]; missing: string[] };
type Refusal = { error: { code: string; message: string; issues?: { field: string; rule: string }[] } };

const post = async (s: Session, url: string, body: unknown) => {
  const res = await s.post(url, body);
  expect(res.status, `${url}: ${await res.clone().text()}`).toBeLessThan(300);
  return (await res.json()) as { id: string };
};

/** A level 2 call from 911 (MPDS 25-A-1: the plan sends a mobile crisis team), queued. */
async function queued(): Promise<string> {
  const { id } = await post(telecom, '/api/incidents', buildIncidentInput());
  await post(telecom, `/api/incidents/${id}/transitions`, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' });
  await post(telecom, `/api/incidents/${id}/transitions`, { action: 'queue_for_dispatch' });
  return id;
}

/** The mobile crisis team goes, arrives after the clock moves on `minutes`, and stabilises on site. */
async function answered(unit: string, minutes: number): Promise<void> {
  const id = await queued();
  await post(dispatcher, `/api/incidents/${id}/assignments`, { units: [unit] });
  await post(clinician, `/api/incidents/${id}/assignments/${unit}`, { action: 'en_route' });
  travelTo(new Date(clock().getTime() + minutes * 60_000).toISOString());
  await post(clinician, `/api/incidents/${id}/assignments/${unit}`, { action: 'on_scene' });
  await post(clinician, `/api/incidents/${id}/transitions`, { action: 'close', disposition: 'stabilised_on_site' });
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
  // plan's maximum), and 3 left queued. All received by the 911 centre.
  for (let i = 0; i < 12; i++) await answered('champaign-mcrt-1', i < 6 ? 20 : 90);
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
    expect(r.missing.some((m) => m.startsWith('disability'))).toBe(true);
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
    const events = await sql<{ incident_id: string; sequence: number; type: string; occurred_at: Date; data: unknown; district_id: string | null }>`
      SELECT e.incident_id, e.sequence, e.type, e.occurred_at, e.data, i.district_id FROM incident_events e JOIN incidents i ON i.id = e.incident_id
      WHERE i.region_id = 'il-ems-6' ORDER BY e.incident_id, e.sequence`.execute(db);
    const states = new Map<string, { state: IncidentState | null; districtId: string | null }>();
    for (const e of events.rows) {
      const s = states.get(e.incident_id) ?? { state: null, districtId: e.district_id };
      s.state = applyIncidentEvent(s.state, { type: e.type, data: e.data } as IncidentEvent, { incidentId: e.incident_id, sequence: e.sequence, occurredAt: new Date(e.occurred_at) });
      states.set(e.incident_id, s);
    }
    const rows: ReportRow[] = [...states.values()]
      .filter((s) => s.state!.receivedAt >= from && s.state!.receivedAt < to)
      .map(({ state, districtId }) => {
        const f = incidentFacts(state!);
        return { ...f, channel: 'contact', facilityKind: null, districtId, followup: null, person: null, daysSincePrevious: null };
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
