import type { Disability } from '../incident/types.ts';
import type { AgeBand, ResponseGiven, Setting } from './facts.ts';
import { suppressGrid } from './grid.ts';
import { SMALL_CELL_THRESHOLD } from './suppression.ts';

/**
 * One incident as the monthly report reads it: its stored facts (facts.ts) with what other
 * records add (the follow-up episode, the person's demographics and earlier contacts, the CAD link
 * and the kind of facility the person went to). Aggregates only ever leave this module.
 */
export interface ReportRow {
  entryPoint: string;
  /** How the call reached the system: a voice or text contact, or a CAD's EIDO message. */
  channel: 'contact' | 'cad_eido';
  riskLevel: number | null;
  responseGiven: ResponseGiven;
  policeGround: string | null;
  eligibleForTeam: boolean;
  noTeamReason: string | null;
  overrideReason: string | null;
  emergencyType: string;
  responseSeconds: number | null;
  maxSeconds: number | null;
  disposition: string | null;
  transportDestination: string | null;
  /** The directory kind of the facility the person was taken to, when one was named. */
  facilityKind: string | null;
  arrest: boolean;
  useOfForce: boolean;
  injury: boolean;
  petitionBy: string | null;
  deflectionPathway: string | null;
  diversion: string | null;
  ageBand: AgeBand;
  /** Absent on rows read before disability was recorded: counted as unknown. */
  disability?: Disability;
  /** Rural or urban, from the district's setting (facts.ts SETTINGS; ADR 0045). */
  ruralUrban?: Setting;
  districtId: string | null;
  followup: { firstContactSeconds: number | null; engaged: boolean; linkedToCare: boolean; closureReason: string | null } | null;
  person: { gender: string | null; race: string | null; ethnicity: string | null } | null;
  /** Days since the same person's previous crisis contact; null when not linked or none before. */
  daysSincePrevious: number | null;
}

/** A hand-off group of the month (ADR 0028): the §40 coordination between 911 and 988. */
export interface HandoffGroup {
  kind: string;
  fromAgencyKind: string;
  toAgencyKind: string;
  outcome: string;
  count: number;
}

export interface ReportTable {
  id: string;
  title: string;
  dimensions: string[];
  /** Counts first (the row total, then its parts), then statistics (minutes, shares). */
  measures: string[];
  rows: { keys: string[]; values: (number | null)[] }[];
  note?: string;
}

export interface RacTables {
  calls: number | null;
  tables: ReportTable[];
  /** What the report would show but the data model does not record. */
  missing: string[];
}

/** Attributes the equity tables would break down by but nothing records yet. */
export const MISSING_ATTRIBUTES = [
  'shortfall codes: the recommender\'s shortfalls are not recorded on the incident; the dispatcher\'s deviation code and §30 ground are counted instead',
  'referrals to 988 by other first responders: counted among hand-offs only where police, EMS or fire sent one through Continuum',
];

const LEVEL = (l: number | null) => (l === null ? 'not_triaged' : String(l));
const CRISIS_RESPONDERS = new Set(['crisis_team']);

/** Where the person ended, least restrictive first (DOMAIN.md §8). */
export function dispositionGroup(r: Pick<ReportRow, 'disposition' | 'transportDestination' | 'facilityKind'>): string {
  if (r.disposition === null) return 'open';
  if (r.disposition === 'stabilised_on_site') return 'stabilised_on_site';
  if (r.transportDestination === 'home' || r.transportDestination === 'chosen_place') return 'home_or_chosen_place';
  if (r.facilityKind === 'living_room') return 'living_room';
  if (r.facilityKind === 'crisis_stabilisation_centre') return 'stabilisation_centre';
  if (r.disposition === 'emergency_department' || r.facilityKind === 'emergency_department') return 'emergency_department';
  if (r.disposition === 'inpatient' || r.facilityKind === 'inpatient_unit') return 'inpatient';
  if (r.transportDestination === 'facility') return 'other_facility';
  return r.disposition;
}

/** A crisis responder went out and the person did not end in an ED or inpatient unit. */
export const edDiverted = (r: ReportRow): boolean =>
  (r.responseGiven === 'crisis_team' || r.responseGiven === 'co_response') && r.disposition !== null && !['emergency_department', 'inpatient'].includes(dispositionGroup(r));

/** Linear interpolation between closest ranks, as PostgreSQL's percentile_cont. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** One group of a table: its keys and counts (the group's total first, then each measure's). */
export interface GroupCount {
  keys: string[];
  counts: number[];
}

