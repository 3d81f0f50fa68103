import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  applyIncidentEvent,
  decideAssignment,
  decideIncidentCommand,
  DomainError,
  evaluateTriage,
  POLICE_JUSTIFICATIONS,
  triageOf,
  type IncidentState,
  type PoliceJustification,
  type Protocol,
  type TriageAnswer,
} from '@continuum/domain';
import { buildUnit } from '@continuum/domain/dispatch/recommend-builders';
import { emptyResponse } from '@continuum/domain/dispatch/assignment-fold';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProtocol } from './protocol.ts';

/**
 * Issue 12 §4, as a property: whatever the answers, the 988 report and the grounds a call-taker or
 * dispatcher picks, police are recommended, overridden to or assigned only on a §30 ground that a
 * recorded factor or a recorded unavailability supports. Every run is bounded: an interview ends
 * within the protocol's question count, and fast-check runs a fixed, small number of cases.
 */
const dir = fileURLToPath(new URL('../../../protocols/il-irlm/', import.meta.url));
const parsed = parseProtocol(readFileSync(`${dir}il-irlm-2025.12.yaml`, 'utf8'), 'il-irlm-2025.12.yaml');
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const protocol: Protocol = parsed.value;
const factorById = new Map(protocol.factors.map((f) => [f.id, f]));
const REGIONS = [null, 'il-ems-6', 'il-ems-7'] as const;

/** Walks the interview with choices drawn from `picks`: one answer, or several where allowed. */
function walk(picks: readonly number[]): TriageAnswer[] {
  const answers: TriageAnswer[] = [];
  for (let step = 0; step <= protocol.questions.length; step++) {
    const result = evaluateTriage(protocol, answers);
    if (result.status === 'determined' || !result.nextQuestion) return answers;
    const q = result.nextQuestion;
    const pick = picks[step % picks.length] ?? 0;
    const first = q.answers[pick % q.answers.length]!;
    const second = q.answers[(pick >> 4) % q.answers.length]!;
    const several = q.multiple && !first.unknown && !second.unknown && second.key !== first.key && pick % 3 === 0;
    answers.push(several ? { questionId: q.id, answerKey: first.key, answerKeys: [first.key, second.key] } : { questionId: q.id, answerKey: first.key });
  }
  throw new Error('the interview did not end within the number of questions');
}

/** Whether a ground is supported by what is recorded: a counted factor that justifies it, or 988's report. */
function supported(code: PoliceJustification, chosen: readonly string[], countedNot: readonly string[], reported: boolean): boolean {
  if (code === 'crisis_team_unavailable_within_regional_maximum') return reported;
  return chosen.some((id) => !countedNot.includes(id) && (factorById.get(id)?.justifies ?? []).includes(code));
}

function stateOf(regionId: string, answers: TriageAnswer[], reported: boolean): IncidentState {
  const at = new Date('2026-03-01T12:00:00Z');
  const base = applyIncidentEvent(null, {
    type: 'incident.received',
    data: { agencyId: 'a', regionId, entryPoint: '911', summary: 's', location: { address: 'x', lat: 40.11, lon: -88.21 }, caller: {}, person: {}, safetyFlags: [] },
  }, { incidentId: 'i', sequence: 1, occurredAt: at });
  const report = reported ? { reportedBy: '988 desk', reportRef: '988-1', recordedBy: 'u' } : null;
  const result = evaluateTriage(protocol, answers, { regionId, crisisTeamUnavailable: report ? { reportRef: report.reportRef } : null });
  return { ...base, status: 'awaiting_dispatch', triage: triageOf(result), crisisTeamUnavailability: report, response: emptyResponse(at) };
}

const police = buildUnit({ id: 'sheriff-1', name: 'Deputy 1', model: 'law_enforcement', composition: ['police_officer'] });
const arbitrary = fc.record({
  picks: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 }),
  region: fc.constantFrom(...REGIONS),
  reported: fc.boolean(),
  ground: fc.constantFrom(...POLICE_JUSTIFICATIONS),
});

