import type { AuditEntry } from '@continuum/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../test/csv.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

let t: TestServer;
let auditor: Session;
let telecom: Session;
let supervisor: Session;

interface Row {
  id: number;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  actorName: string | null;
  action: string;
  outcome: string;
  resourceType: string | null;
  resourceId: string | null;
  fieldClasses: string[];
  purpose: string | null;
  address: string | null;
  detail: Record<string, unknown>;
  [key: string]: unknown;
}
interface Page { items: Row[]; nextBeforeId: number | null }

beforeAll(async () => {
  t = await startTestServer();
  [auditor, telecom, supervisor] = await Promise.all([signIn(t.url, 'auditor'), signIn(t.url, 'telecom'), signIn(t.url, 'supervisor')]);
});
afterAll(() => t.close());

const search = async (query: Record<string, string | number>, as: Session = auditor): Promise<Page> => {
  const res = await as.get(`/api/audit?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Page;
};
const create = async () => ((await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string }).id;
const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  at: new Date(), actorId: null, role: null, agencyId: null, action: 'test.entry', outcome: 'allowed', resourceType: null,
  resourceId: null, fieldClasses: [], purpose: null, address: null, detail: {}, ...overrides,
});

/** A search row as the CSV writes it. */
const asCsv = (r: Row, columns: string[]) =>
  columns.map((c) => (c === 'fieldClasses' ? r.fieldClasses.join(';') : c === 'detail' ? JSON.stringify(r.detail) : r[c] === null ? '' : String(r[c])));

describe('searching the audit trail', () => {
  it('filters by action, outcome, record, person and time', async () => {
    const before = new Date().toISOString();
    const id = await create();
    await telecom.get(`/api/incidents/${id}`);
    const denied = await telecom.get('/api/audit');
    expect(denied.status).toBe(403);

    const sessions = await search({ action: 'session.create' });
    expect(sessions.items.length).toBeGreaterThan(0);
    expect(sessions.items.every((r) => r.action === 'session.create')).toBe(true);

    const record = await search({ resourceId: id });
    expect(record.items.map((r) => r.action).sort()).toEqual(['incident.create', 'incident.read']);
    expect(record.items[0]).toMatchObject({ actorId: telecom.userId, actorUsername: 'telecom', actorName: 'Jordan Whitfield', role: 'telecommunicator', agencyId: 'champaign-911', resourceType: 'incident' });
    expect(record.items.find((r) => r.action === 'incident.read')).toMatchObject({ purpose: 'crisis_response', fieldClasses: expect.arrayContaining(['clinical']) });
    expect(Date.parse(record.items[0]!.at)).not.toBeNaN();
    expect(record.items[0]!.address).toBeTruthy();

    const refused = await search({ outcome: 'denied', actorUsername: 'telecom', action: 'audit.search' });
    expect(refused.items.length).toBe(1);
    expect(refused.items[0]).toMatchObject({ outcome: 'denied', actorId: telecom.userId });
    expect((await search({ actorId: telecom.userId, resourceId: id })).items).toHaveLength(2);
    // An unknown username matches nothing: no error that would confirm which accounts exist.
    expect((await search({ actorUsername: 'nobody-here' })).items).toEqual([]);

    const since = await search({ from: before, resourceType: 'incident', limit: 500 });
    expect(since.items.length).toBeGreaterThan(0);
    expect(since.items.every((r) => r.at >= before)).toBe(true);
    expect(since.items.map((r) => r.resourceId)).toContain(id);
    expect((await search({ to: before, resourceId: id })).items).toEqual([]);
  });

  it('refuses bad filters naming the field', async () => {
    for (const q of ['limit=501', 'limit=0', 'outcome=maybe', 'from=yesterday', 'beforeId=-1', 'colour=red',
      `from=${encodeURIComponent('2025-02-01T00:00:00Z')}&to=${encodeURIComponent('2025-01-01T00:00:00Z')}`]) {
      const res = await auditor.get(`/api/audit?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    }
  });

  it('pages with a cursor: every row once, newest first', async () => {
    const id = await create();
    for (let i = 0; i < 6; i++) await telecom.get(`/api/incidents/${id}`);
    const seen: number[] = [];
    let beforeId: number | null = null;
    let pages = 0;
    do {
      const page: Page = await search({ resourceId: id, action: 'incident.read', limit: 4, ...(beforeId ? { beforeId } : {}) });
      seen.push(...page.items.map((r) => r.id));
      beforeId = page.nextBeforeId;
      pages++;
    } while (beforeId !== null);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(6);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    expect(new Set(seen).size).toBe(6);
  });

  it('reading the trail is audited, with the filters', async () => {
    await search({ action: 'incident.create', outcome: 'allowed' });
    // Each search's own row is written after it reads: the newest one found is the search above.
    const previous = (await search({ action: 'audit.search', actorUsername: 'auditor', limit: 1 })).items[0]!;
    expect(previous).toMatchObject({ outcome: 'allowed', role: 'auditor', resourceType: 'audit', detail: { filters: { action: 'incident.create', outcome: 'allowed' } } });
    expect(typeof previous.detail.count).toBe('number');
  });
});

