import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { IncidentStatus } from '@continuum/domain';
import type { BreakGlassView, FeedStatus } from '@continuum/sdk';
import { useClient } from '../client-context.tsx';
import { INCIDENTS_KEY } from '../use-live-feed.ts';
import { useNow } from '../use-now.ts';
import { usePageKeys } from '../use-shortcuts.ts';
import { BreakGlassDialog } from './break-glass/BreakGlassDialog.tsx';
import { BreakGlassIncident } from './break-glass/BreakGlassIncident.tsx';
import { IncidentTable } from './IncidentTable.tsx';

type Filter = 'open' | 'ended' | 'all';

const ENDED: IncidentStatus[] = ['closed', 'cancelled'];
const OPEN: IncidentStatus[] = [
  'received', 'triaged', 'transferred_to_988', 'escalated_to_911', 'routed_to_cares', 'awaiting_dispatch', 'dispatched', 'en_route',
  'on_scene', 'transporting',
];
const FILTERS: { id: Filter; label: string; statuses?: IncidentStatus[] }[] = [
  { id: 'all', label: 'All' },
  { id: 'open', label: 'Open', statuses: OPEN },
  { id: 'ended', label: 'Ended', statuses: ENDED },
];

const EMPTY: Record<Filter, string> = {
  all: 'No incidents yet. New incidents appear here the moment they are created, without reloading.',
  open: 'No open incidents. New ones appear here the moment they are created.',
  ended: 'No closed or cancelled incidents yet.',
};

/**
 * The live incident list: the default page, and the proof that the feed works. Supervisors may
 * also open a restricted record here by break-glass (`b`).
 */
export function IncidentsPage({ feedStatus, canBreakGlass = false }: { feedStatus: FeedStatus; canBreakGlass?: boolean }) {
  const client = useClient();
  const now = useNow();
  const [filter, setFilter] = useState<Filter>('all');
  const [breakingGlass, setBreakingGlass] = useState(false);
  const [opened, setOpened] = useState<BreakGlassView | null>(null);
  usePageKeys({ b: () => setBreakingGlass(true) }, canBreakGlass && !breakingGlass);
  const statuses = FILTERS.find((f) => f.id === filter)?.statuses;
  const list = useQuery({
    queryKey: [...INCIDENTS_KEY, 'list', filter],
    queryFn: ({ signal }) => client.listIncidents({ limit: 50, ...(statuses ? { status: statuses } : {}), signal }),
    // The feed says when to refetch; polling is only the fallback while it is down.
    refetchInterval: feedStatus === 'live' ? false : 15_000,
  });

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Incidents</h1>
        <div className="page-actions">
          {canBreakGlass && (
            <button type="button" className="button" onClick={() => setBreakingGlass(true)} data-testid="break-glass-open">
              Open a restricted record <kbd>b</kbd>
            </button>
          )}
          <div className="segmented" role="group" aria-label="Show">
            {FILTERS.map((f) => (
              <button
                key={f.id}
                type="button"
                className="button"
                aria-pressed={filter === f.id}
                onClick={() => setFilter(f.id)}
                data-testid={`filter-${f.id}`}
              >
                {f.label}
              </button>
            ))}
          </div>
        </div>
      </div>
      {opened && <BreakGlassIncident view={opened} now={now} onClose={() => setOpened(null)} />}
      {breakingGlass && (
        <BreakGlassDialog
          onClose={() => setBreakingGlass(false)}
          onOpened={(view) => {
            setBreakingGlass(false);
            setOpened(view);
          }}
        />
      )}
      <p className="muted" aria-live="polite" data-testid="incident-count">
        {list.data ? `${list.data.items.length} shown${list.data.nextBefore ? ' (newest 50)' : ''}` : '\u00a0'}
        {list.isFetching && list.data ? ' · updating…' : ''}
      </p>
      {list.isPending && <p className="empty" data-testid="incidents-loading">Loading incidents…</p>}
      {list.isError && (
        <div className="empty empty-error" role="alert" data-testid="incidents-error">
          <p>The incident list could not be loaded: {list.error.message}</p>
          <button type="button" className="button button-primary" onClick={() => void list.refetch()}>
            Try again
          </button>
        </div>
      )}
      {list.data && list.data.items.length === 0 && (
        <p className="empty" data-testid="incidents-empty">{EMPTY[filter]}</p>
      )}
      {list.data && list.data.items.length > 0 && <IncidentTable incidents={list.data.items} now={now} />}
    </section>
  );
}
