import { sql, type Kysely, type RawBuilder } from 'kysely';
import { RAC_COUNT_TABLES, RAC_TIME_TABLES, type GroupCount, type RacGroups, type TimeGroup } from '@continuum/domain';
import type { Tables } from '../schema.ts';
import type { ReportScope } from './report-facts.ts';

/**
 * How the database groups each table of the RAC report (issue 14 §4). The month's calls of the
 * scope, with what other records add, are first folded into `cube`: one row per combination of
 * the attributes any table groups or filters by, with `n` calls and the count of each per-call
 * condition any table counts. Every count table is then a small GROUP BY over the cube (sums of
 * its counts), exact because its keys and filters are cube attributes. Each mirrors the table's
 * grouping in domain reports/rac.ts, which the report test checks by comparing the two on the
 * same data. Static SQL only: no value of a request reaches these strings.
 */
interface CountSpec {
  keys: [string] | [string, string];
  where?: string;
  /** Sums over the cube's rows: a per-call condition's count, or `n` where an attribute holds. */
  measures?: string[];
}

const EQUITY_MEASURES = ["sum(n) FILTER (WHERE response_given = 'crisis_team')", "sum(n) FILTER (WHERE response_given = 'co_response')", "sum(n) FILTER (WHERE response_given = 'police')", 'sum(within_max)', 'sum(arrest)'];

const COUNT_SPECS: Record<(typeof RAC_COUNT_TABLES)[number], CountSpec> = {
  volume: { keys: ['entry_point', 'channel'] },
  response_by_level: { keys: ['level', 'response_given'] },
  police_grounds: { keys: ['level', 'police_ground'], where: "police_ground <> ''" },
  eligible_no_team: { keys: ["coalesce(no_team_reason, 'crisis_team_sent')"], where: 'eligible_for_team' },
  overrides: { keys: ['level', "coalesce(override_reason, 'not_overridden')"], where: "level <> 'not_triaged'" },
  dispositions: { keys: ['disp'] },
  outcomes: { keys: ['response_given'], where: 'closed', measures: ['sum(arrest)', 'sum(use_of_force)', 'sum(injury)', 'sum(petition_team)', 'sum(petition_other)', 'sum(ed_diverted)'] },
  deflection: { keys: ["coalesce(deflection_pathway, 'none')", "coalesce(diversion, 'none')"], where: 'closed' },
  followup: { keys: ['level'], where: 'has_episode', measures: ['sum(first_contact_24h)', 'sum(engaged)', 'sum(linked)'] },
  followup_closure: { keys: ["coalesce(closure_reason, 'open')"], where: 'has_episode' },
  repeat_contacts: { keys: ['level'], where: 'linked_person', measures: ['sum(within_30)', 'sum(within_60)', 'sum(within_90)'] },
  equity_age_band: { keys: ['age_band'], measures: EQUITY_MEASURES },
  equity_gender: { keys: ["coalesce(gender, 'not_recorded')"], measures: EQUITY_MEASURES },
  equity_race: { keys: ["coalesce(race, 'not_recorded')"], measures: EQUITY_MEASURES },
  equity_ethnicity: { keys: ["coalesce(ethnicity, 'not_recorded')"], measures: EQUITY_MEASURES },
  equity_district: { keys: ['district'], measures: EQUITY_MEASURES },
  equity_disability: { keys: ['disability'], measures: EQUITY_MEASURES },
  equity_rural_urban: { keys: ['rural_urban'], measures: EQUITY_MEASURES },
};

/** The cube's attributes: every key and filter of a count table above. */
const CUBE_KEYS = [
  'entry_point', 'channel', 'level', 'response_given', 'police_ground', 'eligible_for_team', 'no_team_reason', 'override_reason', 'disp', 'closed',
  'deflection_pathway', 'diversion', 'age_band', 'district', 'gender', 'race', 'ethnicity', 'has_episode', 'closure_reason', 'linked_person',
  'disability', 'rural_urban',
];

/** The cube's counts: each per-call condition a count table counts. */
const CUBE_COUNTS: Record<string, string> = {
  within_max: 'within_max',
  arrest: 'arrest',
  use_of_force: 'use_of_force',
  injury: 'injury',
  petition_team: "petition_by = 'crisis_team'",
  petition_other: "petition_by <> 'crisis_team'",
  ed_diverted: "response_given IN ('crisis_team', 'co_response') AND closed AND disp NOT IN ('emergency_department', 'inpatient')",
  first_contact_24h: 'first_contact_seconds <= 86400',
  engaged: 'engaged',
  linked: 'linked',
  within_30: 'days <= 30',
  within_60: 'days <= 60',
  within_90: 'days <= 90',
};

const CUBE_SELECT = `SELECT ${CUBE_KEYS.join(', ')}, count(*)::int AS n,
      ${Object.entries(CUBE_COUNTS).map(([name, cond]) => `count(*) FILTER (WHERE ${cond})::int AS ${name}`).join(', ')}
    FROM calls GROUP BY ${CUBE_KEYS.join(', ')}`;

