import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { IncidentStatus } from '@continuum/domain';
import { useClient } from '../../client-context.tsx';
import { formatDateTime } from '../../datetime.ts';
import { STATUS_LABELS } from '../../format.ts';
import { words } from './report-format.ts';

/** The report's own query (GET /api/reports/rac): the drill-down asks within the same filters. */
export interface ReportQuery {
  region: string;
  month: string;
  district?: string;
  entryPoint?: string;
}

export interface DrilledCell {
  table: string;
  title: string;
  keys: string[];
  measure: string;
  /** The row's keys as the table prints them (district names, not ids). */
  rowLabel: string;
}

/**
 * The calls behind one figure of the supervisor's report (issue 14 §3): each opens its call page.
 * The read is audited on the server; it is made once per cell asked, never refetched on focus.
 */
export function CellCalls({ cell, query, onClose }: { cell: DrilledCell; query: ReportQuery; onClose: () => void }) {
  const client = useClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const q = { ...query, table: cell.table, keys: cell.keys, measure: cell.measure };
  const calls = useQuery({ queryKey: ['rac-calls', q], queryFn: ({ signal }) => client.racCalls(q, { signal }), staleTime: Infinity, refetchOnWindowFocus: false, retry: false });
  // The list appears below the table: focus moves to it, so a keyboard or screen-reader user lands there.
  useEffect(() => heading.current?.focus(), [cell]);
  return (
    <div className="cell-calls" role="region" aria-labelledby="cell-calls-title" data-testid="rac-cell-calls">
      <div className="cell-calls-head">
        <h3 id="cell-calls-title" tabIndex={-1} ref={heading}>
          {cell.title}: {cell.keys.every((k) => k === 'all') ? 'all rows' : cell.rowLabel}, {words(cell.measure)}
        </h3>
        <button type="button" className="button" onClick={onClose} data-testid="rac-cell-calls-close">Close</button>
      </div>
      {calls.isPending && <p className="muted">Loading the calls…</p>}
      {calls.isError && <p className="empty-error" role="alert">The calls could not be loaded: {calls.error.message}</p>}
      {calls.data && (
        calls.data.calls.length === 0 ? (
          <p className="muted">No calls behind this figure.</p>
        ) : (
          <>
            <p className="muted">
              {calls.data.total === 1 ? 'One call' : `${calls.data.total.toLocaleString('en-US')} calls`}
              {calls.data.truncated ? `; the first ${calls.data.calls.length} are listed` : ''}. Opening one is recorded in the audit trail.
            </p>
            <ul className="cell-calls-list">
              {calls.data.calls.map((c) => (
                <li key={c.id}>
                  <a href={`#/incidents/${c.id}`} data-testid="rac-cell-call">{c.number ? `Call ${c.number}` : 'Open the call'}</a>
                  <span>{formatDateTime(c.receivedAt)}</span>
                  <span>{STATUS_LABELS[c.status as IncidentStatus] ?? words(c.status)}</span>
                  <span>{c.riskLevel === null ? 'Not triaged' : `Level ${c.riskLevel}`}</span>
                  {c.simulated && <span className="tag">Simulated</span>}
                </li>
              ))}
            </ul>
          </>
        )
      )}
    </div>
  );
}
