import { sql, type Kysely } from 'kysely';
import { incidentFacts, type HandoffGroup, type IncidentFacts, type IncidentState, type RacGroups, type ReportRow } from '@continuum/domain';
import type { Tables } from '../schema.ts';
import { racMonthGroups, scopeFilter } from './rac-groups.ts';

/** Which of a region's calls a month's report reads. */
export interface ReportScope {
  regionId: string;
  from: Date;
  to: Date;
  /** A supervisor's own agency: only calls it received or sent a unit to. */
  agencyId?: string;
  districtId?: string;
  entryPoint?: string;
  /** Simulated calls (ADR 0037): left out (the default), added, or counted alone. */
  simulated: 'exclude' | 'include' | 'only';
}

/**
 * The RAC report's per-incident facts (migration 0041, ADR 0040): written beside the projection in
 * the write transaction, read a month at a time by index. Nothing here returns a name.
 */
export class ReportFactsRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Writes an incident's facts; its district and simulated flag are read from its projection row. */
  async upsert(f: IncidentFacts): Promise<void> {
    await sql`
      INSERT INTO report_facts (incident_id, region_id, agency_ids, version, received_at, entry_point, risk_level, response_given,
        police_ground, eligible_for_team, no_team_reason, override_reason, emergency_type, response_seconds, max_seconds, disposition,
        transport_destination, destination_facility_id, arrest, use_of_force, injury, petition_by, deflection_pathway, diversion,
        age_band, district_id, simulated, disability, rural_urban)
      SELECT ${f.incidentId}::uuid, ${f.regionId}, ${f.agencyIds}::text[], ${f.version}, ${f.receivedAt}, ${f.entryPoint}, ${f.riskLevel},
        ${f.responseGiven}, ${f.policeGround}, ${f.eligibleForTeam}, ${f.noTeamReason}, ${f.overrideReason}, ${f.emergencyType},
        ${f.responseSeconds}, ${f.maxSeconds}, ${f.disposition}, ${f.transportDestination}, ${f.destinationFacilityId}, ${f.arrest},
        ${f.useOfForce}, ${f.injury}, ${f.petitionBy}, ${f.deflectionPathway}, ${f.diversion}, ${f.ageBand}, i.district_id, i.simulated,
        ${f.disability}, coalesce((SELECT d.setting FROM districts d WHERE d.id = i.district_id), 'unknown')
      FROM incidents i WHERE i.id = ${f.incidentId}::uuid
      ON CONFLICT (incident_id) DO UPDATE SET
        region_id = EXCLUDED.region_id, agency_ids = EXCLUDED.agency_ids, version = EXCLUDED.version, received_at = EXCLUDED.received_at,
        entry_point = EXCLUDED.entry_point, risk_level = EXCLUDED.risk_level, response_given = EXCLUDED.response_given,
        police_ground = EXCLUDED.police_ground, eligible_for_team = EXCLUDED.eligible_for_team, no_team_reason = EXCLUDED.no_team_reason,
        override_reason = EXCLUDED.override_reason, emergency_type = EXCLUDED.emergency_type, response_seconds = EXCLUDED.response_seconds,
        max_seconds = EXCLUDED.max_seconds, disposition = EXCLUDED.disposition, transport_destination = EXCLUDED.transport_destination,
        destination_facility_id = EXCLUDED.destination_facility_id, arrest = EXCLUDED.arrest, use_of_force = EXCLUDED.use_of_force,
        injury = EXCLUDED.injury, petition_by = EXCLUDED.petition_by, deflection_pathway = EXCLUDED.deflection_pathway,
        diversion = EXCLUDED.diversion, age_band = EXCLUDED.age_band, district_id = EXCLUDED.district_id, simulated = EXCLUDED.simulated,
        disability = EXCLUDED.disability, rural_urban = EXCLUDED.rural_urban
    `.execute(this.db);
  }

  /**
   * Fills in the facts of incidents written before migration 0041, a batch at a time from their
   * projection rows, once: the marker row is removed when none is left. Returns how many were written.
   */
  async backfill(toState: (row: Record<string, unknown>) => IncidentState, batch = 500): Promise<number> {
    const pending = await sql<{ n: number }>`SELECT count(*)::int AS n FROM report_facts_backfill`.execute(this.db);
    if (!pending.rows[0]?.n) return 0;
    let written = 0;
    for (;;) {
      const rows = await sql<Record<string, unknown>>`
        SELECT i.* FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM report_facts f WHERE f.incident_id = i.id) LIMIT ${batch}`.execute(this.db);
      if (rows.rows.length === 0) break;
      for (const row of rows.rows) await this.upsert(incidentFacts(toState(row)));
      written += rows.rows.length;
    }
    await sql`DELETE FROM report_facts_backfill`.execute(this.db);
    return written;
  }

  /** The month's report grouped by the database, table by table (rac-groups.ts): what the report reads. */
  monthGroups(scope: ReportScope): Promise<RacGroups> {
    return racMonthGroups(this.db, scope);
  }

  /**
   * The month's calls of the scope one row each, joined with what other records add: the rows
   * the grouping is checked against (the report test), not read per request.
   */
  async monthRows(scope: ReportScope): Promise<ReportRow[]> {
    return (await monthRowsOf(this.db, scope)).map(rowOf);
  }

  /** The month's hand-offs of the scope by kind, direction and outcome (ADR 0028). */
  async handoffGroups(scope: ReportScope): Promise<HandoffGroup[]> {
    const rows = await sql<{ kind: string; from_kind: string; to_kind: string; state: string; n: number }>`
      SELECT h.kind, a.kind AS from_kind, h.to_agency_kind AS to_kind, h.state, count(*)::int AS n
      FROM handoffs h JOIN agencies a ON a.id = h.from_agency_id JOIN incidents i ON i.id = h.incident_id
      WHERE h.region_id = ${scope.regionId} AND h.offered_at >= ${scope.from} AND h.offered_at < ${scope.to}
        ${scope.simulated === 'include' ? sql`` : scope.simulated === 'only' ? sql`AND i.simulated` : sql`AND NOT i.simulated`}
        ${scope.agencyId ? sql`AND (h.from_agency_id = ${scope.agencyId} OR h.to_agency_id = ${scope.agencyId})` : sql``}
        ${scope.districtId ? sql`AND i.district_id = ${scope.districtId}` : sql``}
        ${scope.entryPoint ? sql`AND i.entry_point = ${scope.entryPoint}` : sql``}
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`.execute(this.db);
    return rows.rows.map((r) => ({ kind: r.kind, fromAgencyKind: r.from_kind, toAgencyKind: r.to_kind, outcome: r.state, count: Number(r.n) }));
  }

  /**
   * The supervisor's live figures for a region (issue 14 §3): today's calls by status, open calls
   * waiting per queue, maximum-time breaches, hand-offs waiting, units by status. Every figure is
   * one indexed aggregate (incidents by region and status or received time; facts by id).
   */
  async dashboard(regionId: string, since: Date, now: Date): Promise<DashboardFigures> {
    const [byStatus, queues, breaches, handoffs, units] = await Promise.all([
      sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM incidents WHERE region_id = ${regionId} AND received_at >= ${since} AND received_at <= ${now} AND NOT simulated GROUP BY status ORDER BY status`.execute(this.db),
      sql<{ status: string; n: number; oldest: Date }>`SELECT status, count(*)::int AS n, min(received_at) AS oldest FROM incidents WHERE region_id = ${regionId} AND status IN ('received', 'triaged', 'awaiting_dispatch') AND NOT simulated GROUP BY status ORDER BY status`.execute(this.db),
      sql<{ n: number; worst: number | null }>`
        SELECT count(*)::int AS n, max(extract(epoch FROM ${now}::timestamptz - i.received_at) - f.max_seconds)::int AS worst
        FROM incidents i JOIN report_facts f ON f.incident_id = i.id
        WHERE i.region_id = ${regionId} AND i.status IN ('received', 'triaged', 'awaiting_dispatch', 'dispatched', 'en_route') AND NOT i.simulated
          AND i.response->'clock'->>'onSceneAt' IS NULL AND i.received_at + make_interval(secs => f.max_seconds) < ${now}`.execute(this.db),
      sql<{ n: number; oldest: Date | null }>`SELECT count(*)::int AS n, min(offered_at) AS oldest FROM handoffs WHERE region_id = ${regionId} AND state = 'offered'`.execute(this.db),
      sql<{ status: string; n: number }>`SELECT u.status, count(*)::int AS n FROM units u JOIN agencies a ON a.id = u.agency_id WHERE a.region_id = ${regionId} AND u.retired_at IS NULL GROUP BY u.status ORDER BY u.status`.execute(this.db),
    ]);
    const age = (d: Date | null) => (d ? Math.max(0, Math.round((now.getTime() - new Date(d).getTime()) / 1000)) : null);
    return {
      byStatus: byStatus.rows.map((r) => ({ status: r.status, count: Number(r.n) })),
      queues: queues.rows.map((r) => ({ queue: r.status, waiting: Number(r.n), oldestWaitSeconds: age(r.oldest) ?? 0 })),
      breaches: { count: Number(breaches.rows[0]?.n ?? 0), longestOverSeconds: breaches.rows[0]?.worst ?? null },
      handoffsWaiting: { count: Number(handoffs.rows[0]?.n ?? 0), oldestWaitSeconds: age(handoffs.rows[0]?.oldest ?? null) },
      unitsByStatus: units.rows.map((r) => ({ status: r.status, count: Number(r.n) })),
    };
  }
}

export interface DashboardFigures {
  byStatus: { status: string; count: number }[];
  queues: { queue: string; waiting: number; oldestWaitSeconds: number }[];
  breaches: { count: number; longestOverSeconds: number | null };
  handoffsWaiting: { count: number; oldestWaitSeconds: number | null };
  unitsByStatus: { status: string; count: number }[];
}


const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A month row as the report reads it (shared with the drill-down's query, report-drill.ts). */
export function rowOf(r: Record<string, unknown>): ReportRow {
  return {
    entryPoint: String(r.entry_point),
    channel: r.cad ? 'cad_eido' : 'contact',
    riskLevel: num(r.risk_level),
    responseGiven: r.response_given as ReportRow['responseGiven'],
    policeGround: str(r.police_ground),
    eligibleForTeam: Boolean(r.eligible_for_team),
    noTeamReason: str(r.no_team_reason),
    overrideReason: str(r.override_reason),
    emergencyType: String(r.emergency_type),
    responseSeconds: num(r.response_seconds),
    maxSeconds: r.max_seconds === null ? null : Number(r.max_seconds),
    disposition: str(r.disposition),
    transportDestination: str(r.transport_destination),
    facilityKind: str(r.facility_kind),
    arrest: Boolean(r.arrest),
    useOfForce: Boolean(r.use_of_force),
    injury: Boolean(r.injury),
    petitionBy: str(r.petition_by),
    deflectionPathway: str(r.deflection_pathway),
    diversion: str(r.diversion),
    ageBand: r.age_band as ReportRow['ageBand'],
    disability: (r.disability ?? 'unknown') as NonNullable<ReportRow['disability']>,
    ruralUrban: (r.rural_urban ?? 'unknown') as NonNullable<ReportRow['ruralUrban']>,
    districtId: str(r.district_id),
    followup: !r.has_episode ? null : { firstContactSeconds: num(r.first_contact_seconds), engaged: Boolean(r.engaged), linkedToCare: Boolean(r.linked), closureReason: str(r.closure_reason) },
    person: r.linked_person ? { gender: str(r.gender), race: str(r.race), ethnicity: str(r.ethnicity) } : null,
    daysSincePrevious: num(r.days),
  };
}

/**
 * The scope's calls one row each, oldest first, with what other records add and what opens each
 * call (id, number, time, status): the rows the report's grouping is checked against, and the
 * drill-down's rows (report-drill.ts), read by one statement so the two never disagree.
 */
export async function monthRowsOf(db: Kysely<Tables>, scope: ReportScope): Promise<Record<string, unknown>[]> {
  const rows = await sql<Record<string, unknown>>`
      SELECT f.incident_id, i.number, f.received_at, i.status, f.simulated, f.entry_point, (e.incident_id IS NOT NULL) AS cad, f.risk_level, f.response_given, f.police_ground, f.eligible_for_team,
        f.no_team_reason, f.override_reason, f.emergency_type, f.response_seconds, f.max_seconds, f.disposition, f.transport_destination,
        fac.kind AS facility_kind, f.arrest, f.use_of_force, f.injury, f.petition_by, f.deflection_pathway, f.diversion, f.age_band, f.district_id, f.disability, f.rural_urban,
        fe.has_episode, fe.first_contact_seconds, fe.engaged, fe.linked, fe.closure_reason, (pl.person_id IS NOT NULL) AS linked_person,
        p.demographics->>'gender' AS gender, p.demographics->>'race' AS race, p.demographics->>'ethnicity' AS ethnicity, prev.days
      FROM report_facts f
      JOIN incidents i ON i.id = f.incident_id
      LEFT JOIN eido_links e ON e.incident_id = f.incident_id
      LEFT JOIN facilities fac ON fac.id = f.destination_facility_id
      LEFT JOIN LATERAL (
        SELECT true AS has_episode, extract(epoch FROM ep.first_contact_at - ep.opened_at)::int AS first_contact_seconds,
          (ep.status IN ('engaged', 'referred') OR ep.closure->>'reason' IN ('connected_to_care', 'no_longer_needs_support')) AS engaged,
          (ep.closure->>'reason' = 'connected_to_care' OR ep.referrals @> '[{"status":"first_appointment_kept"}]' OR ep.referrals @> '[{"status":"completed"}]') AS linked,
          ep.closure->>'reason' AS closure_reason
        FROM followup_episodes ep WHERE ep.incident_id = f.incident_id ORDER BY ep.opened_at, ep.id LIMIT 1
      ) fe ON true
      LEFT JOIN person_links pl ON pl.incident_id = f.incident_id
      LEFT JOIN people p ON p.id = pl.person_id
      LEFT JOIN LATERAL (
        SELECT floor(extract(epoch FROM f.received_at - max(f2.received_at)) / 86400)::int AS days
        FROM person_links pl2 JOIN report_facts f2 ON f2.incident_id = pl2.incident_id
        WHERE pl2.person_id = pl.person_id AND f2.received_at < f.received_at AND f2.received_at >= f.received_at - interval '90 days'
      ) prev ON pl.person_id IS NOT NULL
      WHERE ${scopeFilter(scope)}
      ORDER BY f.received_at, f.incident_id
  `.execute(db);
  return rows.rows;
}
