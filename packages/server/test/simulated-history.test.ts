import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, type ScenarioFile } from '@continuum/sim';
import { HistoryRefused, mondayBefore, writeHistory } from '@continuum/sim/history/write';
import { signIn, startTestServer, type TestServer } from './harness.ts';

// Issue 13 §5: a simulated period written as real incidents, every record flagged simulated.
const parsed = parseScenario(readFileSync(new URL('../../sim/scenarios/demo-region.yaml', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error('the demo scenario does not parse');
const scenario: ScenarioFile = parsed.scenario;

let t: TestServer;
const END = new Date('2026-03-02T12:00:00Z');

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(t.server.services.store.database.db)).rows[0]!.n);

describe('the history writer', () => {
  it('refuses a database holding real calls without --yes, and writes nothing', async () => {
    // The demo seed took six real calls.
    const before = await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents`);
    expect(before).toBeGreaterThan(0);
    await expect(writeHistory(t.server.services.store, scenario, { days: 7, endAt: END })).rejects.toBeInstanceOf(HistoryRefused);
    await expect(writeHistory(t.server.services.store, scenario, { days: 7, endAt: END })).rejects.toThrow(/real call\(s\).*--yes/);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents`)).toBe(before);
  });

  it('refuses a region the database does not have, naming it', async () => {
    const other = { ...scenario, regions: [{ ...scenario.regions[0]!, id: 'il-ems-99' }], teams: [], facilities: [] };
    await expect(writeHistory(t.server.services.store, other, { days: 7, endAt: END, besideRealCalls: true })).rejects.toThrow(/region "il-ems-99" is not in the database/);
  });

  it('writes 30 days of calls decided by the domain, every incident, event, episode and audit row flagged simulated', async () => {
    const real = await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents WHERE NOT simulated`);
    const realAudit = await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE NOT simulated`);
    const result = await writeHistory(t.server.services.store, scenario, { days: 30, endAt: END, besideRealCalls: true });
    expect(result.incidents).toBeGreaterThan(100);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents WHERE simulated`)).toBe(result.incidents);
    // Nothing real was added, and every row the writer wrote is marked.
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents WHERE NOT simulated`)).toBe(real);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE NOT simulated`)).toBe(realAudit);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.simulated AND NOT e.simulated`)).toBe(0);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM incident_events WHERE simulated`)).toBeGreaterThan(result.incidents * 5);
    expect(result.episodes).toBeGreaterThan(0);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM followup_episodes WHERE simulated`)).toBe(result.episodes);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM followup_events f JOIN followup_episodes e ON e.id = f.episode_id WHERE e.simulated AND NOT f.simulated`)).toBe(0);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE simulated`)).toBe(result.auditRows);
    // Closed calls in the period only: the live board never shows a simulated call.
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents WHERE simulated AND status NOT IN ('closed', 'cancelled')`)).toBe(0);
    const outside = await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents WHERE simulated AND (received_at < ${result.from} OR closed_at > ${END})`);
    expect(outside).toBe(0);
    // Calls triaged through the interview, teams sent and cleared, the CESSA §30 fallback noted.
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM incident_events WHERE simulated AND type = 'incident.triage_answered'`)).toBeGreaterThan(result.incidents);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents WHERE simulated AND disposition = 'stabilised_on_site' AND jsonb_array_length(response->'assignments') = 1`)).toBeGreaterThan(0);
    // Each gets its region-year number.
    expect(await count(sql<{ n: number }>`SELECT count(DISTINCT number)::int AS n FROM incidents WHERE simulated`)).toBe(result.incidents);
  });

  it('shows each simulated call as simulated in the API, and a real one as not', async () => {
    const supervisor = await signIn(t.url, 'supervisor');
    const res = await supervisor.get('/api/incidents?limit=200');
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { id: string; simulated: boolean; summary?: string }[] };
    const simulated = items.filter((i) => i.simulated);
    expect(simulated.length).toBeGreaterThan(0);
    expect(items.filter((i) => !i.simulated).length).toBeGreaterThan(0);
    const one = await supervisor.get(`/api/incidents/${simulated[0]!.id}`);
    expect(one.status).toBe(200);
    expect(((await one.json()) as { simulated: boolean }).simulated).toBe(true);
  });

  it("starts the run on the Monday 00:00 in Champaign before the period", () => {
    // Monday 2 March 2026 at 06:00 UTC is midnight in Chicago (CST); 12:00 UTC that day is after it.
    expect(mondayBefore(new Date('2026-03-02T12:00:00Z')).toISOString()).toBe('2026-03-02T06:00:00.000Z');
    expect(mondayBefore(new Date('2026-03-02T05:00:00Z')).toISOString()).toBe('2026-02-23T06:00:00.000Z');
  });
});