/** Response-time tables: arrivals by key (and `()`: all of them) with percentile_cont over minutes. */
const TIME_KEYS: Record<(typeof RAC_TIME_TABLES)[number], string> = {
  response_time_level: "coalesce(f.risk_level::text, 'not_triaged')",
  response_time_district: "coalesce(f.district_id, 'unplaced')",
  response_time_emergency: 'f.emergency_type',
};

const WIDTH = 7;

function countSelect(id: string, spec: CountSpec): string {
  const measures = spec.measures ?? [];
  const counts = ['sum(n)::int', ...measures.map((m) => `coalesce(${m}, 0)::int`)];
  while (counts.length < WIDTH) counts.push('0');
  return `SELECT '${id}' AS t, (${spec.keys[0]})::text AS k1, ${spec.keys[1] ? `(${spec.keys[1]})::text` : 'NULL::text'} AS k2, ${counts.map((c, i) => `${c} AS c${i}`).join(', ')},
      NULL::float8 AS p50, NULL::float8 AS p90
    FROM cube ${spec.where ? `WHERE ${spec.where}` : ''} GROUP BY 1, 2, 3`;
}

/**
 * The response-time tables straight from the facts (they need nothing joined): arrivals and
 * those within the maximum per key, and the median and p90 in minutes as float8, ordered and
 * interpolated as the domain's percentile() does, per key and over all (the `()` set).
 */
function timeSelect(id: string, key: string): string {
  const zeros = Array.from({ length: WIDTH - 2 }, (_, i) => `0 AS c${i + 2}`).join(', ');
  return `SELECT '${id}' AS t, ${key} AS k1, NULL::text AS k2, count(*)::int AS c0, count(*) FILTER (WHERE f.response_seconds <= f.max_seconds)::int AS c1, ${zeros},
      percentile_cont(0.5) WITHIN GROUP (ORDER BY f.response_seconds::float8 / 60) AS p50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY f.response_seconds::float8 / 60) AS p90
    FROM arrived f GROUP BY GROUPING SETS ((${key}), ())`;
}

const GROUP_SELECTS = [
  ...Object.entries(COUNT_SPECS).map(([id, spec]) => countSelect(id, spec)),
  ...Object.entries(TIME_KEYS).map(([id, key]) => timeSelect(id, key)),
].join('\nUNION ALL\n');

/** Where the person ended, as domain dispositionGroup() (least restrictive first). */
const DISPOSITION_GROUP = `CASE
    WHEN f.disposition IS NULL THEN 'open'
    WHEN f.disposition = 'stabilised_on_site' THEN 'stabilised_on_site'
    WHEN f.transport_destination IN ('home', 'chosen_place') THEN 'home_or_chosen_place'
    WHEN fac.kind = 'living_room' THEN 'living_room'
    WHEN fac.kind = 'crisis_stabilisation_centre' THEN 'stabilisation_centre'
    WHEN f.disposition = 'emergency_department' OR fac.kind = 'emergency_department' THEN 'emergency_department'
    WHEN f.disposition = 'inpatient' OR fac.kind = 'inpatient_unit' THEN 'inpatient'
    WHEN f.transport_destination = 'facility' THEN 'other_facility'
    ELSE f.disposition END`;

/** The scope's calls: a region's month by (region_id, received_at), a supervisor's agency by the GIN index. */
export function scopeFilter(scope: ReportScope): RawBuilder<unknown> {
  return sql`f.region_id = ${scope.regionId} AND f.received_at >= ${scope.from} AND f.received_at < ${scope.to}
    ${scope.simulated === 'include' ? sql`` : scope.simulated === 'only' ? sql`AND f.simulated` : sql`AND NOT f.simulated`}
    ${scope.agencyId ? sql`AND f.agency_ids @> ARRAY[${scope.agencyId}]::text[]` : sql``}
    ${scope.districtId ? sql`AND f.district_id = ${scope.districtId}` : sql``}
    ${scope.entryPoint ? sql`AND f.entry_point = ${scope.entryPoint}` : sql``}`;
}

/**
 * The month's report grouped in one statement: the scope's facts are read by index, joined with
 * the follow-up episode, the person, the CAD link and the facility, and folded into the cube;
 * every table is a GROUP BY over the cube or over the arrivals, so a few hundred group rows leave
 * the database instead of every call.
 */
export async function racMonthGroups(db: Kysely<Tables>, scope: ReportScope): Promise<RacGroups> {
  // PostgreSQL's JIT would spend seconds compiling this one statement's ~200 expressions (measured
  // at 14 of 20 s under load) to save milliseconds over a month's rows: off for this transaction.
  // work_mem: enough to fold the month into the cube by hashing rather than sorting 20 keys.
  const rows = await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    return monthStatement(trx, scope);
  });
  return groupsOf(rows.rows);
}

type GroupRow = { t: string; k1: string | null; k2: string | null; p50: number | null; p90: number | null } & Record<`c${number}`, number>;

