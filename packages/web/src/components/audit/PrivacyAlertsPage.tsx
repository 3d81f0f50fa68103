import { useQuery } from '@tanstack/react-query';
import type { FeedStatus, PrivacyAlert, SessionView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { formatStamp, roleName, shortId } from '../../privacy-labels.ts';
import { PRIVACY_ALERTS_KEY } from '../../use-live-feed.ts';
import { useArrivals } from '../../use-arrivals.ts';
import { filtersPath, NO_FILTERS } from './audit-filters.ts';
import { recordTypeLabel } from './audit-labels.ts';
import './audit.css';

/** Break-glass openings for review, newest first; new ones arrive live through the feed. */
export function PrivacyAlertsPage({ session, feedStatus }: { session: SessionView; feedStatus: FeedStatus }) {
  const client = useClient();
  const alerts = useQuery({
    queryKey: [...PRIVACY_ALERTS_KEY],
    queryFn: ({ signal }) => client.privacyAlerts({ signal }),
    // The feed says when to refetch; polling is only the fallback while it is down.
    refetchInterval: feedStatus === 'live' ? false : 15_000,
  });
  const mayAudit = session.abilities.includes('audit.read');

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Privacy alerts</h1>
      </div>
      <p className="muted page-lede">
        Each time a supervisor opens a record no agreement lets them read (“breaks the glass”), it appears here at once, with the
        reason they wrote. Check that the reason fits the record{mayAudit ? ', and follow the record in the audit trail' : ''}.
      </p>
      <p className="muted" aria-live="polite" data-testid="alerts-count">
        {alerts.data ? `${alerts.data.items.length} ${alerts.data.items.length === 1 ? 'opening' : 'openings'}, newest first` : '\u00a0'}
        {feedStatus !== 'live' && alerts.data ? ' · live updates paused, checking every 15 seconds' : ''}
      </p>
      {alerts.isPending && <p className="empty">Loading alerts…</p>}
      {alerts.isError && (
        <div className="empty empty-error" role="alert" data-testid="alerts-error">
          <p>The alerts could not be loaded: {alerts.error.message}</p>
          <button type="button" className="button button-primary" onClick={() => void alerts.refetch()}>Try again</button>
        </div>
      )}
      {alerts.data && alerts.data.items.length === 0 && (
        <p className="empty" data-testid="alerts-empty">
          No break-glass openings. Nothing to review: new ones appear here the moment they happen, without reloading.
        </p>
      )}
      {alerts.data && alerts.data.items.length > 0 && <AlertTable alerts={alerts.data.items} mayAudit={mayAudit} />}
    </section>
  );
}

function AlertTable({ alerts, mayAudit }: { alerts: readonly PrivacyAlert[]; mayAudit: boolean }) {
  const arrivals = useArrivals(alerts.map((a) => String(a.id)));
  return (
    <div className="table-wrap">
      <table className="table alerts-table" data-testid="alerts-table">
        <caption className="visually-hidden">Break-glass openings, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Supervisor</th>
            <th scope="col">Record</th>
            <th scope="col">Reason given</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id} className={arrivals.has(String(a.id)) ? 'row-new' : undefined} data-testid="alert-row" data-record-id={a.resourceId ?? ''}>
              <td className="nowrap"><time dateTime={a.at}>{formatStamp(a.at)}</time></td>
              <td>
                {a.actorName ?? (a.actorId ? shortId(a.actorId) : 'Unknown')}
                <span className="cell-sub">{[roleName(a.role), a.agencyName].filter(Boolean).join(' · ')}</span>
              </td>
              <td className="nowrap">
                {a.resourceType && <span className="cell-sub">{recordTypeLabel(a.resourceType)}</span>}
                {a.resourceId && (mayAudit ? (
                  <a href={`#${filtersPath({ ...NO_FILTERS, record: a.resourceId })}`} title={`${a.resourceId}: everything recorded about it`} data-testid="alert-record">
                    {shortId(a.resourceId)}
                  </a>
                ) : (
                  <span title={a.resourceId}>{shortId(a.resourceId)}</span>
                ))}
              </td>
              <td className="alert-reason" data-testid="alert-reason">{a.reason ?? <span className="muted">No reason recorded</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