/** A response-time group's arrivals and its median and p90 in minutes, unrounded. */
export interface TimeGroup {
  arrivals: number;
  median: number | null;
  p90: number | null;
}

/**
 * The month's calls already grouped, as the database groups them (issue 14 §4): for each count
 * table (by id) its groups; for each response-time table its groups (arrivals, within the
 * maximum) in `counts` and the percentiles of each group and of `all` in `times`. `racTables`
 * gives the same report from these as from the rows they were grouped from.
 */
export interface RacGroups {
  counts: Readonly<Record<string, readonly GroupCount[]>>;
  times: Readonly<Record<string, Readonly<Record<string, TimeGroup>>>>;
}

/** The count tables and response-time tables `racTables` prints, by id: what a grouping source must give. */
export const RAC_COUNT_TABLES = [
  'volume', 'response_by_level', 'police_grounds', 'eligible_no_team', 'overrides', 'dispositions', 'outcomes', 'deflection',
  'followup', 'followup_closure', 'repeat_contacts', 'equity_age_band', 'equity_gender', 'equity_race', 'equity_ethnicity', 'equity_district',
  'equity_disability', 'equity_rural_urban',
] as const;
export const RAC_TIME_TABLES = ['response_time_level', 'response_time_district', 'response_time_emergency'] as const;

/** Where a table's groups come from: counted from rows here, or looked up pre-grouped. */
interface Grouper {
  count<T>(id: string, items: readonly T[], keysOf: (t: T) => string[] | null, measures: ((t: T) => boolean)[]): GroupCount[];
  times(id: string, rows: readonly ReportRow[], keyOf: (r: ReportRow) => string): { groups: GroupCount[]; times: Readonly<Record<string, TimeGroup>> };
}

function countBy<T>(items: readonly T[], keysOf: (t: T) => string[] | null, measures: ((t: T) => boolean)[]): GroupCount[] {
  const groups = new Map<string, GroupCount>();
  for (const item of items) {
    const keys = keysOf(item);
    if (!keys) continue;
    const id = keys.join('\u0000');
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { keys, counts: Array.from({ length: measures.length + 1 }, () => 0) }));
    g.counts[0]! += 1;
    measures.forEach((m, i) => { if (m(item)) g!.counts[i + 1]! += 1; });
  }
  return [...groups.values()];
}

/** Counts from the rows themselves: the reference the database's grouping is checked against. */
const rowGrouper: Grouper = {
  count: (_id, items, keysOf, measures) => countBy(items, keysOf, measures),
  times(_id, rows, keyOf) {
    // Only calls with a crisis-team maximum are measured against it (level 4 has none: a 911 response).
    const arrived = rows.filter((r) => r.responseSeconds !== null && r.maxSeconds !== null);
    const groups = countBy(arrived, (r) => [keyOf(r)], [(r) => r.responseSeconds! <= r.maxSeconds!]);
    const minutes = new Map<string, number[]>();
    for (const r of arrived) {
      for (const k of [keyOf(r), 'all']) (minutes.get(k) ?? minutes.set(k, []).get(k)!).push(r.responseSeconds! / 60);
    }
    const times: Record<string, TimeGroup> = {};
    for (const [k, t] of minutes) {
      t.sort((a, b) => a - b);
      times[k] = { arrivals: t.length, median: percentile(t, 0.5), p90: percentile(t, 0.9) };
    }
    return { groups, times };
  },
};

function groupsGrouper(g: RacGroups): Grouper {
  const need = <V>(what: Readonly<Record<string, V>>, id: string): V => {
    const found = what[id];
    if (found === undefined) throw new Error(`RAC report: no groups for table ${id}`);
    return found;
  };
  return {
    count: (id) => need(g.counts, id).map((x) => ({ keys: [...x.keys], counts: [...x.counts] })),
    times: (id) => ({ groups: need(g.counts, id).map((x) => ({ keys: [...x.keys], counts: [...x.counts] })), times: need(g.times, id) }),
  };
}

const sortedRows = (groups: GroupCount[]) => [...groups].sort((a, b) => a.keys.join('|').localeCompare(b.keys.join('|')));

/** A table of counts from rows grouped by `keysOf` (null: not counted here), suppressed as a grid. */
function countTable<T>(
  by: Grouper,
  spec: { id: string; title: string; dimensions: string[]; measures: string[]; note?: string },
  items: readonly T[], keysOf: (t: T) => string[] | null, parts: ((t: T) => boolean)[], partition: boolean, suppress: boolean,
): ReportTable {
  const grid = suppressGrid({ rows: sortedRows(by.count(spec.id, items, keysOf, parts)), partition }, spec.dimensions.length, suppress);
  return { ...spec, rows: grid.rows.map((r) => ({ keys: r.keys, values: r.counts })) };
}

