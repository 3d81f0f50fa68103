import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// A clock the test sets: calls are received in chosen months, then the months end.
let setAt = Date.now();
let base = Date.parse('2026-01-15T18:00:00Z');
const clock = () => new Date(base + (Date.now() - setAt));
const travelTo = (iso: string) => {
  base = Date.parse(iso);
  setAt = Date.now();
};

let t: TestServer;
let telecom: Session;
let analyst: Session;

type Report = { month: string; timeZone: string; from: string; to: string; triaged: number | null; overridden: number | null; rows: { reasonCode: string; from: string; to: string; count: number | null; suppressed: boolean }[] };
type Refusal = { error: { code: string; issues: { field: string; rule: string }[] } };

const LEVEL_2 = [['immediate_danger', 'none'], ['suicidal_thoughts', 'thoughts_no_plan'], ['threats', 'no'], ['psychosis', 'no'], ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither'], ['need', 'talk']];

async function triagedCall(override?: { to: string; reasonCode: string }): Promise<void> {
  const res = await telecom.post('/api/incidents', buildIncidentInput());
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  // The guided interview to level 2: its recommendation (an MCRT) is what an override departs from.
  for (const [questionId, answerKey] of LEVEL_2) {
    const res2 = await telecom.post(`/api/incidents/${id}/triage/answers`, { questionId, answerKey });
    expect(res2.status, await res2.clone().text()).toBe(200);
  }
  if (override) {
    const res2 = await telecom.post(`/api/incidents/${id}/transitions`, { action: 'override_response', ...override });
    expect(res2.status, await res2.clone().text()).toBe(200);
  }
}

const DECLINES = { to: 'phone_988', reasonCode: 'caller_declines_recommended_response' };
const SUPERVISOR = { to: 'ems', reasonCode: 'supervisor_direction' };

beforeAll(async () => {
  // The demo's own calls are received in January, out of the way of the months below.
  t = await startTestServer({ clock });
  // 23:30 on 28 February in Champaign (05:30 UTC on 1 March): February's calls, not March's.
  travelTo('2026-03-01T05:30:00Z');
  telecom = await signIn(t.url, 'telecom');
  for (let i = 0; i < 11; i++) await triagedCall();
  // March: 11 calls the caller declined to a 988 line, one a supervisor sent to EMS, three as recommended.
  travelTo('2026-03-20T15:00:00Z');
  telecom = await signIn(t.url, 'telecom');
  for (let i = 0; i < 11; i++) await triagedCall(DECLINES);
  await triagedCall(SUPERVISOR);
  for (let i = 0; i < 3; i++) await triagedCall();
  // 01:00 on 1 April in Champaign: March has ended.
  travelTo('2026-04-01T06:00:00Z');
  telecom = await signIn(t.url, 'telecom');
  analyst = await signIn(t.url, 'analyst');
});
afterAll(() => t.close());

const report = async (s: Session, query: string) => s.get(`/api/reports/overrides?${query}`);

describe('the override report covers whole months only', () => {
  it('answers for a calendar month of Central time that has ended', async () => {
    const res = await report(analyst, 'month=2026-03');
    expect(res.status).toBe(200);
    const march = (await res.json()) as Report;
    expect(march).toMatchObject({ month: '2026-03', timeZone: 'America/Chicago', from: '2026-03-01T06:00:00.000Z', to: '2026-04-01T05:00:00.000Z', triaged: 15 });
    expect(march.rows.find((r) => r.reasonCode === DECLINES.reasonCode)).toEqual({ ...DECLINES, from: 'mcrt', count: 11, suppressed: false });
    expect(march.rows.find((r) => r.reasonCode === SUPERVISOR.reasonCode)).toMatchObject({ count: null, suppressed: true });
    // The calls received late on 28 February local time (already 1 March in UTC) are February's.
    expect(JSON.stringify(march)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const february = (await (await report(analyst, 'month=2026-02')).json()) as Report;
    expect(february).toMatchObject({ triaged: 11, overridden: 0, rows: [] });
  });

  it.each([
    ['from=2026-03-20T15:00:00Z&to=2026-03-20T15:00:01Z', 'querystring.from', 'unknown_field'],
    ['month=2026-03&to=2026-03-20T15:00:01Z', 'querystring.to', 'unknown_field'],
    ['', 'querystring.month', 'required'],
    ['month=2026-03-20', 'querystring.month', 'format'],
    ['month=2026-3', 'querystring.month', 'format'],
    ['month=2026-13', 'querystring.month', 'format'],
    ['month=2026-04', 'querystring.month', 'ended'],
    ['month=2027-01', 'querystring.month', 'ended'],
  ])('refuses %j with 400 naming %s', async (query, field, rule) => {
    const res = await report(analyst, query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Refusal;
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it('a differencing attack finds no single call: no narrower window, and nothing a total and the other cells give away', async () => {
    // Narrowing the window around the supervisor's call is not possible (above); March as a whole:
    const march = (await (await report(analyst, 'month=2026-03')).json()) as Report;
    const shown = march.rows.filter((r) => r.count !== null);
    expect(shown.length).toBeGreaterThan(0);
    // overridden − the cells shown would give the one hidden cell; triaged − overridden the 3 calls
    // taken as recommended. Both are closed: the subtotal is suppressed with them.
    expect(march.overridden).toBeNull();
    expect(march.rows.filter((r) => r.suppressed).map((r) => r.reasonCode)).toEqual([SUPERVISOR.reasonCode]);
    // Asking again after more calls (in April) learns nothing new about March.
    await triagedCall(SUPERVISOR);
    expect((await (await report(analyst, 'month=2026-03')).json()) as Report).toEqual(march);
  });

  it('supervisors read it too; others are refused; each reading is audited with its month', async () => {
    const supervisor = await signIn(t.url, 'supervisor');
    expect((await report(supervisor, 'month=2026-03')).status).toBe(200);
    expect((await report(telecom, 'month=2026-03')).status).toBe(403);
    const rows = await t.server.services.store.read.audit.search({ action: 'report.overrides', outcome: 'allowed', limit: 100 });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => (r.detail as { month?: string }).month === '2026-03' || (r.detail as { month?: string }).month === '2026-02')).toBe(true);
  });
});