describe('no police without a §30 ground a recorded fact supports (issue 12 §4)', () => {
  it('holds for the recommendation, the call-taker\'s override and the dispatcher\'s assignment', () => {
    let policeSeen = 0;
    fc.assert(
      fc.property(arbitrary, ({ picks, region, reported, ground }) => {
        const answers = walk(picks);
        const result = evaluateTriage(protocol, answers, { regionId: region, crisisTeamUnavailable: reported ? { reportRef: '988-1' } : null });
        expect(result.status).toBe('determined');
        const notCounted = result.factorsNotCounted.map((f) => f.factorId);
        if (result.recommendedPlan.policeRecommended) {
          policeSeen += 1;
          expect(result.recommendedPlan.justifications.length).toBeGreaterThan(0);
          for (const j of result.recommendedPlan.justifications) expect(supported(j.code, result.factorsChosen, notCounted, reported)).toBe(true);
        }
        const state = stateOf(region ?? 'il-ems-6', answers, reported);
        const holds = supported(ground, state.triage!.factors, notCounted, reported);
        // The call-taker overrides to police and EMS on a ground, without a supervisor.
        const to = state.triage!.recommended!.responseType === 'police_ems' ? 'co_response' : 'police_ems';
        const override = attempt(() => decideIncidentCommand({ ...state, status: 'triaged' }, { action: 'override_response', to, reasonCode: 'safety_information_not_in_protocol', justification: ground, actorId: 'u', maySupervise: false }));
        expect(override === 'accepted').toBe(holds);
        // The dispatcher sends a police unit on a plan without police, on the same ground.
        if (!state.triage!.recommended!.responders.includes('police_officer') && !['phone_988', 'referral_coordination', 'followup_988'].includes(state.triage!.recommended!.responseType)) {
          const sent = attempt(() => decideAssignment(state, { units: [{ unit: police, coversIncident: true }], onCall: [], justification: { code: 'no_fitting_unit_available', cessa30: ground }, actorId: 'u', maySupervise: false }));
          expect(sent === 'accepted').toBe(holds);
        }
      }),
      { numRuns: 300, seed: 12 },
    );
    // The property was exercised on calls that do send police, not only on calm ones.
    expect(policeSeen).toBeGreaterThan(10);
  });
});

function attempt(fn: () => unknown): 'accepted' | string {
  try {
    fn();
    return 'accepted';
  } catch (e) {
    if (e instanceof DomainError) return e.issues[0]?.rule ?? e.code;
    throw e;
  }
}

describe('safety flags marked as a threat or a medical concern feed the same factors (issue 12 §2)', () => {
  const calm: TriageAnswer[] = [
    ['immediate_danger', 'none'], ['suicidal_thoughts', 'no'], ['threats', 'no'], ['psychosis', 'no'],
    ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither'], ['need', 'talk'],
  ].map(([questionId, answerKey]) => ({ questionId: questionId!, answerKey: answerKey! }));

  it('a flag marked as a threat is the recent-threats factor: level 3 and the threat ground', () => {
    const received = stateOf('il-ems-6', [], false);
    const marked = decideIncidentCommand({ ...received, status: 'received', triage: null, safetyFlags: ['brother said he would hit the neighbour'] }, { action: 'mark_safety_flag', flag: 'brother said he would hit the neighbour', as: 'threat' });
    expect(marked.map((d) => d.event.type)).toEqual(['incident.safety_flag_marked']);
    const plain = evaluateTriage(protocol, calm, { regionId: 'il-ems-6' });
    const flagged = evaluateTriage(protocol, calm, { regionId: 'il-ems-6', flaggedAs: ['threat'] });
    expect(plain.level).toBe(1);
    expect(flagged).toMatchObject({ status: 'determined', level: 3, recommendedPlan: { responseType: 'co_response', policeRecommended: true } });
    expect(flagged.factorsChosen).toContain('recent_threats_no_weapon');
  });

  it('a flag marked as a medical concern sends EMS to meet the crisis team, never police', () => {
    const flagged = evaluateTriage(protocol, calm, { regionId: 'il-ems-6', flaggedAs: ['medical_concern'] });
    expect(flagged).toMatchObject({ level: 3, recommendedPlan: { responseType: 'mcrt_ems', policeRecommended: false } });
    expect(flagged.recommendedPlan.responders).toContain('ems_crew');
  });

  it('only a flag recorded on the call can be marked', () => {
    const received = stateOf('il-ems-6', [], false);
    expect(attempt(() => decideIncidentCommand({ ...received, status: 'received', triage: null }, { action: 'mark_safety_flag', flag: 'not on this call', as: 'threat' }))).toBe('unknown_flag');
  });
});
