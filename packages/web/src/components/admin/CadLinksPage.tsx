import { useQuery } from '@tanstack/react-query';
import type { CadLinksView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { formatDateTime } from '../../datetime.ts';

type Delivery = CadLinksView['deliveries'][number];

const STATE_LABELS: Record<Delivery['state'], string> = { waiting: 'Waiting to send', delivered: 'Delivered', failed: 'Given up' };
const when = (iso: string | null) => (iso ? formatDateTime(iso) : '—');

/**
 * The links with 911 CADs (NENA EIDO, ADR 0029): which API tokens may send incidents, the webhooks
 * CADs registered for updates, and the last deliveries with their failures, so an administrator
 * sees at a glance whether the 911 centre's CAD is hearing what the crisis team does.
 */
export function CadLinksPage() {
  const client = useClient();
  const links = useQuery({ queryKey: ['cad-links'], queryFn: ({ signal }) => client.cadLinks({ signal }), refetchInterval: 10_000 });
  const data = links.data;
  const failures = data?.deliveries.filter((d) => d.state === 'failed' || (d.state === 'waiting' && d.attempts > 0)) ?? [];
  return (
    <div className="cad-links" data-testid="cad-links">
      <div className="page-head">
        <h2>CAD links</h2>
      </div>
      <p className="muted page-lede">
        A 911 centre’s CAD sends calls here as NENA EIDO documents with an API token given the <code>eido.write</code> scope, and
        receives an update at its webhook each time the crisis team is dispatched, moves or clears, and when the call closes.
      </p>
      {links.isPending && <p className="muted">Loading…</p>}
      {links.isError && <p className="notice-inline" role="alert">The CAD links could not be loaded. Try again shortly.</p>}
      {data && (
        <>
          <h3>Tokens that may send EIDO</h3>
          {data.tokens.length === 0 ? (
            <p className="empty" data-testid="cad-tokens-empty">
              No CAD is linked yet. An intake account of the 911 centre makes a token with the <code>eido.write</code> scope
              (<code>POST /api/tokens</code>) and gives it to the CAD.
            </p>
          ) : (
            <div className="table-wrap"><table className="table" data-testid="cad-tokens">
              <thead><tr><th scope="col">Name</th><th scope="col">Account</th><th scope="col">Agency</th><th scope="col">Made</th><th scope="col">Ends</th><th scope="col">State</th></tr></thead>
              <tbody>
                {data.tokens.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td><td>{t.username}</td><td>{t.agencyId}</td><td>{when(t.createdAt)}</td><td>{when(t.expiresAt)}</td>
                    <td>{t.revokedAt ? `Revoked ${when(t.revokedAt)}` : t.expiresAt && new Date(t.expiresAt) < new Date() ? 'Expired' : 'In use'}</td>
                  </tr>
                ))}
              </tbody>
            </table></div>
          )}

          <h3>Webhooks</h3>
          {data.subscriptions.length === 0 ? (
            <p className="empty" data-testid="cad-subscriptions-empty">No CAD has registered a webhook: updates are sent to none.</p>
          ) : (
            <div className="table-wrap"><table className="table" data-testid="cad-subscriptions">
              <thead><tr><th scope="col">Address</th><th scope="col">Since</th><th scope="col">Delivered</th><th scope="col">Waiting</th><th scope="col">Given up</th><th scope="col">State</th></tr></thead>
              <tbody>
                {data.subscriptions.map((s) => (
                  <tr key={s.id}>
                    <td><code>{s.url}</code></td><td>{when(s.createdAt)}</td><td>{s.delivered}</td><td>{s.waiting}</td>
                    <td className={s.failed ? 'text-danger' : undefined}>{s.failed}</td>
                    <td>{s.endedAt ? `Ended ${when(s.endedAt)}` : 'Active'}</td>
                  </tr>
                ))}
              </tbody>
            </table></div>
          )}

          <h3>Failures</h3>
          {failures.length === 0 ? (
            <p className="muted" data-testid="cad-failures-empty">No failed delivery among the last {data.deliveries.length}.</p>
          ) : (
            <ul className="cad-failures" data-testid="cad-failures">
              {failures.map((d) => (
                <li key={d.id}>
                  {STATE_LABELS[d.state]} after {d.attempts} attempt{d.attempts === 1 ? '' : 's'}: {d.lastError ?? 'no answer'}
                  {d.nextAttemptAt ? `; next try ${when(d.nextAttemptAt)}` : ''}
                </li>
              ))}
            </ul>
          )}

          <h3>Last deliveries</h3>
          {data.deliveries.length === 0 ? (
            <p className="muted" data-testid="cad-deliveries-empty">Nothing has been sent to a CAD yet.</p>
          ) : (
            <div className="table-wrap"><table className="table" data-testid="cad-deliveries">
              <thead><tr><th scope="col">Queued</th><th scope="col">EIDO</th><th scope="col">Version</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Answer</th></tr></thead>
              <tbody>
                {data.deliveries.map((d) => (
                  <tr key={d.id}>
                    <td>{when(d.createdAt)}</td><td><code>{d.eidoId}</code></td><td>{d.incidentVersion}</td><td>{STATE_LABELS[d.state]}</td><td>{d.attempts}</td>
                    <td>{d.lastStatus ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table></div>
          )}
        </>
      )}
    </div>
  );
}
