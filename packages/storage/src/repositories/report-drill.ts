import type { Kysely } from 'kysely';
import type { ReportRow } from '@continuum/domain';
import type { Tables } from '../schema.ts';
import { monthRowsOf, rowOf, type ReportScope } from './report-facts.ts';

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
 * (report-facts.ts monthRowsOf, one statement), each with its incident's id, number, time and status,
 * oldest first; the domain's cellMatcher then keeps the cell's. Only ever asked for a supervisor's
 * own agency (scope.agencyId), whose month is a few thousand calls at most.
 */
export class ReportDrillRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async monthCalls(scope: ReportScope & { agencyId: string }): Promise<DrillRow[]> {
    const rows = await monthRowsOf(this.db, scope);
    return rows.map((r) => ({
      ...rowOf(r),
      incidentId: String(r.incident_id),
      number: r.number === null || r.number === undefined ? null : String(r.number),
      receivedAt: new Date(r.received_at as string),
      status: String(r.status),
      simulated: Boolean(r.simulated),
    }));
  }
}
