import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { isApiError, type FacilityView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { FACILITIES_KEY } from '../../use-live-feed.ts';
import { figureAge } from './facility-format.ts';
import { formatTime } from '../../datetime.ts';

/**
 * The facility staff's page: big − / + buttons and a number, Save with the age of the figure
 * it replaces, and the announced arrivals to confirm or cancel.
 */
export function CapacityPanel({ facility, now }: { facility: FacilityView; now: Date }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const c = facility.capacity;
  const [value, setValue] = useState(String(c.available));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A new figure from elsewhere (another desk, a confirmed arrival) replaces what is typed only when it changed.
  useEffect(() => setValue(String(c.available)), [c.available, facility.version]);

  const run = async (work: () => Promise<FacilityView>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setSaved(done);
      await queryClient.invalidateQueries({ queryKey: FACILITIES_KEY });
    } catch (e) {
      setSaved(null);
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const n = Number(value);
  const step = (d: number) => setValue(String(Math.max(0, (Number.isFinite(n) ? n : 0) + d)));
  const save = () => run(() => client.reportCapacity(facility.id, { available: value.trim() === '' ? Number.NaN : n }), `Saved: ${value} ${c.unit} available.`);

  return (
    <section className="capacity-panel" aria-labelledby={`cap-${facility.id}`} data-testid={`capacity-panel-${facility.id}`}>
      <h3 id={`cap-${facility.id}`}>{facility.name}: {c.unit} available now</h3>
      <div className="capacity-stepper">
        <button type="button" className="button big-button" aria-label={`One ${c.unit === 'beds' ? 'bed' : 'chair'} fewer`} onClick={() => step(-1)} disabled={busy} data-testid="capacity-minus">−</button>
        <input
          className="capacity-input"
          type="number"
          inputMode="numeric"
          min={0}
          max={c.total ?? undefined}
          aria-label={`${c.unit} available`}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          data-testid="capacity-input"
        />
        <button type="button" className="button big-button" aria-label={`One ${c.unit === 'beds' ? 'bed' : 'chair'} more`} onClick={() => step(1)} disabled={busy} data-testid="capacity-plus">+</button>
        <span className="muted">of {c.total ?? '?'}</span>
      </div>
      <button type="button" className="button button-primary big-button" onClick={() => void save()} disabled={busy} data-testid="capacity-save">
        Save (the figure now was given {figureAge(c.reportedAt, now)})
      </button>
      {error && <p className="notice-inline notice-error" role="alert" data-testid="capacity-error">{error}</p>}
      {saved && !error && <p className="notice-inline" role="status" data-testid="capacity-saved">{saved}</p>}
      <h4>Announced arrivals</h4>
      {facility.arrivals.length === 0 ? (
        <p className="muted" data-testid="arrivals-empty">No one is on the way. When a crew announces an arrival it shows here and counts against your figure until you confirm it.</p>
      ) : (
        <ul className="arrival-list">
          {facility.arrivals.map((a) => (
            <li key={a.id} data-testid={`arrival-${a.id}`} data-overdue={a.overdue}>
              <span>
                {a.unitId ?? 'A responding team'}, announced {figureAge(a.announcedAt, now)}
                {a.expectedAt ? `, expected ${formatTime(a.expectedAt)}` : ''}
                {a.overdue && <strong className="arrival-overdue"> · overdue: no longer counted against your figure; confirm or cancel it</strong>}
              </span>
              <button type="button" className="button button-primary" disabled={busy} onClick={() => void run(() => client.confirmArrival(facility.id, a.id), 'Arrival confirmed: the person has taken a place.')}>Confirm arrival</button>
              <button type="button" className="button" disabled={busy} onClick={() => void run(() => client.cancelArrival(facility.id, a.id), 'Arrival cancelled.')}>Cancel</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
