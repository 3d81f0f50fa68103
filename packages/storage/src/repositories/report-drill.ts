import { sql, type Kysely } from 'kysely';
import type { ReportRow } from '@continuum/domain';
import type { Tables } from '../schema.ts';
import { rowOf, type ReportScope } from './report-facts.ts';

/** A call of the month as the drill-down lists it: the report's row, with what opens the call. */
export interface DrillRow extends ReportRow {
  incidentId: string;
  number: string | null;
  receivedAt: Date;
  status: string;
  simulated: boolean;
}

/**
 * The calls behind a cell of the RAC report (issue 14 §3): the same month's rows the report reads
 * (report-facts.ts monthRows, the same joins), each with its incident's id, number, time and status,
 * oldest first; the domain's cellMatcher then keeps the cell's. Only ever asked for a supervisor's
 * own agency (scope.agencyId), whose month is a few thousand calls at most.
 */
export class ReportDrillRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async monthCalls(scope: ReportScope & { agencyId: string }): Promise<DrillRow[]> {
    const rows = await sql<Record<string, unknown>>`
      SELECT f.incident_id, i.number, f.received_at, i.status, f.simulated,
        f.entry_point, (e.incident_id IS NOT NULL) AS cad, f.risk_level, f.response_given, f.police_ground, f.eligible_for_team,
        f.no_team_reason, f.override_reason, f.emergency_type, f.response_seconds, f.max_seconds, f.disposition, f.transport_destination,
        fac.kind AS facility_kind, f.arrest, f.use_of_force, f.injury, f.petition_by, f.deflection_pathway, f.diversion, f.age_band, f.district_id,
        f.disability, f.rural_urban,
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
      WHERE f.region_id = ${scope.regionId} AND f.received_at >= ${scope.from} AND f.received_at < ${scope.to}
        AND f.agency_ids @> ARRAY[${scope.agencyId}]::text[]
        ${scope.simulated === 'include' ? sql`` : scope.simulated === 'only' ? sql`AND f.simulated` : sql`AND NOT f.simulated`}
        ${scope.districtId ? sql`AND f.district_id = ${scope.districtId}` : sql``}
        ${scope.entryPoint ? sql`AND f.entry_point = ${scope.entryPoint}` : sql``}
      ORDER BY f.received_at, f.incident_id
    `.execute(this.db);
    return rows.rows.map((r) => ({
      ...rowOf(r),
      incidentId: String(r.incident_id),
      number: r.number === null || r.number === undefined ? null : String(r.number),
      receivedAt: new Date(r.received_at as string),
      status: String(r.status),
      simulated: Boolean(r.simulated),
    }));
  }
}
