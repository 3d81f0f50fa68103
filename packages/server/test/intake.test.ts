import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

let t: TestServer;
let telecom: Session;
let counsellor: Session;

beforeAll(async () => {
  t = await startTestServer();
  telecom = await signIn(t.url, 'telecom');
  counsellor = await signIn(t.url, 'counsellor');
});
afterAll(() => t.close());

type View = { status: string; level: number; incidentStatus: string; nextQuestion: { id: string } | null; recommendedPlan: { responseType: string; maxResponseMinutes: Record<string, number> | null; policeRecommended: boolean }; decidingFactors: { id: string }[]; allowedActions: string[]; guidance: unknown[]; emergent: boolean; protocolVersion: string };

const LEVEL_2 = [['immediate_danger', 'none'], ['suicidal_thoughts', 'thoughts_no_plan'], ['threats', 'no'], ['psychosis', 'no'], ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither'], ['need', 'talk']];
// Level 3: a recent threat without a weapon (a threat factor, no crime factor).
const THREAT = [['immediate_danger', 'none'], ['suicidal_thoughts', 'no'], ['threats', 'yes_no_weapon'], ['psychosis', 'no'], ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither']];
const LEVEL_1 = [['immediate_danger', 'none'], ['suicidal_thoughts', 'no'], ['threats', 'no'], ['psychosis', 'no'], ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither'], ['need', 'talk']];

async function newCall(s: Session, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await s.post('/api/incidents', buildIncidentInput(overrides));
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function interview(s: Session, id: string, answers: string[][]): Promise<View> {
  let view: View | null = null;
  for (const [questionId, answerKey] of answers) {
    const res = await s.post(`/api/incidents/${id}/triage/answers`, { questionId, answerKey });
    expect(res.status, `${questionId}=${answerKey}: ${await res.clone().text()}`).toBe(200);
    view = (await res.json()) as View;
  }
  return view!;
}

/** The receiving centre's inbox holds one open offer of the call, of this kind. */
async function expectInInbox(receiver: Session, incidentId: string, kind: string): Promise<{ note: string | null }> {
  const res = await receiver.get(`/api/handoffs?box=inbox&incidentId=${incidentId}`);
  expect(res.status).toBe(200);
  const items = ((await res.json()) as { items: { incidentId: string; kind: string; state: string; note: string | null }[] }).items;
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ incidentId, kind, state: 'offered' });
  return items[0]!;
}

const act = (s: Session, id: string, body: Record<string, unknown>) => s.post(`/api/incidents/${id}/transitions`, body);
const events = async (id: string) => (await t.server.services.store.read.incidents.events(id)).map((e) => e.type);

describe('the guided interview', () => {
  it('starts at the first question under the region\'s pinned protocol', async () => {
    const id = await newCall(telecom);
    const view = (await (await telecom.get(`/api/incidents/${id}/triage`)).json()) as View;
    expect(view).toMatchObject({ status: 'in_progress', protocolVersion: 'il-irlm@2025.12.0', nextQuestion: { id: 'immediate_danger' } });
  });

  it('records each answer as an event and the determination with its factors, plan and protocol version', async () => {
    const id = await newCall(telecom);
    const view = await interview(telecom, id, LEVEL_2);
    expect(view).toMatchObject({ status: 'determined', level: 2, incidentStatus: 'triaged', nextQuestion: null });
    expect(view.recommendedPlan).toMatchObject({ responseType: 'mcrt', policeRecommended: false, maxResponseMinutes: { default: 60 } });
    expect(await events(id)).toEqual(['incident.received', ...LEVEL_2.map(() => 'incident.triage_answered'), 'incident.triaged']);
    const incident = (await (await telecom.get(`/api/incidents/${id}`)).json()) as { riskLevel: number; protocolVersion: string; decidingFactors: string[]; recommendedResponse: string };
    expect(incident).toMatchObject({ riskLevel: 2, protocolVersion: 'il-irlm@2025.12.0', recommendedResponse: 'mcrt' });
    expect(incident.decidingFactors.length).toBeGreaterThan(0);
    // Dispatch-ready:
    expect(view.allowedActions).toContain('queue_for_dispatch');
    const ready = await act(telecom, id, { action: 'queue_for_dispatch' });
    expect(((await ready.json()) as { status: string }).status).toBe('awaiting_dispatch');
  });

  it('an emergent answer determines level 4 at once', async () => {
    const id = await newCall(telecom);
    const view = await interview(telecom, id, [['immediate_danger', 'weapon']]);
    expect(view).toMatchObject({ status: 'determined', level: 4, emergent: true, recommendedPlan: { responseType: 'police_ems', policeRecommended: true } });
    expect(view.guidance.length).toBeGreaterThan(0);
  });

  it.each([
    ['an unknown question', [['no_such_question', 'yes']], 'questionId', 'unknown_question'],
    ['an answer not offered', [['immediate_danger', 'maybe']], 'answerKey', 'not_offered'],
  ])('refuses %s with a 400 naming the rule, and records nothing', async (_name, answers, _field, rule) => {
    const id = await newCall(telecom);
    const [questionId, answerKey] = answers[0]!;
    const res = await telecom.post(`/api/incidents/${id}/triage/answers`, { questionId, answerKey });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { rule: string }[] } };
    expect(body.error.issues.map((i) => i.rule)).toContain(rule);
    expect(await events(id)).toEqual(['incident.received']);
  });

  it('refuses an answer after the determination is final (409) and records nothing', async () => {
    const id = await newCall(telecom);
    await interview(telecom, id, [['immediate_danger', 'weapon']]);
    const before = await events(id);
    const res = await telecom.post(`/api/incidents/${id}/triage/answers`, { questionId: 'threats', answerKey: 'no' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { details: { currentStatus: string } } }).error.details.currentStatus).toBe('triaged');
    expect(await events(id)).toEqual(before);
  });

  it('accepts "unknown" on any question: never lowers the level, asks the follow-up, and says the level is provisional (issue 12 §1)', async () => {
    const id = await newCall(telecom);
    const first = (await (await telecom.post(`/api/incidents/${id}/triage/answers`, { questionId: 'immediate_danger', answerKey: 'unknown' })).json()) as View & { answers: { unknown: boolean }[] };
    // The follow-up question is asked, not skipped.
    expect(first.nextQuestion?.id).toBe('danger_check');
    expect(first.answers[0]!.unknown).toBe(true);
    const view = (await interview(telecom, id, [['danger_check', 'unknown'], ['suicidal_thoughts', 'no'], ['threats', 'no'], ['psychosis', 'no'], ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither']])) as View & { provisional: boolean; unknowns: { questionId: string; reason: string }[] };
    // A possibly violent scene no longer lands at level 2; a doubt is never a §30 ground.
    expect(view).toMatchObject({ status: 'determined', level: 3, provisional: true, recommendedPlan: { policeRecommended: false } });
    expect(view.unknowns.map((u) => u.questionId)).toEqual(['immediate_danger', 'danger_check']);
    expect(view.unknowns[1]!.reason).toContain('provisional');
    const incident = (await (await telecom.get(`/api/incidents/${id}`)).json()) as { riskLevel: number };
    expect(incident.riskLevel).toBe(3);
  });

  it('records several answers where facts co-exist: a medical emergency and a suicide attempt (issue 12 §1)', async () => {
    const id = await newCall(telecom);
    const res = await telecom.post(`/api/incidents/${id}/triage/answers`, { questionId: 'immediate_danger', answerKeys: ['medical', 'suicide_attempt'] });
    expect(res.status, await res.clone().text()).toBe(200);
    const view = (await res.json()) as View & { factorsChosen: { id: string }[]; answers: { answerKeys: string[]; answerLabel: string }[] };
    expect(view).toMatchObject({ status: 'determined', level: 4, emergent: true });
    expect(view.factorsChosen.map((f) => f.id).sort()).toEqual(['medical_emergency', 'suicide_attempt_in_progress']);
    expect(view.answers[0]!.answerKeys).toEqual(['medical', 'suicide_attempt']);
    const both = await telecom.post(`/api/incidents/${await newCall(telecom)}/triage/answers`, { questionId: 'immediate_danger', answerKey: 'none', answerKeys: ['none'] });
    expect(both.status).toBe(400);
    const single = await newCall(telecom);
    await interview(telecom, single, [['immediate_danger', 'none']]);
    const refused = await telecom.post(`/api/incidents/${single}/triage/answers`, { questionId: 'suicidal_thoughts', answerKeys: ['no', 'thoughts_no_plan'] });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { issues: { field: string; rule: string }[] } }).error.issues).toEqual([expect.objectContaining({ field: 'answerKey', rule: 'single_answer' })]);
  });

  it('undoes the last answer before the determination: audited, the history keeps both, the question is asked again (issue 12 §7)', async () => {
    const id = await newCall(telecom);
    await interview(telecom, id, [['immediate_danger', 'none'], ['suicidal_thoughts', 'thoughts_no_plan']]);
    // A console that has not seen the last answer names another question: refused, nothing written.
    const stale = await telecom.post(`/api/incidents/${id}/triage/answers/undo`, { questionId: 'immediate_danger' });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { details: { lastQuestionId: string } } }).error.details.lastQuestionId).toBe('suicidal_thoughts');
    const res = await telecom.post(`/api/incidents/${id}/triage/answers/undo`, { questionId: 'suicidal_thoughts', reason: 'caller corrected herself' });
    expect(res.status, await res.clone().text()).toBe(200);
    const view = (await res.json()) as View & { answers: { questionId: string }[] };
    expect(view).toMatchObject({ status: 'in_progress', nextQuestion: { id: 'suicidal_thoughts' } });
    expect(view.answers.map((a) => a.questionId)).toEqual(['immediate_danger']);
    expect(view.allowedActions).toContain('undo_answer');
    expect(await events(id)).toEqual(['incident.received', 'incident.triage_answered', 'incident.triage_answered', 'incident.triage_answer_undone']);
    const undone = (await t.server.services.store.read.incidents.events(id)).at(-1)!;
    expect(undone).toMatchObject({ reason: 'caller corrected herself', data: { questionId: 'suicidal_thoughts', answerKey: 'thoughts_no_plan' } });
    const rows = await t.server.services.store.read.audit.search({ action: 'incident.undo_answer', resourceId: id, outcome: 'allowed', limit: 10 });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.detail).toMatchObject({ questionId: 'suicidal_thoughts' });
    // Answered again differently, the interview goes on from there; once determined, nothing is undone.
    const done = await interview(telecom, id, [['suicidal_thoughts', 'no'], ['threats', 'no'], ['psychosis', 'no'], ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither'], ['need', 'talk']]);
    expect(done).toMatchObject({ status: 'determined', level: 1 });
    expect(done.allowedActions).not.toContain('undo_answer');
    const late = await telecom.post(`/api/incidents/${id}/triage/answers/undo`, { questionId: 'need' });
    expect(late.status).toBe(409);
    expect((await telecom.post(`/api/incidents/${await newCall(telecom)}/triage/answers/undo`, { questionId: 'immediate_danger' })).status).toBe(400);
    const officer = await signIn(t.url, 'officer');
    expect((await officer.post(`/api/incidents/${id}/triage/answers/undo`, { questionId: 'need' })).status).toBe(403);
  });

  it('a safety flag marked as a threat is kept on the incident and counts as a factor in the interview (issue 12 §2)', async () => {
    const id = await newCall(telecom, { safetyFlags: ['brother said he would hit the neighbour'] });
    const marked = await act(telecom, id, { action: 'mark_safety_flag', flag: 'brother said he would hit the neighbour', as: 'threat' });
    expect(marked.status, await marked.clone().text()).toBe(200);
    const incident = (await (await telecom.get(`/api/incidents/${id}`)).json()) as { markedFlags: unknown };
    expect(incident.markedFlags).toEqual([{ flag: 'brother said he would hit the neighbour', as: 'threat' }]);
    const view = (await (await telecom.get(`/api/incidents/${id}/triage`)).json()) as View & { factorsChosen: { id: string }[] };
    expect(view.factorsChosen.map((f) => f.id)).toContain('recent_threats_no_weapon');
  });

  it('police and EMS may not triage (403); roles that triage may', async () => {
    const id = await newCall(telecom);
    const officer = await signIn(t.url, 'officer');
    expect((await officer.get(`/api/incidents/${id}/triage`)).status).toBe(403);
    expect((await officer.post(`/api/incidents/${id}/triage/answers`, { questionId: 'immediate_danger', answerKey: 'none' })).status).toBe(403);
  });
});

