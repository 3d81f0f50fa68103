import { DomainError, forbidden, type FieldIssue } from '../errors.ts';
import { POLICE_JUSTIFICATIONS, type PoliceJustification } from '../triage/types.ts';
import type { IncidentState } from './types.ts';

/**
 * CESSA §30 grounds checked against the call (issue 12 §4). A ground picked from a list proves
 * nothing: `threat_of_physical_injury` stands only on a recorded factor that establishes a threat,
 * `suspected_crime` only on one that establishes a crime, and
 * `crisis_team_unavailable_within_regional_maximum` only on the recommendation of that moment
 * reporting the shortfall or on a recorded 988 unavailability report. Anything else is refused
 * naming the ground and the fact that is missing, unless a supervisor overrides it in writing.
 */

/** A 988 report that no crisis team can meet the regional maximum, as recorded on the incident. */
export interface CrisisTeamUnavailability {
  /** Who at 988 said so (name, role or desk), as the call-taker or dispatcher heard it. */
  reportedBy: string;
  /** 988's own reference for the report, where it gave one. */
  reportRef: string | null;
  /** The account that recorded the report. */
  recordedBy: string;
}

/** What a ground can stand on, as the call's record holds it now. */
export interface GroundFacts {
  /** §30 codes the recorded, counted factors establish (from the determination). */
  factorGrounds: readonly PoliceJustification[];
  /** The factors that establish each code, for the reasons shown. */
  factorIds: Readonly<Partial<Record<PoliceJustification, readonly string[]>>>;
  unavailability: CrisisTeamUnavailability | null;
  /** The dispatch recommendation of this moment reported that no crisis team can arrive within the maximum. */
  shortfallReported: boolean;
}

/** The fact each ground needs, in the words a refusal uses. */
export const GROUND_FACT: Record<PoliceJustification, { rule: string; needs: string }> = {
  threat_of_physical_injury: { rule: 'no_threat_factor', needs: 'a recorded factor establishing a threat of physical injury' },
  suspected_crime: { rule: 'no_crime_factor', needs: 'a recorded factor establishing a suspected crime' },
  crisis_team_unavailable_within_regional_maximum: {
    rule: 'no_unavailability',
    needs: "a recommendation reporting that no crisis team can arrive within the regional maximum, or a recorded 988 unavailability report",
  },
};

/** A supervisor's written reason to let a ground stand without its fact. */
export interface GroundOverride {
  reason: string;
  by: string;
}

/** The facts recorded on an incident; the caller adds whether the live recommendation reports a shortfall. */
export function groundFactsOf(state: Pick<IncidentState, 'triage' | 'crisisTeamUnavailability'>, shortfallReported = false): GroundFacts {
  const recorded = state.triage?.recommended?.justifications ?? [];
  const factorGrounds = POLICE_JUSTIFICATIONS.filter(
    (c) => c !== 'crisis_team_unavailable_within_regional_maximum' && recorded.includes(c),
  );
  const factorIds: Partial<Record<PoliceJustification, string[]>> = {};
  for (const [code, ids] of Object.entries(state.triage?.groundFactors ?? {})) factorIds[code as PoliceJustification] = [...ids];
  // A determination made while 988's report stood recorded the ground with it.
  const reportedAtTriage = recorded.includes('crisis_team_unavailable_within_regional_maximum');
  return {
    factorGrounds,
    factorIds,
    unavailability: state.crisisTeamUnavailability ?? null,
    shortfallReported: shortfallReported || reportedAtTriage,
  };
}

/** Whether the call's facts support a ground. */
export function groundHolds(code: PoliceJustification, facts: GroundFacts): boolean {
  if (code === 'crisis_team_unavailable_within_regional_maximum') return facts.shortfallReported || facts.unavailability !== null;
  return facts.factorGrounds.includes(code);
}

/** The refusal of a ground the facts do not support, naming the ground and the missing fact. */
export function groundIssue(code: PoliceJustification, facts: GroundFacts, field: string): FieldIssue | null {
  if (groundHolds(code, facts)) return null;
  const { rule, needs } = GROUND_FACT[code];
  return { field, rule, message: `${code} needs ${needs}; this call has none (a supervisor may override with a written reason)` };
}

/**
 * Checks a ground against the facts. A ground without its fact stands only with a supervisor's
 * written reason; anyone else giving one is refused (403), and a reason with nothing to override
 * is refused too, so the override count means what it says.
 */
export function checkGround(
  code: PoliceJustification,
  facts: GroundFacts,
  field: string,
  override: { reason?: string | undefined; actorId: string; maySupervise: boolean },
): GroundOverride | null {
  const reason = override.reason?.trim() || null;
  const issue = groundIssue(code, facts, field);
  if (!issue) {
    if (reason) {
      throw new DomainError('validation_failed', `groundOverride: ${code} holds on this call's facts; no override is needed`, {}, [
        { field: 'groundOverride', rule: 'not_needed', message: `${code} holds on this call's facts; no override is needed` },
      ]);
    }
    return null;
  }
  // 422: the request is well formed, but the ground refers to a fact the call does not hold.
  if (!reason) throw new DomainError('unknown_reference', `${issue.field}: ${issue.message}`, { ground: code, missingFact: issue.rule }, [issue]);
  if (!override.maySupervise) throw forbidden(`Only a supervisor may let ${code} stand without ${GROUND_FACT[code].needs}`);
  return { reason, by: override.actorId };
}
