import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// Incident numbers and search (issue 15 §1-2, ADR 0033): one server for the file.
let t: TestServer;
let telecom: Session;
let dispatcher: Session;
interface Item { id: string; number?: string; personName?: string; callbackNumber?: string }
const list = async (s: Session, query: string) => {
  const res = await s.get(`/api/incidents?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Item[] }).items;
};

beforeAll(async () => {
  t = await startTestServer();
  telecom = await signIn(t.url, 'telecom');
  dispatcher = await signIn(t.url, 'dispatcher');
});
afterAll(() => t.close());

describe('incident numbers', () => {
  it('every call gets its own number of the region and year, even when created at once', async () => {
    const made = await Promise.all(Array.from({ length: 6 }, () => telecom.post('/api/incidents', buildIncidentInput())));
    const numbers = await Promise.all(made.map(async (r) => {
      expect(r.status).toBe(201);
      return ((await r.json()) as Item).number!;
    }));
    expect(numbers).toHaveLength(6);
    for (const n of numbers) expect(n).toMatch(/^\d{2}-\d{6}$/);
    expect(new Set(numbers).size).toBe(6);
    // Consecutive: the counter row serialises the creations.
    const seqs = numbers.map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
    expect(seqs.at(-1)! - seqs[0]!).toBe(5);
  });

  it('the number is kept through later changes and shown on reads', async () => {
    const created = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as Item & { version: number };
    const moved = await telecom.post(`/api/incidents/${created.id}/transitions`, { action: 'triage', level: 3, protocolVersion: 'il-irlm@2025.09', factors: ['wants_to_talk'], expectedVersion: created.version });
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as Item).number).toBe(created.number);
    expect(((await (await dispatcher.get(`/api/incidents/${created.id}`)).json()) as Item).number).toBe(created.number);
  });
});

describe('GET /api/incidents search and filters', () => {
  let mine: Item;
  beforeAll(async () => {
    const res = await telecom.post('/api/incidents', buildIncidentInput({
      // Another area code than the demo's (its calls take 217-555-01xx at random), so only this call matches.
      caller: { name: 'Rosa Quintero', callbackNumber: '(312) 555-0199' },
      person: { name: 'Mateo Quintero', age: 31 },
      location: { address: '1207 W Clark St, Urbana, IL' },
    }));
    mine = (await res.json()) as Item;
  });

  it('finds a call by its number, typed with or without zeros', async () => {
    const [yy, seq] = mine.number!.split('-');
    expect((await list(dispatcher, `q=${mine.number}`)).map((i) => i.id)).toEqual([mine.id]);
    expect((await list(dispatcher, `q=${yy}-${Number(seq)}`)).map((i) => i.id)).toEqual([mine.id]);
  });

  it('finds a call by the caller’s phone however it is written', async () => {
    for (const typed of ['3125550199', '+1 312 555 0199', '312-555-0199']) {
      expect((await list(dispatcher, `q=${encodeURIComponent(typed)}`)).map((i) => i.id)).toEqual([mine.id]);
    }
  });

  it('finds a call by a word of the address and by a name, and audits a name search as a search', async () => {
    expect((await list(dispatcher, 'q=clark%20st')).map((i) => i.id)).toContain(mine.id);
    const byName = await list(dispatcher, 'q=quintero');
    expect(byName.map((i) => i.id)).toEqual([mine.id]);
    const rows = await t.server.services.store.read.audit.search({ action: 'incident.search', limit: 100 });
    const row = rows.find((r) => r.actorId === dispatcher.userId && (r.detail as { search?: { matchedBy: string[] } }).search?.matchedBy.includes('name'));
    expect(row?.detail).toMatchObject({ ids: [mine.id] });
  });

  it('a reader who may not read names does not find a call by a name (no oracle), but by its address', async () => {
    const officer = await signIn(t.url, 'officer');
    const all = await list(officer, 'limit=200');
    // The officer's reach holds calls at all: else the refusal below would prove nothing.
    expect(all.map((i) => i.id)).toContain(mine.id);
    expect(all.find((i) => i.id === mine.id)?.personName).toBeUndefined();
    expect(await list(officer, 'q=quintero')).toEqual([]);
    expect((await list(officer, 'q=clark%20st')).map((i) => i.id)).toContain(mine.id);
  });

  it('filters by status, level, time received and unit', async () => {
    const received = await list(dispatcher, 'status=received&limit=200');
    expect(received.map((i) => i.id)).toContain(mine.id);
    expect((await list(dispatcher, 'status=closed&limit=200')).map((i) => i.id)).not.toContain(mine.id);
    expect((await list(dispatcher, 'level=1,2&limit=200')).map((i) => i.id)).not.toContain(mine.id);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await list(dispatcher, `from=${encodeURIComponent(future)}`)).toEqual([]);
    expect((await list(dispatcher, `to=${encodeURIComponent(future)}&q=quintero`)).map((i) => i.id)).toEqual([mine.id]);
    expect(await list(dispatcher, 'unit=champaign-mcrt-3')).toEqual([]);
  });

  it('400 naming the field for a bad level, date or unit', async () => {
    for (const [q, field] of [['level=9', 'level'], ['from=yesterday', 'from'], ['unit=Bad%20Unit', 'unit'], ['q=x', 'q']] as const) {
      const res = await dispatcher.get(`/api/incidents?${q}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(field);
    }
  });
});
