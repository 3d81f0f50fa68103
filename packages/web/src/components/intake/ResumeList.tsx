import { useQuery } from '@tanstack/react-query';
import type { FeedStatus, SessionView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { ENTRY_POINT_LABELS, formatAge } from '../../format.ts';
import { INCIDENTS_KEY } from '../../use-live-feed.ts';
import { useNow } from '../../use-now.ts';

/** Your agency's calls whose interview has not reached a determination, to pick up again. */
export function ResumeList({ session, feedStatus }: { session: SessionView; feedStatus: FeedStatus }) {
  const client = useClient();
  const now = useNow();
  const list = useQuery({
    queryKey: [...INCIDENTS_KEY, 'intake-open'],
    queryFn: ({ signal }) => client.listIncidents({ status: ['received'], limit: 50, signal }),
    refetchInterval: feedStatus === 'live' ? false : 15_000,
  });
  // The list is the region's; only the caller's own agency resumes its calls.
  const mine = list.data?.items.filter((i) => i.agencyId === session.agency.id) ?? [];

  return (
    <aside className="resume" aria-labelledby="resume-title" data-testid="resume-list">
      <h2 id="resume-title">Interviews in progress</h2>
      {list.isPending && <p className="muted">Loading…</p>}
      {list.isError && <p className="form-error" role="alert">The list could not be loaded: {list.error.message}</p>}
      {list.data && mine.length === 0 && <p className="muted" data-testid="resume-empty">None. Calls of your agency that are not yet triaged appear here.</p>}
      {mine.length > 0 && (
        <ul className="resume-items">
          {mine.map((i) => (
            <li key={i.id}>
              <a className="resume-link" href={`#/intake/${i.id}`} data-testid="resume-link" data-incident-id={i.id}>
                <span className="resume-where">{i.location?.address ?? 'Location hidden'}</span>
                <span className="cell-sub">
                  {ENTRY_POINT_LABELS[i.entryPoint]} · {formatAge(i.receivedAt, now)}
                  {i.summary ? ` · ${i.summary}` : ''}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
