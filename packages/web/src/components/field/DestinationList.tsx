import type { DestinationsView } from '@continuum/sdk';

export type RankedDestination = DestinationsView['ranked'][number];

/** "3 chairs free now", or why the figure cannot be trusted: a stale figure means phone first. */
function figureOf(d: RankedDestination): string | null {
  if (!d.facilityId) return null;
  if (d.availableNow === null) return 'No figure reported · phone first';
  const unit = d.capacityUnit === 'beds' ? (d.availableNow === 1 ? 'bed' : 'beds') : d.availableNow === 1 ? 'chair' : 'chairs';
  return `${d.availableNow} ${unit} free now${d.stale ? ' · figure is old, phone first' : ''}`;
}

/**
 * The server's reasons, less those that only repeat the time and figure lines above them; a
 * reason that says more (how old a figure is) stays.
 */
const extraReasons = (reasons: readonly string[]): string[] => reasons.filter((r) => !/^\d+ min away \(/.test(r) && !/^\d+ (beds?|chairs?) free now$/.test(r));

const travelOf = (d: RankedDestination): string | null =>
  d.etaMinutes === null ? null : `${Math.round(d.etaMinutes)} min${d.distanceKm === null ? '' : ` · ${d.distanceKm.toFixed(1)} km`}`;

interface Props {
  view: DestinationsView;
  onPick: (d: RankedDestination) => void;
}

/** The ranked places, least restrictive first, each with its time, figure and reasons; then what was ruled out and why. */
export function DestinationList({ view, onPick }: Props) {
  return (
    <div className="field-destinations">
      {view.noEligibleDestination && (
        <p className="field-card-alert field-no-destination" role="alert" data-testid="where-no-destination">
          <strong>{view.noEligibleDestination.reason}</strong> Phone the dispatcher or the on-call supervisor before moving the person.
        </p>
      )}
      {view.ranked.length > 0 && (
        <ol className="field-destination-list" data-testid="where-ranked">
          {view.ranked.map((d) => {
            const figure = figureOf(d);
            const travel = travelOf(d);
            const reasons = extraReasons(d.reasons);
            return (
              <li key={`${d.option}-${d.facilityId ?? ''}`} className="field-destination" data-testid="where-option" data-option={d.option} data-facility-id={d.facilityId ?? ''} data-stale={d.stale ? 'true' : 'false'}>
                <div className="field-destination-head">
                  <strong className="field-destination-name">{d.name}</strong>
                  {travel && <span className="field-destination-eta" data-testid="where-eta">{travel}</span>}
                </div>
                {figure && <p className={d.stale || d.availableNow === null ? 'field-destination-figure field-stale' : 'field-destination-figure'} data-testid="where-figure">{figure}</p>}
                {reasons.length > 0 && (
                  <ul className="field-destination-reasons">
                    {reasons.map((r) => <li key={r}>{r}</li>)}
                  </ul>
                )}
                <button type="button" className="field-button field-button-go" onClick={() => onPick(d)} data-testid="where-pick">
                  {pickLabel(d)}
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {view.excluded.length > 0 && (
        <details className="field-excluded" data-testid="where-excluded">
          <summary className="field-button">Ruled out ({view.excluded.length})</summary>
          <ul>
            {view.excluded.map((e) => (
              <li key={`${e.option}-${e.facilityId ?? ''}-${e.code}`} data-option={e.option} data-code={e.code}>
                <strong>{e.name}</strong>: {e.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** What picking does, said on the button: staying and going home end the call; a facility starts a transport. */
function pickLabel(d: RankedDestination): string {
  if (d.option === 'stay') return 'Stays here: close the call';
  if (d.option === 'home' || d.option === 'chosen_place') return 'Take them there: close the call';
  return `Transport to ${d.name}`;
}