describe('exporting the audit trail', () => {
  it('CSV: a header row, RFC 4180 quoting, and the same rows as the search', async () => {
    const id = await create();
    const reason = 'Caller said "it is urgent", so the team needs the history';
    expect((await supervisor.post(`/api/incidents/${id}/break-glass`, { reason })).status).toBe(200);
    await t.server.services.store.read.audit.write(entry({ action: 'test.csv', resourceType: 'odd, "quoted" type', resourceId: id, address: '10.0.0.1', detail: { note: 'two\r\nlines, "quoted"' } }));

    const res = await auditor.get(`/api/audit/export?format=csv&resourceId=${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="continuum-audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    const text = await res.text();
    expect(text).toContain('"odd, ""quoted"" type"');
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['id', 'at', 'actorId', 'actorUsername', 'actorName', 'role', 'agencyId', 'action', 'outcome', 'resourceType', 'resourceId', 'fieldClasses', 'purpose', 'address', 'detail']);
    const expected = (await search({ resourceId: id, limit: 500 })).items;
    expect(expected.map((r) => r.action).sort()).toEqual(['incident.break_glass', 'incident.create', 'test.csv']);
    expect(rows).toEqual(expected.map((r) => asCsv(r, header!)));
    const glass = rows.find((r) => r[7] === 'incident.break_glass')!;
    expect(JSON.parse(glass[14]!)).toMatchObject({ reason });
  });

  it('CSV neutralises cells a spreadsheet would run as formulas; NDJSON keeps them exact', async () => {
    const attack = '=HYPERLINK("http://evil.example","x")';
    await t.server.services.store.read.audit.write(entry({ action: 'test.formula', resourceId: 'formula-1', detail: {}, purpose: attack }));
    const csv = await (await auditor.get('/api/audit/export?format=csv&resourceId=formula-1')).text();
    const [, row] = parseCsv(csv);
    expect(row![12]).toBe(`'${attack}`);
    const ndjson = await (await auditor.get('/api/audit/export?format=ndjson&resourceId=formula-1')).text();
    expect((JSON.parse(ndjson.trim()) as { purpose: string }).purpose).toBe(attack);
  });

  it('NDJSON: one JSON row a line, the same as the search', async () => {
    const id = await create();
    await telecom.get(`/api/incidents/${id}`);
    const res = await auditor.get(`/api/audit/export?format=ndjson&resourceId=${id}`);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).toMatch(/filename="continuum-audit-\d{4}-\d{2}-\d{2}\.ndjson"/);
    const lines = (await res.text()).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual((await search({ resourceId: id })).items);
  });

  it('streams every matching row, past the search page cap, without duplicates', async () => {
    const at = new Date();
    await t.server.services.store.read.audit.write(Array.from({ length: 1234 }, (_, i) => entry({ action: 'test.bulk', at, resourceId: `r${i}` })));
    const res = await auditor.get('/api/audit/export?format=ndjson&action=test.bulk');
    const ids = (await res.text()).trim().split('\n').map((l) => (JSON.parse(l) as Row).id);
    expect(ids).toHaveLength(1234);
    expect(new Set(ids).size).toBe(1234);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    // No match: a CSV is still a header row, never an error.
    const none = await auditor.get('/api/audit/export?action=no.such.action');
    expect(parseCsv(await none.text())).toHaveLength(1);
  });

  it('the export is audited with its filters, and is not in its own file', async () => {
    const res = await auditor.get('/api/audit/export?format=ndjson&action=audit.export');
    const exported = (await res.text()).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
    const rows = (await search({ action: 'audit.export', actorUsername: 'auditor', limit: 500 })).items;
    expect(rows[0]).toMatchObject({ outcome: 'allowed', role: 'auditor', resourceType: 'audit', detail: { format: 'ndjson', filters: { action: 'audit.export' } } });
    expect(exported.map((r) => r.id)).not.toContain(rows[0]!.id);
    expect(rows.some((r) => r.detail.format === 'csv' && (r.detail.filters as Record<string, string>).resourceId)).toBe(true);
  });
});

describe('who may read it', () => {
  it('everyone else gets 403, and each refusal is audited', async () => {
    const admin = await signIn(t.url, 'admin');
    for (const s of [telecom, supervisor, admin]) {
      expect((await s.get('/api/audit')).status).toBe(403);
      const exp = await s.get('/api/audit/export?format=csv');
      expect(exp.status).toBe(403);
      expect(exp.headers.get('content-disposition')).toBeNull();
    }
    const refusals = await search({ outcome: 'denied', action: 'audit.export', actorUsername: 'admin' });
    expect(refusals.items).toHaveLength(1);
    expect((await fetch(`${t.url}/api/audit`)).status).toBe(401);
    const privacy = await signIn(t.url, 'privacy');
    expect((await privacy.get('/api/audit?limit=1')).status).toBe(200);
  });

  it('the trail stays append-only: no API to change it, and the database refuses', async () => {
    const { db } = t.server.services.store.database;
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
    const del = await fetch(`${t.url}/api/audit`, { method: 'DELETE', headers: { cookie: auditor.cookie, 'x-csrf-token': auditor.csrf } });
    expect(del.status).toBe(404);
  });
});

describe('privacy alerts', () => {
  it('name the supervisor who broke the glass', async () => {
    const id = await create();
    await supervisor.post(`/api/incidents/${id}/break-glass`, { reason: 'Team on scene asked for the history of this call' });
    const privacy = await signIn(t.url, 'privacy');
    const list = (await (await privacy.get('/api/privacy/alerts')).json()) as { items: { resourceId: string; actorName: string }[] };
    expect(list.items[0]).toMatchObject({ resourceId: id, actorName: 'Gwen Okafor' });
  });
});