/**
 * Response time from dispatch-ready to on scene against the maximum, per group: arrivals and
 * those within the maximum are suppressed as a grid; the median, p90 and share are shown only
 * when the group's counts are and it has at least the threshold of arrivals (a median of three
 * times is someone's time).
 */
function responseTimeTable(by: Grouper, id: string, title: string, dimension: string, rows: readonly ReportRow[], keyOf: (r: ReportRow) => string, suppress: boolean): ReportTable {
  const { groups, times } = by.times(id, rows, keyOf);
  const grid = suppressGrid({ rows: sortedRows(groups), partition: true }, 1, suppress);
  return {
    id, title, dimensions: [dimension], measures: ['arrivals', 'within_maximum', 'median_minutes', 'p90_minutes', 'share_within'],
    rows: grid.rows.map((g) => {
      const t = times[g.keys[0]!];
      const n = t?.arrivals ?? 0;
      const show = !g.hidden.some(Boolean) && (!suppress || n >= SMALL_CELL_THRESHOLD) && n > 0;
      return {
        keys: g.keys,
        values: [...g.counts, show ? round1(t!.median) : null, show ? round1(t!.p90) : null, show ? Math.round((g.counts[1]! / g.counts[0]!) * 1000) / 1000 : null],
      };
    }),
  };
}

/**
 * The monthly RAC report (issue 14 §2) from the month's rows and hand-offs: pure, so the stored
 * aggregates and a naive fold of the events can be checked against each other. `suppress` hides
 * small cells with complementary suppression (analysts, RAC members); supervisors reading their
 * own agencies' calls get the counts as they are.
 */
