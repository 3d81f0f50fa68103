import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { DISPOSITIONS } from '@continuum/domain';
import type { BreakGlassView, FeedStatus, SessionView } from '@continuum/sdk';
import { useClient } from '../client-context.tsx';
import { OUTCOME_LABELS } from '../close-form.ts';
import { filtersPath, hasFilters, NO_FILTERS, queryOf, readFilters, type IncidentFilters } from '../incident-filters.ts';
import { redirect } from '../router.ts';
import { INCIDENTS_KEY, UNITS_KEY } from '../use-live-feed.ts';
import { useNow } from '../use-now.ts';
import { usePageKeys } from '../use-shortcuts.ts';
import { BreakGlassDialog } from './break-glass/BreakGlassDialog.tsx';
import { BreakGlassIncident } from './break-glass/BreakGlassIncident.tsx';
import { IncidentPage } from './incident/IncidentPage.tsx';
import { IncidentTable } from './IncidentTable.tsx';
import './incident/incident-list.css';

const SHOW: { id: IncidentFilters['show']; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'open', label: 'Open' },
  { id: 'ended', label: 'Ended' },
];

const EMPTY: Record<IncidentFilters['show'], string> = {
  all: 'No incidents yet. New incidents appear here the moment they are created, without reloading.',
  open: 'No open incidents. New ones appear here the moment they are created.',
  ended: 'No closed or cancelled incidents yet.',
};

/**
 * The incidents: `/incidents` the live list with its search and filters (kept in the address),
 * `/incidents/<id>` one call. Supervisors may also open a restricted record here by break-glass (`b`).
 */
export function IncidentsPage({ path, session, feedStatus }: { path: string; session: SessionView; feedStatus: FeedStatus }) {
  const id = /^\/incidents\/([0-9a-f-]{36})/.exec(path)?.[1];
  if (id) return <IncidentPage id={id} session={session} />;
  return <IncidentList path={path} session={session} feedStatus={feedStatus} />;
}

function IncidentList({ path, session, feedStatus }: { path: string; session: SessionView; feedStatus: FeedStatus }) {
  const client = useClient();
  const now = useNow();
  const canBreakGlass = session.abilities.includes('incident.break_glass');
  const filters = readFilters(path);
  const [typed, setTyped] = useState(filters.q);
  const [breakingGlass, setBreakingGlass] = useState(false);
  const [opened, setOpened] = useState<BreakGlassView | null>(null);
  usePageKeys({ b: () => (canBreakGlass ? setBreakingGlass(true) : false), '/': () => document.getElementById('incident-search')?.focus() }, !breakingGlass);
  const set = (change: Partial<IncidentFilters>) => redirect(filtersPath({ ...filters, ...change }));
  // Typing searches after a pause, not on every key.
  useEffect(() => {
    if (typed === filters.q) return;
    const timer = setTimeout(() => set({ q: typed }), 350);
    return () => clearTimeout(timer);
  }, [typed]);
  const query = queryOf(filters);
  const list = useQuery({
    queryKey: [...INCIDENTS_KEY, 'list', query],
    queryFn: ({ signal }) => client.listIncidents({ ...query, signal }),
    // The feed says when to refetch; polling is only the fallback while it is down.
    refetchInterval: feedStatus === 'live' ? false : 15_000,
  });
  const units = useQuery({ queryKey: UNITS_KEY, queryFn: ({ signal }) => client.listUnits({ signal }), staleTime: 60_000 });

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
            {SHOW.map((f) => (
              <button key={f.id} type="button" className="button" aria-pressed={filters.show === f.id} onClick={() => set({ show: f.id })} data-testid={`filter-${f.id}`}>
                {f.label}
              </button>
            ))}
          </div>
        </div>
      </div>
      <form className="incident-filters" role="search" aria-label="Search incidents" onSubmit={(e) => { e.preventDefault(); set({ q: typed }); }}>
        <div className="field search">
          <label htmlFor="incident-search">Number, phone, address or name <kbd>/</kbd></label>
          <input id="incident-search" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="26-000123, 217 555 0142, Race St…" data-testid="incident-search" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="incident-from">From</label>
          <input id="incident-from" type="date" value={filters.from} onChange={(e) => set({ from: e.target.value })} data-testid="incident-from" />
        </div>
        <div className="field">
          <label htmlFor="incident-to">To</label>
          <input id="incident-to" type="date" value={filters.to} onChange={(e) => set({ to: e.target.value })} data-testid="incident-to" />
        </div>
        <div className="field">
          <label htmlFor="incident-level">Risk level</label>
          <select id="incident-level" value={filters.level} onChange={(e) => set({ level: e.target.value })} data-testid="incident-level">
            <option value="">Any</option>
            {[1, 2, 3, 4].map((l) => <option key={l} value={l}>Level {l}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="incident-disposition">Disposition</label>
          <select id="incident-disposition" value={filters.disposition} onChange={(e) => set({ disposition: e.target.value })} data-testid="incident-disposition">
            <option value="">Any</option>
            {DISPOSITIONS.map((d) => <option key={d} value={d}>{OUTCOME_LABELS[d]}</option>)}
          </select>
        </div>
        {units.data && units.data.items.length > 0 && (
          <div className="field">
            <label htmlFor="incident-unit">Unit</label>
            <select id="incident-unit" value={filters.unit} onChange={(e) => set({ unit: e.target.value })} data-testid="incident-unit">
              <option value="">Any</option>
              {units.data.items.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </select>
          </div>
        )}
        {hasFilters(filters) && (
          <button type="button" className="button" onClick={() => { setTyped(''); redirect(filtersPath(NO_FILTERS)); }} data-testid="incident-clear">Clear</button>
        )}
      </form>
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
        <p className="empty" data-testid="incidents-empty">
          {hasFilters(filters) ? 'No call matches this search within your reach. Try fewer filters, or another spelling or number.' : EMPTY[filters.show]}
        </p>
      )}
      {list.data && list.data.items.length > 0 && <IncidentTable incidents={list.data.items} now={now} />}
    </section>
  );
}
