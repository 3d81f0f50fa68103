import { readFile } from 'node:fs/promises';
import { parseProtocolCases } from '@continuum/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

/**
 * Issue 12's table of call scenarios (protocols/il-irlm/cases.issue12-scenarios.yaml), run through the
 * API as a call-taker would: each answer posted, 988's report recorded where the scenario has one,
 * and the determination read back. The demo server's calls are in the demo region, so the
 * scenarios of that region run here; the others run through `continuum protocol test`.
 */
let t: TestServer;
let telecom: Session;

beforeAll(async () => {
  t = await startTestServer();
  telecom = await signIn(t.url, 'telecom');
}, 120_000);
afterAll(() => t.close());

type View = {
  status: string; level: number; emergent: boolean; provisional: boolean;
  decidingFactors: { id: string }[]; factorsChosen: { id: string }[];
  recommendedPlan: { responseType: string; policeRecommended: boolean; justifications: { code: string }[]; maxResponseMinutes: Record<string, number> | null };
};

const file = await readFile(new URL('../../../protocols/il-irlm/cases.issue12-scenarios.yaml', import.meta.url), 'utf8');
const parsed = parseProtocolCases(file, 'cases.issue12-scenarios.yaml');
if (!parsed.ok) throw new Error(`the scenario table does not parse: ${JSON.stringify(parsed.problems)}`);
const demo = parsed.value.cases.filter((c) => c.regionId === 'il-ems-6');
const sorted = (xs: readonly string[]) => [...xs].sort();

describe('issue 12 scenarios through the API', () => {
  it('the table has at least 40 scenarios, most of them in the demo region', () => {
    expect(parsed.value.cases.length).toBeGreaterThanOrEqual(40);
    expect(demo.length).toBeGreaterThan(25);
  });

  it.each(demo.map((c) => [c.name, c] as const))('%s', async (_name, scenario) => {
    const created = await telecom.post('/api/incidents', buildIncidentInput());
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    if (scenario.crisisTeamUnavailable) {
      const reported = await telecom.post(`/api/incidents/${id}/transitions`, { action: 'report_crisis_team_unavailable', reportedBy: '988 desk', reportRef: scenario.crisisTeamUnavailable });
      expect(reported.status).toBe(200);
    }
    let view: View | null = null;
    for (const [questionId, key] of scenario.answers) {
      const keys = key.split('+');
      const res = await telecom.post(`/api/incidents/${id}/triage/answers`, keys.length > 1 ? { questionId, answerKeys: keys } : { questionId, answerKey: key });
      expect(res.status, `${questionId}=${key}: ${await res.clone().text()}`).toBe(200);
      view = (await res.json()) as View;
    }
    const e = scenario.expect;
    expect(view).toMatchObject({ status: 'determined', level: e.level, recommendedPlan: { responseType: e.responseType } });
    if (e.emergent !== undefined) expect(view!.emergent).toBe(e.emergent);
    if (e.policeRecommended !== undefined) expect(view!.recommendedPlan.policeRecommended).toBe(e.policeRecommended);
    if (e.provisional !== undefined) expect(view!.provisional).toBe(e.provisional);
    if (e.maxResponseMinutes !== undefined) expect(view!.recommendedPlan.maxResponseMinutes?.['default'] ?? null).toBe(e.maxResponseMinutes);
    if (e.decidingFactors) expect(sorted(view!.decidingFactors.map((f) => f.id))).toEqual(sorted(e.decidingFactors));
    if (e.factorsChosen) expect(sorted(view!.factorsChosen.map((f) => f.id))).toEqual(sorted(e.factorsChosen));
    if (e.justifications) expect(sorted(view!.recommendedPlan.justifications.map((j) => j.code))).toEqual(sorted(e.justifications));
    // The determination is recorded on the incident as the interview showed it.
    const incident = (await (await telecom.get(`/api/incidents/${id}`)).json()) as { riskLevel: number; recommendedResponse: string };
    expect(incident).toMatchObject({ riskLevel: e.level, recommendedResponse: e.responseType });
  });
});
