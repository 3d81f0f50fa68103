import type { AuditRecordView } from '@continuum/sdk';
import { fieldClassName, formatClock, formatDay, formatStamp, purposeName, roleName, shortId } from '../../privacy-labels.ts';
import { filtersPath, NO_FILTERS } from './audit-filters.ts';
import { auditActionLabel, recordTypeLabel } from './audit-labels.ts';
import { useQueryClient } from '@tanstack/react-query';
import type { SessionView } from '@continuum/sdk';
import { SESSION_KEY } from '../../query-client.ts';

const OUTCOME_LABELS: Record<AuditRecordView['outcome'], string> = { allowed: 'Allowed', denied: 'Denied', failed: 'Failed' };

/** What a row's detail says, in one line where it can: the reason first, since people write it. */
function Detail({ detail }: { detail: Record<string, unknown> }) {
  const keys = Object.keys(detail);
  if (keys.length === 0) return null;
  const reason = typeof detail.reason === 'string' ? detail.reason : null;
  return (
    <>
      {reason && <span className="cell-sub audit-reason" data-testid="audit-reason">“{reason}”</span>}
      <details className="audit-detail">
        <summary>Details</summary>
        <pre>{JSON.stringify(detail, null, 2)}</pre>
      </details>
    </>
  );
}

/** The audit trail as a table; names and record ids link to the trail filtered to them. */
export function AuditTable({ rows }: { rows: readonly AuditRecordView[] }) {
  // A call named by a row opens on its own page, for a reader who may read calls at all.
  const session = useQueryClient().getQueryData<SessionView | null>(SESSION_KEY);
  const opensIncidents = session?.abilities.includes('incident.read') ?? false;
  return (
    <div className="table-wrap">
      <table className="table audit-table" data-testid="audit-table">
        <caption className="visually-hidden">Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Record</th>
            <th scope="col">Field classes</th>
            <th scope="col">Purpose</th>
            <th scope="col">Address</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="audit-row" data-audit-id={r.id} data-action={r.action} data-outcome={r.outcome}>
              <td className="nowrap" data-label="Time">
                <time dateTime={r.at} title={formatStamp(r.at)}>
                  {formatDay(r.at)}
                  <span className="cell-sub">{formatClock(r.at)} · #{r.id}</span>
                </time>
              </td>
              <td data-label="Who">
                {r.actorId ? (
                  <a href={`#${filtersPath({ ...NO_FILTERS, who: r.actorId })}`} title={`Everything by ${r.actorUsername ?? r.actorId}`} data-testid="audit-who">
                    {r.actorName ?? r.actorUsername ?? shortId(r.actorId)}
                  </a>
                ) : (
                  <span className="muted">Not signed in</span>
                )}
                <span className="cell-sub" title={r.agencyId ? `Agency ${r.agencyId}` : undefined}>{[r.actorUsername, roleName(r.role)].filter(Boolean).join(' · ')}</span>
              </td>
              <td className="audit-action" data-label="Action">
                <span className="audit-action-label" title={r.action}>{auditActionLabel(r.action)}</span>
                <Detail detail={r.detail} />
              </td>
              <td data-label="Outcome">
                <span className={`badge outcome-${r.outcome}`}>{OUTCOME_LABELS[r.outcome]}</span>
              </td>
              <td data-label="Record">
                {r.resourceType && <span className="cell-sub audit-type">{recordTypeLabel(r.resourceType)}</span>}
                {r.resourceType === 'incident' && r.resourceId && opensIncidents && (
                  <a href={`#/incidents/${r.resourceId}`} className="cell-sub" data-testid="audit-open-incident">open the call</a>
                )}
                {r.resourceId ? (
                  <a href={`#${filtersPath({ ...NO_FILTERS, record: r.resourceId })}`} title={`${r.resourceId}: everything about this record`} className="audit-id" data-identifier>
                    {shortId(r.resourceId)}
                  </a>
                ) : (
                  !r.resourceType && <span className="muted">—</span>
                )}
              </td>
              <td data-label="Field classes">
                {r.fieldClasses.length ? r.fieldClasses.map(fieldClassName).join(', ') : <span className="muted">None</span>}
              </td>
              <td data-label="Purpose">{r.purpose ? purposeName(r.purpose) : <span className="muted">—</span>}</td>
              <td className="nowrap" data-label="Address">{r.address ? <code>{r.address}</code> : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
