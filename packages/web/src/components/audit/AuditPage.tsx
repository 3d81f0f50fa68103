import { useMemo } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useClient } from '../../client-context.tsx';
import { navigate } from '../../router.ts';
import { AuditFilterBar } from './AuditFilterBar.tsx';
import { filtersPath, hasFilters, NO_FILTERS, readFilters, toApiFilters } from './audit-filters.ts';
import { AuditTable } from './AuditTable.tsx';
import './audit.css';

/** Cache key of audit searches; never refreshed by the feed, so paging stays put. */
export const AUDIT_KEY = ['audit'] as const;
const PAGE_SIZE = 100;

/** The audit trail: search by who, what, outcome, record and dates; page back; export all of it. */
export function AuditPage({ path }: { path: string }) {
  const client = useClient();
  // The filters live in the route: a search can be bookmarked, shared and undone with Back.
  const query = path.split('?')[1] ?? '';
  const applied = useMemo(() => readFilters(path), [path]);
  const filters = useMemo(() => toApiFilters(applied), [applied]);
  const trail = useInfiniteQuery({
    queryKey: [...AUDIT_KEY, filters],
    queryFn: ({ pageParam, signal }) => client.searchAudit({ ...filters, limit: PAGE_SIZE, ...(pageParam ? { beforeId: pageParam } : {}), signal }),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextBeforeId ?? undefined,
    // Every search is itself audited: read when asked to, not whenever the window regains focus.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const rows = useMemo(() => trail.data?.pages.flatMap((p) => p.items) ?? [], [trail.data]);
  const exportUrl = (format: 'csv' | 'ndjson') => client.auditExportUrl({ ...filters, format });

  return (
    <section className="page audit-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Audit trail</h1>
        <div className="export-links" role="group" aria-label="Export every matching entry">
          <a className="button" href={exportUrl('csv')} download data-testid="audit-export-csv">Export CSV</a>
          <a className="button" href={exportUrl('ndjson')} download data-testid="audit-export-ndjson">Export NDJSON</a>
        </div>
      </div>
      <p className="muted page-lede">
        Every read of a person’s record, every change and every refused attempt, newest first. Exports hold every matching
        entry, not only those shown. Your own searches and exports are recorded here too.
      </p>
      <AuditFilterBar key={query} applied={applied} onApply={(form) => navigate(filtersPath(form))} />
      <p className="muted" aria-live="polite" data-testid="audit-count">
        {trail.data ? `${rows.length} ${rows.length === 1 ? 'entry' : 'entries'} shown${trail.hasNextPage ? '; older ones below “Load more”' : ''}` : '\u00a0'}
        {trail.isFetching && trail.data ? ' · updating…' : ''}
      </p>
      {trail.isPending && <p className="empty" data-testid="audit-loading">Loading the audit trail…</p>}
      {trail.isError && (
        <div className="empty empty-error" role="alert" data-testid="audit-error">
          <p>The audit trail could not be loaded: {trail.error.message}</p>
          <button type="button" className="button button-primary" onClick={() => void trail.refetch()}>Try again</button>
        </div>
      )}
      {trail.data && rows.length === 0 && (
        <div className="empty" data-testid="audit-empty">
          <h2>No entries match</h2>
          {hasFilters(applied) ? (
            <>
              <p>
                Widen the dates, or clear a filter. “Who” takes a username (like <code>telecom</code>) or a user id; a record id must be
                whole, as copied from the record or from another entry.
              </p>
              <button type="button" className="button button-primary" onClick={() => navigate(filtersPath(NO_FILTERS))}>Clear all filters</button>
            </>
          ) : (
            <p>Nothing has been recorded yet. Entries appear as soon as anyone signs in or opens a record.</p>
          )}
        </div>
      )}
      {rows.length > 0 && <AuditTable rows={rows} />}
      {trail.hasNextPage && (
        <div className="load-more">
          <button type="button" className="button" onClick={() => void trail.fetchNextPage()} disabled={trail.isFetchingNextPage} data-testid="audit-load-more">
            {trail.isFetchingNextPage ? 'Loading…' : `Load ${PAGE_SIZE} more`}
          </button>
        </div>
      )}
    </section>
  );
}