describe('reports', () => {
  it('leave simulated calls out unless asked, and count them when asked', async () => {
    const analyst = await signIn(t.url, 'analyst');
    const month = async (q: string) => {
      const res = await analyst.get(`/api/reports/overrides?month=2026-02${q}`);
      expect(res.status).toBe(200);
      return (await res.json()) as { simulated: string; triaged: number | null };
    };
    const simulatedInFebruary = await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents WHERE simulated AND risk_level IS NOT NULL AND received_at >= '2026-02-01T06:00:00Z' AND received_at < '2026-03-01T06:00:00Z'`);
    expect(simulatedInFebruary).toBeGreaterThan(10);
    const plain = await month('');
    expect(plain.simulated).toBe('exclude');
    // No real call in February: nothing counted (0 is shown; the demo's real calls are today's).
    expect(plain.triaged).toBe(0);
    const withThem = await month('&simulated=include');
    expect(withThem.triaged).toBe(simulatedInFebruary);
    expect((await month('&simulated=only')).triaged).toBe(simulatedInFebruary);
    const bad = await analyst.get('/api/reports/overrides?month=2026-02&simulated=yes');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toContain('simulated');
  });

  it("reach the RAC report's facts in the writer's transaction: counted when asked, never otherwise", async () => {
    const analyst = await signIn(t.url, 'analyst');
    const rac = async (q: string) => {
      const res = await analyst.get(`/api/reports/rac?region=il-ems-6&month=2026-02${q}`);
      expect(res.status).toBe(200);
      return (await res.json()) as { calls: number | null; simulated: string; includeSimulated: boolean };
    };
    const inFebruary = await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents WHERE simulated AND received_at >= '2026-02-01T06:00:00Z' AND received_at < '2026-03-01T06:00:00Z'`);
    expect(inFebruary).toBeGreaterThan(10);
    expect((await rac('')).calls).toBe(0);
    // One name for the switch across reports: simulated=exclude|include|only, as on the overrides report.
    expect((await rac('&simulated=exclude')).calls).toBe(0);
    expect((await rac('&simulated=include')).calls).toBe(inFebruary);
    expect((await rac('&simulated=only')).calls).toBe(inFebruary);
    expect((await rac('&simulated=include')).simulated).toBe('include');
    // The old spelling is a deprecated alias: includeSimulated=true is simulated=include.
    const old = await rac('&includeSimulated=true');
    expect(old.calls).toBe(inFebruary);
    expect(old).toMatchObject({ simulated: 'include', includeSimulated: true });
    expect((await rac('&includeSimulated=false')).calls).toBe(0);
    const clash = await analyst.get('/api/reports/rac?region=il-ems-6&month=2026-02&simulated=exclude&includeSimulated=true');
    expect(clash.status).toBe(400);
    expect(JSON.stringify(await clash.json())).toContain('includeSimulated');
    expect((await analyst.get('/api/reports/rac?region=il-ems-6&month=2026-02&simulated=yes')).status).toBe(400);
  });
});