function monthStatement(db: Kysely<Tables>, scope: ReportScope) {
  return sql<GroupRow>`
    WITH calls AS (
      SELECT f.entry_point,
        CASE WHEN e.incident_id IS NOT NULL THEN 'cad_eido' ELSE 'contact' END AS channel,
        coalesce(f.risk_level::text, 'not_triaged') AS level, f.response_given, f.police_ground, f.eligible_for_team,
        f.no_team_reason, f.override_reason,
        coalesce(f.response_seconds <= f.max_seconds, false) AS within_max,
        (f.disposition IS NOT NULL) AS closed, ${sql.raw(DISPOSITION_GROUP)} AS disp,
        f.arrest, f.use_of_force, f.injury, f.petition_by, f.deflection_pathway, f.diversion, f.age_band,
        coalesce(f.district_id, 'unplaced') AS district,
        coalesce(f.disability, 'unknown') AS disability, coalesce(f.rural_urban, 'unknown') AS rural_urban,
        coalesce(fe.has_episode, false) AS has_episode, fe.first_contact_seconds, fe.engaged, fe.linked, fe.closure_reason,
        (pl.person_id IS NOT NULL) AS linked_person,
        p.demographics->>'gender' AS gender, p.demographics->>'race' AS race, p.demographics->>'ethnicity' AS ethnicity, prev.days
      FROM report_facts f
      LEFT JOIN eido_links e ON e.incident_id = f.incident_id
      LEFT JOIN facilities fac ON fac.id = f.destination_facility_id
      -- Each call's first follow-up episode, hash-joined: only episodes opened since the month
      -- began can follow its calls (an episode opens after the call it follows was received).
      LEFT JOIN (
        SELECT DISTINCT ON (ep.incident_id) ep.incident_id, true AS has_episode,
          extract(epoch FROM ep.first_contact_at - ep.opened_at)::int AS first_contact_seconds,
          (ep.status IN ('engaged', 'referred') OR ep.closure->>'reason' IN ('connected_to_care', 'no_longer_needs_support')) AS engaged,
          (ep.closure->>'reason' = 'connected_to_care' OR ep.referrals @> '[{"status":"first_appointment_kept"}]' OR ep.referrals @> '[{"status":"completed"}]') AS linked,
          ep.closure->>'reason' AS closure_reason
        FROM followup_episodes ep WHERE ep.opened_at >= ${scope.from} ORDER BY ep.incident_id, ep.opened_at, ep.id
      ) fe ON fe.incident_id = f.incident_id
      LEFT JOIN person_links pl ON pl.incident_id = f.incident_id
      LEFT JOIN people p ON p.id = pl.person_id
      LEFT JOIN LATERAL (
        -- The condition on pl inside: a one-time filter, so calls without a person skip the lookup.
        SELECT floor(extract(epoch FROM f.received_at - max(f2.received_at)) / 86400)::int AS days
        FROM person_links pl2 JOIN report_facts f2 ON f2.incident_id = pl2.incident_id
        WHERE pl.person_id IS NOT NULL AND pl2.person_id = pl.person_id AND f2.received_at < f.received_at AND f2.received_at >= f.received_at - interval '90 days'
      ) prev ON true
      WHERE ${scopeFilter(scope)}
    ),
    cube AS MATERIALIZED (${sql.raw(CUBE_SELECT)}),
    arrived AS MATERIALIZED (
      SELECT f.risk_level, f.district_id, f.emergency_type, f.response_seconds, f.max_seconds FROM report_facts f
      WHERE ${scopeFilter(scope)} AND f.response_seconds IS NOT NULL AND f.max_seconds IS NOT NULL
    )
    ${sql.raw(GROUP_SELECTS)}`.execute(db);
}

function groupsOf(rows: GroupRow[]): RacGroups {
  const counts: Record<string, GroupCount[]> = Object.fromEntries([...RAC_COUNT_TABLES, ...RAC_TIME_TABLES].map((id) => [id, []]));
  const times: Record<string, Record<string, TimeGroup>> = Object.fromEntries(RAC_TIME_TABLES.map((id) => [id, {}]));
  for (const r of rows) {
    const values = Array.from({ length: WIDTH }, (_, i) => Number(r[`c${i}`]));
    const time = times[r.t];
    if (time) {
      // The grouping set () is the `all` row: its percentiles only; its counts are the grid's sums.
      time[r.k1 ?? 'all'] = { arrivals: values[0]!, median: r.p50 === null ? null : Number(r.p50), p90: r.p90 === null ? null : Number(r.p90) };
      if (r.k1 !== null) counts[r.t]!.push({ keys: [r.k1], counts: values.slice(0, 2) });
      continue;
    }
    const spec = COUNT_SPECS[r.t as keyof typeof COUNT_SPECS];
    counts[r.t]!.push({ keys: spec.keys.length === 2 ? [r.k1!, r.k2!] : [r.k1!], counts: values.slice(0, 1 + (spec.measures?.length ?? 0)) });
  }
  return { counts, times };
}