describe('overrides and hand-offs', () => {
  it('an override needs a reason code, and police need a CESSA §30 code', async () => {
    const id = await newCall(telecom);
    await interview(telecom, id, LEVEL_2);
    const noJustification = await act(telecom, id, { action: 'override_response', to: 'police_ems', reasonCode: 'safety_information_not_in_protocol' });
    expect(noJustification.status).toBe(400);
    expect(((await noJustification.json()) as { error: { issues: { field: string; rule: string }[] } }).error.issues[0]).toMatchObject({ field: 'justification', rule: 'cessa_30_required' });
    const noReason = await act(telecom, id, { action: 'override_response', to: 'co_response' });
    expect(noReason.status).toBe(400);
    const other = await act(telecom, id, { action: 'override_response', to: 'phone_988', reasonCode: 'other' });
    expect(((await other.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe('note');
    // A threat ground on a call with no threat factor is refused (issue 12 §4); 988's report makes the third ground stand.
    const noFact = await act(telecom, id, { action: 'override_response', to: 'co_response', reasonCode: 'safety_information_not_in_protocol', justification: 'threat_of_physical_injury', note: 'caller heard a threat' });
    expect(noFact.status).toBe(422);
    expect(((await noFact.json()) as { error: { issues: { field: string; rule: string }[] } }).error.issues).toEqual([expect.objectContaining({ field: 'justification', rule: 'no_threat_factor' })]);
    expect((await act(telecom, id, { action: 'report_crisis_team_unavailable', reportedBy: '988 counsellor, desk 4', reportRef: '988-2211' })).status).toBe(200);
    const ok = await act(telecom, id, { action: 'override_response', to: 'co_response', reasonCode: 'recommended_resource_not_available', justification: 'crisis_team_unavailable_within_regional_maximum', note: '988 has no team' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { overriddenTo: string; recommendedResponse: string })).toMatchObject({ overriddenTo: 'co_response', recommendedResponse: 'mcrt' });
    expect(await events(id)).toContain('incident.response_overridden');
  });

  it('§30 grounds stand on the call\'s facts: threat on a threat factor, crime on a crime factor, else 422 naming the missing fact (issue 12 §4)', async () => {
    const threat = await newCall(telecom);
    await interview(telecom, threat, THREAT);
    const withThreat = await act(telecom, threat, { action: 'override_response', to: 'police_ems', reasonCode: 'safety_information_not_in_protocol', justification: 'threat_of_physical_injury' });
    expect(withThreat.status, await withThreat.clone().text()).toBe(200);
    const crime = await newCall(telecom);
    await interview(telecom, crime, THREAT);
    const noCrime = await act(telecom, crime, { action: 'override_response', to: 'police_ems', reasonCode: 'safety_information_not_in_protocol', justification: 'suspected_crime' });
    expect(noCrime.status).toBe(422);
    const body = (await noCrime.json()) as { error: { message: string; details: { ground: string; missingFact: string }; issues: { rule: string }[] } };
    expect(body.error.details).toEqual({ ground: 'suspected_crime', missingFact: 'no_crime_factor' });
    expect(body.error.message).toContain('suspected_crime needs a recorded factor establishing a suspected crime');
    expect(await events(crime)).not.toContain('incident.response_overridden');
  });

  it('a supervisor may let a ground stand without its fact in writing: audited, counted; a call-taker may not (403)', async () => {
    const id = await newCall(telecom);
    await interview(telecom, id, LEVEL_2);
    const override = { action: 'override_response', to: 'co_response', reasonCode: 'supervisor_direction', justification: 'suspected_crime', groundOverride: 'Officer on scene reports a stolen vehicle at the address' };
    expect((await act(telecom, id, override)).status).toBe(403);
    const supervisor = await signIn(t.url, 'supervisor');
    const ok = await act(supervisor, id, override);
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(((await ok.json()) as { groundOverrides: number }).groundOverrides).toBe(1);
    const rows = await t.server.services.store.read.audit.search({ action: 'incident.override_response', resourceId: id, outcome: 'allowed', limit: 10 });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.detail).toMatchObject({ groundOverride: { ground: 'suspected_crime' } });
    expect(JSON.stringify(rows[0]!.detail)).not.toContain('stolen vehicle');
  });

  it('988\'s unavailability report is recorded with who reported it, and feeds the interview\'s plan', async () => {
    const id = await newCall(telecom);
    const reported = await act(telecom, id, { action: 'report_crisis_team_unavailable', reportedBy: '988 counsellor, desk 4' });
    expect(reported.status).toBe(200);
    const me = telecom.userId;
    expect(((await reported.json()) as { crisisTeamUnavailability: unknown }).crisisTeamUnavailability).toEqual({ reportedBy: '988 counsellor, desk 4', reportRef: null, recordedBy: me });
    const view = (await interview(telecom, id, LEVEL_2)) as View & { recommendedPlan: { justifications: { code: string }[] } };
    // il-ems-6's level 2 plan names the co-response for 988's report: the engine's branch is reachable now.
    expect(view.recommendedPlan).toMatchObject({ responseType: 'co_response', policeRecommended: true });
    expect(view.recommendedPlan.justifications.map((j) => j.code)).toEqual(['crisis_team_unavailable_within_regional_maximum']);
    expect((await act(telecom, id, { action: 'report_crisis_team_unavailable', reportedBy: '  ' })).status).toBe(400);
  });

  it('a level 1 call from 911 transfers to 988; a level 2 call does not', async () => {
    const one = await newCall(telecom);
    const view = await interview(telecom, one, LEVEL_1);
    expect(view.level).toBe(1);
    expect(view.allowedActions).toContain('transfer_to_988');
    const moved = await act(telecom, one, { action: 'transfer_to_988' });
    expect(((await moved.json()) as { status: string }).status).toBe('transferred_to_988');
    // The older route offers a hand-off too: the 988 counsellor's inbox has it (ADR 0028).
    await expectInInbox(counsellor, one, 'cold_referral');
    const two = await newCall(telecom);
    await interview(telecom, two, LEVEL_2);
    const refused = await act(telecom, two, { action: 'transfer_to_988' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { issues: { rule: string }[] } }).error.issues[0]!.rule).toBe('level_1_only');
  });

  it('988 escalates to 911 with a reason; a 911 call cannot', async () => {
    const id = await newCall(counsellor, { entryPoint: '988' });
    expect((await act(counsellor, id, { action: 'escalate_to_911' })).status).toBe(400);
    const up = await act(counsellor, id, { action: 'escalate_to_911', reason: 'caller has taken pills and is losing consciousness' });
    expect(((await up.json()) as { status: string }).status).toBe('escalated_to_911');
    const offered = await expectInInbox(telecom, id, 'emergency_escalation');
    expect(offered.note).toBe('caller has taken pills and is losing consciousness');
    const from911 = await newCall(telecom);
    expect(((await (await act(telecom, from911, { action: 'escalate_to_911', reason: 'x' })).json()) as { error: { issues: { rule: string }[] } }).error.issues[0]!.rule).toBe('not_from_911');
  });

  it('youth under 21 on Medicaid route to the CARES line; an adult does not', async () => {
    const youth = await newCall(telecom, { person: { name: 'Teen', age: 16, medicaid: true } });
    // Untriaged, the CARES line would not know how urgent it is: refused, naming the rule.
    const untriaged = await act(telecom, youth, { action: 'route_to_cares' });
    expect(((await untriaged.json()) as { error: { issues: { rule: string }[] } }).error.issues[0]!.rule).toBe('triage_required');
    await act(telecom, youth, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' });
    const routed = await act(telecom, youth, { action: 'route_to_cares' });
    expect(((await routed.json()) as { status: string }).status).toBe('routed_to_cares');
    await expectInInbox(await signIn(t.url, 'cares'), youth, 'warm_transfer');
    const payload = (await t.server.services.store.read.incidents.events(youth)).at(-1)!;
    // The statewide 2-hour youth maximum, not the region's 60 minutes for its level 2 plan.
    expect(payload.data).toEqual({ basis: 'under_21_medicaid', maxResponseMinutes: 120 });
    const adult = await newCall(telecom, { person: { name: 'Adult', age: 34, medicaid: true } });
    await act(telecom, adult, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' });
    const refused = await act(telecom, adult, { action: 'route_to_cares' });
    expect(((await refused.json()) as { error: { issues: { rule: string }[] } }).error.issues[0]!.rule).toBe('youth_routing_criteria');
  });
});

// The override report (whole months, suppression, refusals) is in reports.test.ts.

describe('triage by a call-handling vendor code', () => {
  it('records the mapped level, the plan and the code; an unmapped code is refused', async () => {
    const shipped = await readFile(new URL('../../../protocols/il-irlm/il-irlm-2025.09.yaml', import.meta.url), 'utf8');
    const mpds = /vendor: mpds, code: ([^,]+), level: (\d)/.exec(shipped)!;
    const id = await newCall(telecom);
    const res = await act(telecom, id, { action: 'triage_by_vendor_code', vendor: 'mpds', code: mpds[1]!.trim() });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { riskLevel: number; status: string })).toMatchObject({ riskLevel: Number(mpds[2]), status: 'triaged' });
    const triaged = (await t.server.services.store.read.incidents.get(id))!.triage!;
    expect(triaged.vendorCode).toEqual({ vendor: 'mpds', code: mpds[1]!.trim() });
    expect(triaged.recommended?.responseType).toBeTruthy();
    const other = await newCall(telecom);
    const unmapped = await act(telecom, other, { action: 'triage_by_vendor_code', vendor: 'apco', code: 'NOPE-1' });
    expect(unmapped.status).toBe(400);
    expect(((await unmapped.json()) as { error: { issues: { field: string; rule: string }[] } }).error.issues[0]).toMatchObject({ field: 'code', rule: 'unmapped' });
  });
});

describe('the protocol registry', () => {
  it('lists the shipped version as pinned by the demo region', async () => {
    const list = (await (await telecom.get('/api/protocols')).json()) as { items: { protocolId: string; version: string; pinnedBy: string[] }[] };
    // 2025.12.0 (issue 12) is pinned; 2025.09.0 stays published, unchanged, for calls that began under it.
    expect(list.items).toContainEqual(expect.objectContaining({ protocolId: 'il-irlm', version: '2025.12.0', pinnedBy: ['il-ems-6'] }));
    expect(list.items).toContainEqual(expect.objectContaining({ protocolId: 'il-irlm', version: '2025.09.0', pinnedBy: [] }));
  });

  it('refuses a broken file with every problem listed, and a republished version', async () => {
    const admin = await signIn(t.url, 'admin');
    const broken = await admin.post('/api/protocols', { fileName: 'broken.yaml', text: 'id: x\nversion: 1\nlevels: nope\nsurprise: true\n' });
    expect(broken.status).toBe(400);
    const body = (await broken.json()) as { error: { issues: { field: string; message: string }[] } };
    expect(body.error.issues.length).toBeGreaterThan(2);
    expect(body.error.issues.every((i) => i.message.startsWith('broken.yaml'))).toBe(true);
    const shipped = await readFile(new URL('../../../protocols/il-irlm/il-irlm-2025.09.yaml', import.meta.url), 'utf8');
    const again = await admin.post('/api/protocols', { fileName: 'il-irlm-2025.09.yaml', text: shipped });
    expect(again.status).toBe(409);
    expect((await telecom.post('/api/protocols', { fileName: 'x.yaml', text: shipped })).status).toBe(403);
  });

  it('publishes a new version, pins it, and keeps running interviews on the version they began with', async () => {
    const running = await newCall(telecom);
    await interview(telecom, running, [['immediate_danger', 'none']]);
    const admin = await signIn(t.url, 'admin');
    const shipped = await readFile(new URL('../../../protocols/il-irlm/il-irlm-2025.12.yaml', import.meta.url), 'utf8');
    const next = shipped.replace(/^version: 2025\.12\.0$/m, 'version: 2026.1.0');
    expect((await admin.post('/api/protocols', { fileName: 'il-irlm-2026.1.yaml', text: next })).status).toBe(201);
    const pin = await fetch(`${t.url}/api/regions/il-ems-6/protocol`, {
      method: 'PUT', headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: JSON.stringify({ protocolId: 'il-irlm', version: '2026.1.0' }),
    });
    expect(pin.status).toBe(200);
    const fresh = await newCall(telecom);
    expect(((await (await telecom.get(`/api/incidents/${fresh}/triage`)).json()) as View).protocolVersion).toBe('il-irlm@2026.1.0');
    expect(((await (await telecom.get(`/api/incidents/${running}/triage`)).json()) as View).protocolVersion).toBe('il-irlm@2025.12.0');
    await expect(t.server.services.store.database.db.deleteFrom('protocol_versions').execute()).rejects.toThrow(/append-only/);
  });
});

describe('the transition route with more than one receiver of a kind', () => {
  it('refuses to choose between two CARES lines and names the hand-off route, changing nothing', async () => {
    // Last in the file: a second CARES line in the demo region would make the routing above ambiguous.
    await t.server.services.store.read.organisations.upsertAgency({ id: 'second-cares-line', regionId: 'il-ems-6', kind: 'cares_line', name: 'Second CARES Line', countyFips: null, lat: null, lon: null });
    const youth = await newCall(telecom, { person: { name: 'Teen', age: 16, medicaid: true } });
    await act(telecom, youth, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' });
    const refused = await act(telecom, youth, { action: 'route_to_cares' });
    expect(refused.status).toBe(400);
    const issue = ((await refused.json()) as { error: { issues: { field: string; rule: string; message: string }[] } }).error.issues[0]!;
    expect(issue).toMatchObject({ field: 'action', rule: 'receiver_required' });
    expect(issue.message).toContain('POST /api/handoffs');
    expect(((await (await telecom.get(`/api/incidents/${youth}`)).json()) as { status: string }).status).toBe('triaged');
    expect(await t.server.services.store.read.handoffs.list({ incidentId: youth, limit: 10 })).toEqual([]);
  });
});
