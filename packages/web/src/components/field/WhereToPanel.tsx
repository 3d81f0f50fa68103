import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DestinationOption } from '@continuum/domain';
import { useClient } from '../../client-context.tsx';
import { DestinationList, type RankedDestination } from './DestinationList.tsx';
import { YesNo } from './YesNo.tsx';

interface Situation {
  voluntary: boolean;
  intoxicated: boolean;
  safeToStay: boolean;
  needsMedicalCare: boolean;
}

/**
 * The defaults are the common case for a crisis team's call: the person agrees to go, is sober,
 * needs no medical care. "Safe to stay" starts at no: staying is the crew's judgement to make,
 * not a default to forget to change.
 */
const DEFAULTS: Situation = { voluntary: true, intoxicated: false, safeToStay: false, needsMedicalCare: false };

interface Props {
  incidentId: string;
  /** A facility picked and confirmed (the step announces the arrival there), or a place typed by hand. */
  onTransport: (to: { facilityId?: string; name: string }) => void;
  /** Staying, home or a chosen place: no transport step, the call is closed instead. */
  onClose: (choice: { option: DestinationOption; place?: string }) => void;
  onBack: () => void;
}

/** Where to? A few questions answered in seconds, then the places that fit, least restrictive first. */
export function WhereToPanel({ incidentId, onTransport, onClose, onBack }: Props) {
  const client = useClient();
  const [situation, setSituation] = useState<Situation>(DEFAULTS);
  const [placeText, setPlaceText] = useState('');
  // The chosen place is asked for on leaving the box, not per keystroke: one query per answer.
  const [place, setPlace] = useState('');
  const [picked, setPicked] = useState<RankedDestination | null>(null);
  const [elsewhere, setElsewhere] = useState(false);
  const destinations = useQuery({
    queryKey: ['destinations', incidentId, situation, place],
    queryFn: ({ signal }) => client.destinations(incidentId, { ...situation, ...(place ? { chosenPlace: place } : {}), signal }),
    placeholderData: keepPreviousData,
    retry: 1,
  });
  const set = (k: keyof Situation) => (v: boolean) => setSituation((s) => ({ ...s, [k]: v }));

  const pick = (d: RankedDestination) => {
    if (d.facilityId) setPicked(d);
    else onClose({ option: d.option, ...(d.option === 'chosen_place' && place ? { place } : {}) });
  };

  if (elsewhere) {
    return (
      <section className="field-card" aria-labelledby="where-title" data-testid="where-to">
        <h2 id="where-title">Where to?</h2>
        <ElsewhereForm onStart={(name) => onTransport({ name })} onBack={() => setElsewhere(false)} />
      </section>
    );
  }

  if (picked?.facilityId) {
    const facilityId = picked.facilityId;
    return (
      <section className="field-card" aria-labelledby="where-title" data-testid="where-to">
        <h2 id="where-title">Where to?</h2>
        <div className="field-confirm" role="group" aria-label={`Confirm transport to ${picked.name}`} data-testid="where-confirm">
          <p><strong>Transport to {picked.name}?</strong></p>
          <p>They are told you are on the way: one {picked.capacityUnit === 'beds' ? 'bed' : 'chair'} is held for you until their staff confirm the arrival.{picked.stale ? ' Their figure is old: phone them first.' : ''}</p>
          <button type="button" className="field-button field-button-go" onClick={() => onTransport({ facilityId, name: picked.name })} data-testid="where-confirm-yes">
            Start transport to {picked.name}
          </button>
          <button type="button" className="field-button" onClick={() => setPicked(null)}>Back to the list</button>
        </div>
      </section>
    );
  }

  return (
    <section className="field-card" aria-labelledby="where-title" data-testid="where-to">
      <h2 id="where-title">Where to?</h2>
      <div className="field-questions">
        <YesNo id="voluntary" label="Agrees to go?" value={situation.voluntary} onChange={set('voluntary')} />
        <YesNo id="intoxicated" label="Intoxicated?" value={situation.intoxicated} onChange={set('intoxicated')} />
        <YesNo id="safe" label="Safe to stay where they are?" value={situation.safeToStay} onChange={set('safeToStay')} />
        <YesNo id="medical" label="Needs medical care?" value={situation.needsMedicalCare} onChange={set('needsMedicalCare')} />
        <form className="field-question" onSubmit={(e) => { e.preventDefault(); setPlace(placeText.trim()); }}>
          <label className="field-question-label" htmlFor="where-place">A place they chose (optional)</label>
          <input
            id="where-place"
            className="field-input"
            value={placeText}
            maxLength={200}
            onChange={(e) => setPlaceText(e.target.value)}
            onBlur={() => setPlace(placeText.trim())}
            placeholder="e.g. Her sister's flat on Green St"
            enterKeyHint="search"
            data-testid="where-place"
          />
        </form>
      </div>
      {destinations.isPending && <p className="field-hidden" data-testid="where-loading">Finding places that fit…</p>}
      {destinations.isError && !destinations.data && (
        <div role="alert" data-testid="where-error">
          <p><strong>Cannot load the places now.</strong> {destinations.error.message} Phone the dispatcher for where to go, or try again.</p>
          <button type="button" className="field-button" onClick={() => void destinations.refetch()}>Try again</button>
        </div>
      )}
      {destinations.data && (
        <div aria-busy={destinations.isFetching} data-testid="where-results" data-fetching={destinations.isFetching ? 'true' : 'false'}>
          <DestinationList view={destinations.data} onPick={pick} />
        </div>
      )}
      <div className="field-steps field-where-foot">
        <button type="button" className="field-button" onClick={() => setElsewhere(true)} data-testid="where-elsewhere">Somewhere not listed</button>
        <button type="button" className="field-button" onClick={onBack} data-testid="where-back">Back</button>
      </div>
    </section>
  );
}

/** A destination not in the directory (another county's hospital): the plain transport step, no arrival announced. */
function ElsewhereForm({ onStart, onBack }: { onStart: (name: string) => void; onBack: () => void }) {
  const [name, setName] = useState('');
  return (
    <form
      className="field-confirm"
      data-testid="field-confirm-transport"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) onStart(name.trim());
      }}
    >
      <label className="field-label" htmlFor="field-destination">Where to</label>
      <input id="field-destination" className="field-input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} placeholder="e.g. Carle BroMenn, Normal" data-testid="field-destination" />
      <p className="field-detail">No facility is told you are coming: phone them.</p>
      <button type="submit" className="field-button field-button-go" disabled={!name.trim()} data-testid="field-confirm-transport-yes">Start transport</button>
      <button type="button" className="field-button" onClick={onBack}>Back</button>
    </form>
  );
}
