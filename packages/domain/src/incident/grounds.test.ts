import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { POLICE_JUSTIFICATIONS } from '../triage/types.ts';
import { checkGround, groundFactsOf, groundHolds, groundIssue } from './grounds.ts';
import type { Triage } from './types.ts';

const triage = (justifications: string[], groundFactors: Record<string, string[]> = {}): Triage => ({
  level: 3, protocolVersion: 'il-irlm@test', factors: Object.values(groundFactors).flat(), groundFactors,
  recommended: { responseType: 'mcrt', responders: ['mcrt_clinician'], maxResponseMinutes: 60, policeRecommended: false, justifications },
});

describe('§30 grounds checked against the facts (issue 12 §4)', () => {
  it('a call with no facts supports no ground, and each refusal names the ground and the missing fact', () => {
    const facts = groundFactsOf({ triage: triage([]), crisisTeamUnavailability: null });
    const issues = POLICE_JUSTIFICATIONS.map((code) => groundIssue(code, facts, 'justification'));
    expect(issues).toHaveLength(3);
    expect(issues.map((i) => i?.rule)).toEqual(['no_crime_factor', 'no_threat_factor', 'no_unavailability']);
    for (const [i, code] of POLICE_JUSTIFICATIONS.entries()) expect(issues[i]!.message).toContain(code);
  });

  it('threat and crime stand only on their own recorded factor', () => {
    const facts = groundFactsOf({ triage: triage(['threat_of_physical_injury'], { threat_of_physical_injury: ['threat_to_others'] }), crisisTeamUnavailability: null });
    expect(groundHolds('threat_of_physical_injury', facts)).toBe(true);
    expect(groundHolds('suspected_crime', facts)).toBe(false);
    expect(facts.factorIds.threat_of_physical_injury).toEqual(['threat_to_others']);
  });

  it('unavailability stands on 988\'s report, on the determination made under it, or on the live shortfall', () => {
    const none = { triage: triage([]), crisisTeamUnavailability: null };
    expect(groundHolds('crisis_team_unavailable_within_regional_maximum', groundFactsOf(none))).toBe(false);
    expect(groundHolds('crisis_team_unavailable_within_regional_maximum', groundFactsOf(none, true))).toBe(true);
    const reported = { ...none, crisisTeamUnavailability: { reportedBy: '988 desk', reportRef: null, recordedBy: 'u' } };
    expect(groundHolds('crisis_team_unavailable_within_regional_maximum', groundFactsOf(reported))).toBe(true);
    const atTriage = { triage: triage(['crisis_team_unavailable_within_regional_maximum']), crisisTeamUnavailability: null };
    expect(groundHolds('crisis_team_unavailable_within_regional_maximum', groundFactsOf(atTriage))).toBe(true);
  });

  it('a supervisor overrides with a written reason; anyone else is refused; an override of a ground that holds is refused', () => {
    const empty = groundFactsOf({ triage: null, crisisTeamUnavailability: null });
    expect(() => checkGround('suspected_crime', empty, 'justification', { actorId: 'u', maySupervise: true })).toThrow(/suspected_crime needs/);
    expect(() => checkGround('suspected_crime', empty, 'justification', { reason: 'x', actorId: 'u', maySupervise: false })).toThrow(DomainError);
    expect(checkGround('suspected_crime', empty, 'justification', { reason: ' stolen car seen ', actorId: 'sup', maySupervise: true })).toEqual({ reason: 'stolen car seen', by: 'sup' });
    const crime = groundFactsOf({ triage: triage(['suspected_crime']), crisisTeamUnavailability: null });
    expect(checkGround('suspected_crime', crime, 'justification', { actorId: 'u', maySupervise: false })).toBeNull();
    expect(() => checkGround('suspected_crime', crime, 'justification', { reason: 'x', actorId: 'u', maySupervise: true })).toThrow(/no override is needed/);
  });
});