export function racTables(source: readonly ReportRow[] | RacGroups, handoffs: readonly HandoffGroup[], suppress: boolean): RacTables {
  const rows: readonly ReportRow[] = Array.isArray(source) ? source : [];
  const by = Array.isArray(source) ? rowGrouper : groupsGrouper(source as RacGroups);
  const closed = rows.filter((r) => r.disposition !== null);
  const withFollowup = rows.filter((r) => r.followup !== null);
  const linked = rows.filter((r) => r.person !== null);
  const team = (r: ReportRow) => CRISIS_RESPONDERS.has(r.responseGiven);
  const withinMax = (r: ReportRow) => r.responseSeconds !== null && r.maxSeconds !== null && r.responseSeconds <= r.maxSeconds;
  const equity = (id: string, attribute: string, keyOf: (r: ReportRow) => string | null, of: readonly ReportRow[] = rows) =>
    countTable(
      by, { id: `equity_${id}`, title: `Main figures by ${attribute}`, dimensions: [id], measures: ['calls', 'crisis_team', 'co_response', 'police', 'arrived_within_maximum', 'arrests'] },
      of, (r) => { const k = keyOf(r); return k === null ? null : [k]; },
      [team, (r) => r.responseGiven === 'co_response', (r) => r.responseGiven === 'police', withinMax, (r) => r.arrest], false, suppress,
    );
  const hand = suppressGrid({ rows: handoffs.map((h) => ({ keys: [h.kind, h.fromAgencyKind, h.toAgencyKind, h.outcome], counts: [h.count] })), partition: true }, 4, suppress);
  const volume = countTable(by, { id: 'volume', title: 'Calls by entry point and channel', dimensions: ['entry_point', 'channel'], measures: ['calls'] }, rows, (r) => [r.entryPoint, r.channel], [], true, suppress);
  const tables: ReportTable[] = [
    volume,
    {
      id: 'coordination', title: 'Calls coordinated between 911, 988, CARES and the hub, by direction and outcome (CESSA §40)',
      dimensions: ['kind', 'from_agency_kind', 'to_agency_kind', 'outcome'], measures: ['hand_offs'],
      rows: hand.rows.map((r) => ({ keys: r.keys, values: r.counts })),
      note: 'Rows from law enforcement, EMS or fire agencies to a 988 centre are referrals from other first responders to 988.',
    },
    countTable(by, { id: 'response_by_level', title: 'Response given by risk level', dimensions: ['risk_level', 'response_given'], measures: ['calls'] }, rows, (r) => [LEVEL(r.riskLevel), r.responseGiven], [], true, suppress),
    countTable(by, { id: 'police_grounds', title: 'Police responses by CESSA §30 ground', dimensions: ['risk_level', 'ground'], measures: ['police_responses'] }, rows, (r) => (r.policeGround ? [LEVEL(r.riskLevel), r.policeGround] : null), [], true, suppress),
    countTable(by, { id: 'eligible_no_team', title: 'Calls eligible for a crisis team, and why none was sent', dimensions: ['outcome'], measures: ['eligible_calls'] }, rows, (r) => (r.eligibleForTeam ? [r.noTeamReason ?? 'crisis_team_sent'] : null), [], true, suppress),
    countTable(by, { id: 'overrides', title: 'Overrides of the recommended response by level and reason', dimensions: ['risk_level', 'reason'], measures: ['triaged_calls'] }, rows, (r) => (r.riskLevel === null ? null : [LEVEL(r.riskLevel), r.overrideReason ?? 'not_overridden']), [], true, suppress),
    responseTimeTable(by, 'response_time_level', 'Response time (dispatch-ready to on scene) against the maximum, by risk level', 'risk_level', rows, (r) => LEVEL(r.riskLevel), suppress),
    responseTimeTable(by, 'response_time_district', 'Response time against the maximum, by police district', 'district', rows, (r) => r.districtId ?? 'unplaced', suppress),
    responseTimeTable(by, 'response_time_emergency', 'Response time against the maximum, by type of emergency', 'emergency_type', rows, (r) => r.emergencyType, suppress),
    countTable(by, { id: 'dispositions', title: 'Where the person ended', dimensions: ['disposition'], measures: ['calls'] }, rows, (r) => [dispositionGroup(r)], [], true, suppress),
    countTable(
      by, { id: 'outcomes', title: 'Arrests, use of force, injuries, involuntary petitions and ED diversion of closed calls, by response', dimensions: ['response_given'], measures: ['closed_calls', 'arrests', 'use_of_force', 'injuries', 'petitions_by_crisis_responders', 'petitions_by_others', 'ed_diverted'] },
      closed, (r) => [r.responseGiven],
      [(r) => r.arrest, (r) => r.useOfForce, (r) => r.injury, (r) => r.petitionBy === 'crisis_team', (r) => r.petitionBy !== null && r.petitionBy !== 'crisis_team', edDiverted], false, suppress,
    ),
    countTable(by, { id: 'deflection', title: 'Closed calls by deflection pathway and diversion', dimensions: ['pathway', 'diversion'], measures: ['closed_calls'] }, closed, (r) => [r.deflectionPathway ?? 'none', r.diversion ?? 'none'], [], true, suppress),
    countTable(
      by, { id: 'followup', title: 'Follow-up episodes opened from the month\'s calls', dimensions: ['risk_level'], measures: ['episodes', 'first_contact_within_24h', 'engaged', 'linked_to_care'] },
      withFollowup, (r) => [LEVEL(r.riskLevel)],
      [(r) => r.followup!.firstContactSeconds !== null && r.followup!.firstContactSeconds <= 24 * 3600, (r) => r.followup!.engaged, (r) => r.followup!.linkedToCare], false, suppress,
    ),
    countTable(by, { id: 'followup_closure', title: 'Follow-up episodes by closure reason', dimensions: ['closure_reason'], measures: ['episodes'] }, withFollowup, (r) => [r.followup!.closureReason ?? 'open'], [], true, suppress),
    countTable(
      by, { id: 'repeat_contacts', title: 'Repeat crisis contacts: calls whose person had another within 30, 60 or 90 days before', dimensions: ['risk_level'], measures: ['linked_calls', 'within_30_days', 'within_60_days', 'within_90_days'] },
      linked, (r) => [LEVEL(r.riskLevel)],
      [30, 60, 90].map((d) => (r: ReportRow) => r.daysSincePrevious !== null && r.daysSincePrevious <= d), false, suppress,
    ),
    equity('age_band', 'age band', (r) => r.ageBand),
    equity('gender', 'gender', (r) => r.person?.gender ?? 'not_recorded'),
    equity('race', 'race', (r) => r.person?.race ?? 'not_recorded'),
    equity('ethnicity', 'ethnicity', (r) => r.person?.ethnicity ?? 'not_recorded'),
    equity('district', 'police district', (r) => r.districtId ?? 'unplaced'),
    equity('disability', 'disability (as said at intake)', (r) => r.disability ?? 'unknown'),
    equity('rural_urban', 'rural or urban (the district\'s setting)', (r) => r.ruralUrban ?? 'unknown'),
  ];
  const allRow = volume.rows.find((r) => r.keys.every((k) => k === 'all'));
  return { calls: allRow?.values[0] ?? null, tables, missing: MISSING_ATTRIBUTES };
}
