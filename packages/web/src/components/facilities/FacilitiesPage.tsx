import { useQuery } from '@tanstack/react-query';
import type { FacilityView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { FACILITIES_KEY } from '../../use-live-feed.ts';
import { useNow } from '../../use-now.ts';
import { CapacityPanel } from './CapacityPanel.tsx';
import { criteriaWords, figureAge, isFigureStale } from './facility-format.ts';
import './facilities.css';

/** Somewhere to go: every facility's live figure with its age, and the staff's capacity page. */
export function FacilitiesPage() {
  const client = useClient();
  const now = useNow(15_000);
  const list = useQuery({ queryKey: [...FACILITIES_KEY], queryFn: ({ signal }) => client.listFacilities({ signal }) });
  const items = list.data?.items ?? [];
  const mine = items.filter((f) => f.mayUpdate);

  return (
    <section className="page facilities" aria-labelledby="page-title">
      <h1 id="page-title">Facilities</h1>
      <p className="muted page-lede">
        Free beds and chairs as each facility last reported them, less the arrivals crews have announced. A figure older than{' '}
        {list.data?.staleAfterMinutes ?? 120} minutes is marked stale: phone the facility before transport.
      </p>
      {mine.map((f) => <CapacityPanel key={f.id} facility={f} now={now} />)}
      {list.isPending && <p className="empty">Loading facilities…</p>}
      {list.isError && (
        <div className="empty empty-error" role="alert">
          <p>The directory could not be loaded: {list.error.message}</p>
          <button type="button" className="button button-primary" onClick={() => void list.refetch()}>Try again</button>
        </div>
      )}
      {list.data && items.length === 0 && (
        <p className="empty" data-testid="facilities-empty">
          No facilities in your region yet. An administrator adds them by importing the region’s directory as HSDS JSON (POST /api/facilities/import.hsds).
        </p>
      )}
      {items.length > 0 && (
        <table className="facility-table" data-testid="facility-table">
          <thead>
            <tr>
              <th scope="col">Facility</th>
              <th scope="col">Available now</th>
              <th scope="col">Reported</th>
              <th scope="col">Hours</th>
              <th scope="col">Takes</th>
            </tr>
          </thead>
          <tbody>{items.map((f) => <FacilityRow key={f.id} facility={f} now={now} />)}</tbody>
        </table>
      )}
    </section>
  );
}

function FacilityRow({ facility: f, now }: { facility: FacilityView; now: Date }) {
  const c = f.capacity;
  const stale = isFigureStale(f, now);
  return (
    <tr data-testid={`facility-${f.id}`} className={stale ? 'is-stale' : undefined}>
      <th scope="row">
        <span className="facility-name">{f.name}</span>
        <span className="muted"> {f.kindLabel}{f.phone ? ` · ${f.phone}` : ''}</span>
      </th>
      <td>
        <strong className="figure" data-testid="facility-figure">{c.availableNow}</strong> of {c.total ?? '?'} {c.unit}
        {c.pendingArrivals > 0 && (
          <span className="pending" data-testid="facility-pending"> ({c.available} reported, {c.pendingArrivals} on the way{c.overCommitted ? ': over-committed' : ''})</span>
        )}
      </td>
      <td>
        <span data-testid="facility-age">{figureAge(c.reportedAt, now)}</span>
        {stale && <span className="badge badge-stale" data-testid="facility-stale"> stale: phone first</span>}
      </td>
      <td>{f.hoursText}{f.openNow ? '' : ' (closed now)'}</td>
      <td className="criteria">{criteriaWords(f).join(' · ')}</td>
    </tr>
  );
}
