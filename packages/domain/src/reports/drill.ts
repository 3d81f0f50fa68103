import { dispositionGroup, edDiverted, type ReportRow } from './rac.ts';

/**
 * The calls behind one cell of the monthly RAC report (issue 14 §3: a supervisor drills from a
 * figure to its calls). Each drillable table is described again here by what it counts: which
 * rows it reads, the keys it groups them by, and what each count measure counts; rac.test.ts
 * checks that every cell's count equals the number of rows this picks, so the two cannot drift.
 * Statistics (minutes, shares) and the hand-off table (records of their own) are not drillable.
 */
export interface CellRef {
  table: string;
  /** The row's keys in the table's order; `all` in a place stands for every value there (the totals row). */
  keys: string[];
  measure: string;
}

type Pred = (r: ReportRow) => boolean;
interface Drillable {
  /** The rows the table reads at all. */
  of: Pred;
  keys: (r: ReportRow) => string[];
  /** Each count measure: what a row must also be to be counted there. */
  measures: Record<string, Pred>;
}

const LEVEL = (r: ReportRow) => (r.riskLevel === null ? 'not_triaged' : String(r.riskLevel));
const any: Pred = () => true;
const closed: Pred = (r) => r.disposition !== null;
const withinMax: Pred = (r) => r.responseSeconds !== null && r.maxSeconds !== null && r.responseSeconds <= r.maxSeconds;
const arrived: Pred = (r) => r.responseSeconds !== null && r.maxSeconds !== null;
const hasFollowup: Pred = (r) => r.followup !== null;

const responseTime = (keyOf: (r: ReportRow) => string): Drillable => ({ of: arrived, keys: (r) => [keyOf(r)], measures: { arrivals: any, within_maximum: withinMax } });
const equity = (keyOf: (r: ReportRow) => string): Drillable => ({
  of: any,
  keys: (r) => [keyOf(r)],
  measures: {
    calls: any,
    crisis_team: (r) => r.responseGiven === 'crisis_team',
    co_response: (r) => r.responseGiven === 'co_response',
    police: (r) => r.responseGiven === 'police',
    arrived_within_maximum: withinMax,
    arrests: (r) => r.arrest,
  },
});

export const DRILLABLE: Record<string, Drillable> = {
  volume: { of: any, keys: (r) => [r.entryPoint, r.channel], measures: { calls: any } },
  response_by_level: { of: any, keys: (r) => [LEVEL(r), r.responseGiven], measures: { calls: any } },
  police_grounds: { of: (r) => r.policeGround !== null, keys: (r) => [LEVEL(r), r.policeGround!], measures: { police_responses: any } },
  eligible_no_team: { of: (r) => r.eligibleForTeam, keys: (r) => [r.noTeamReason ?? 'crisis_team_sent'], measures: { eligible_calls: any } },
  overrides: { of: (r) => r.riskLevel !== null, keys: (r) => [LEVEL(r), r.overrideReason ?? 'not_overridden'], measures: { triaged_calls: any } },
  response_time_level: responseTime(LEVEL),
  response_time_district: responseTime((r) => r.districtId ?? 'unplaced'),
  response_time_emergency: responseTime((r) => r.emergencyType),
  dispositions: { of: any, keys: (r) => [dispositionGroup(r)], measures: { calls: any } },
  outcomes: {
    of: closed,
    keys: (r) => [r.responseGiven],
    measures: {
      closed_calls: any, arrests: (r) => r.arrest, use_of_force: (r) => r.useOfForce, injuries: (r) => r.injury,
      petitions_by_crisis_responders: (r) => r.petitionBy === 'crisis_team', petitions_by_others: (r) => r.petitionBy !== null && r.petitionBy !== 'crisis_team',
      ed_diverted: edDiverted,
    },
  },
  deflection: { of: closed, keys: (r) => [r.deflectionPathway ?? 'none', r.diversion ?? 'none'], measures: { closed_calls: any } },
  followup: {
    of: hasFollowup,
    keys: (r) => [LEVEL(r)],
    measures: {
      episodes: any,
      first_contact_within_24h: (r) => r.followup!.firstContactSeconds !== null && r.followup!.firstContactSeconds <= 24 * 3600,
      engaged: (r) => r.followup!.engaged,
      linked_to_care: (r) => r.followup!.linkedToCare,
    },
  },
  followup_closure: { of: hasFollowup, keys: (r) => [r.followup!.closureReason ?? 'open'], measures: { episodes: any } },
  repeat_contacts: {
    of: (r) => r.person !== null,
    keys: (r) => [LEVEL(r)],
    measures: Object.fromEntries([['linked_calls', any], ...[30, 60, 90].map((d) => [`within_${d}_days`, (r: ReportRow) => r.daysSincePrevious !== null && r.daysSincePrevious <= d])]) as Record<string, Pred>,
  },
  equity_age_band: equity((r) => r.ageBand),
  equity_gender: equity((r) => r.person?.gender ?? 'not_recorded'),
  equity_race: equity((r) => r.person?.race ?? 'not_recorded'),
  equity_ethnicity: equity((r) => r.person?.ethnicity ?? 'not_recorded'),
  equity_district: equity((r) => r.districtId ?? 'unplaced'),
  equity_disability: equity((r) => r.disability ?? 'unknown'),
  equity_rural_urban: equity((r) => r.ruralUrban ?? 'unknown'),
};

/** Whether a table's cell can be drilled into (a count of calls, not a statistic or a hand-off). */
export const isDrillable = (table: string, measure: string): boolean => Boolean(DRILLABLE[table]?.measures[measure]);

export type CellMatch = { ok: true; matches: Pred } | { ok: false; field: 'table' | 'keys' | 'measure'; message: string };

/** The rule that picks a cell's rows, or which part of the reference names no cell. */
export function cellMatcher(ref: CellRef): CellMatch {
  const t = Object.hasOwn(DRILLABLE, ref.table) ? DRILLABLE[ref.table]! : undefined;
  if (!t) return { ok: false, field: 'table', message: `must be one of the report's drillable tables: ${Object.keys(DRILLABLE).join(', ')}` };
  const measure = Object.hasOwn(t.measures, ref.measure) ? t.measures[ref.measure]! : undefined;
  if (!measure) return { ok: false, field: 'measure', message: `must be a count of the table ${ref.table}: ${Object.keys(t.measures).join(', ')}` };
  const width = t.keys(SAMPLE).length;
  if (ref.keys.length !== width) return { ok: false, field: 'keys', message: `must give ${width} key${width === 1 ? '' : 's'} for the table ${ref.table}, separated by |` };
  return {
    ok: true,
    matches: (r) => {
      if (!t.of(r) || !measure(r)) return false;
      const keys = t.keys(r);
      return ref.keys.every((k, i) => k === 'all' || k === keys[i]);
    },
  };
}

/** A row only to count a table's keys by. */
const SAMPLE: ReportRow = {
  entryPoint: '', channel: 'contact', riskLevel: null, responseGiven: 'none', policeGround: '', eligibleForTeam: true, noTeamReason: null, overrideReason: null,
  emergencyType: '', responseSeconds: 0, maxSeconds: 0, disposition: null, transportDestination: null, facilityKind: null, arrest: false, useOfForce: false,
  injury: false, petitionBy: null, deflectionPathway: null, diversion: null, ageBand: 'unknown', districtId: null,
  followup: { firstContactSeconds: null, engaged: false, linkedToCare: false, closureReason: null }, person: null, daysSincePrevious: null,
};
