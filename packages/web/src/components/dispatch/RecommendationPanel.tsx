import type { RecommendationView } from '@continuum/contracts';
import { formatPositionAge } from '../../dispatch-board.ts';
import type { TravelSource } from '@continuum/domain';
import { CESSA_30_FALLBACK, EXCLUSION_LABELS, SHORTFALL_LABELS, TRAVEL_SOURCE_LABELS } from '../../dispatch-labels.ts';
import { responseTypeLabel } from '../../intake-format.ts';
import { CombinationList } from './CombinationList.tsx';

interface RecommendationPanelProps {
  recommendation: RecommendationView;
  picked: readonly string[];
  onToggle: (unitId: string) => void;
  onAssign: () => void;
  /** Sends a proposed pair of units, meeting on site, in one step (issue 12 §5). */
  onAssignPair: (unitIds: string[]) => void;
  /** The pair being sent, while its request is under way. */
  sendingPair: string | null;
  /** A unit's name from the unit list: excluded units come with their id only. */
  nameOf: (unitId: string) => string;
}

/** Keys 1-5 pick the first five ranked units. */
export const PICK_KEYS = 5;

/**
 * The ranked units for one incident, each with the figures and reasons behind its rank (so the
 * dispatcher can check it), the shortfalls with their codes, the units left out and why, and
 * the CESSA §30 police fallback when no crisis team can come in time.
 */
export function RecommendationPanel({ recommendation: r, picked, onToggle, onAssign, onAssignPair, sendingPair, nameOf }: RecommendationPanelProps) {
  return (
    <div className="recommendation-panel" data-testid="recommendation">
      <h3>Recommended units</h3>
      <p className="recommendation-plan" data-testid="recommendation-plan" data-response-type={r.responseType}>
        Plan: <strong>{responseTypeLabel(r.responseType)}</strong>
      </p>
      <p className="muted">
        Ranked by arrival time. Maximum response: {r.maxResponseMinutes.minutes} min ({r.maxResponseMinutes.source === 'plan' ? 'response plan' : 'regional maximum'}).
        Press <kbd>1</kbd>–<kbd>{PICK_KEYS}</kbd> to pick, <kbd>Enter</kbd> to assign.
      </p>
      {r.approximate && (
        <p className="approximate-note" role="note" data-testid="recommendation-approximate">
          <strong>Approximate location.</strong> The call’s place is a town’s centre or a pin near it: every ETA and distance below is an
          estimate (marked ≈). Correct the location on the call when the exact place is known.
        </p>
      )}
      <div className="assign-bar">
        <button type="button" className="button button-primary button-big" disabled={picked.length === 0} onClick={onAssign} data-testid="assign-open">
          {picked.length === 0 ? 'Pick a unit to assign' : `Assign ${picked.length} unit${picked.length === 1 ? '' : 's'}…`} <kbd>Enter</kbd>
        </button>
      </div>
      {r.shortfalls.length > 0 && (
        <ul className="shortfalls" data-testid="shortfalls">
          {r.shortfalls.map((s) => (
            <li key={s.code} data-code={s.code}>
              <strong>{SHORTFALL_LABELS[s.code]}</strong>
              <span className="cell-sub">{s.detail}</span>
            </li>
          ))}
        </ul>
      )}
      {r.policeFallback && (
        <div className="police-fallback" role="note" data-testid="police-fallback">
          <strong>Police may be sent instead.</strong> {r.policeFallback.reason}
          <span className="cell-sub">{CESSA_30_FALLBACK}</span>
        </div>
      )}
      <CombinationList combinations={r.combinations} onAssignPair={onAssignPair} sendingPair={sendingPair} />
      {r.ranked.length === 0 ? (
        <p className="empty" data-testid="ranked-empty">
          {r.combinations.length > 0
            ? 'No single unit carries the whole team: send one of the pairs above, or a unit from the list below with a justification.'
            : 'No unit fits the plan right now. Check the shortfalls above; you may send a unit from the list below with a justification, or call the supervisor.'}
        </p>
      ) : (
        <ol className="ranked" data-testid="ranked">
          {r.ranked.map((u, i) => {
            const on = picked.includes(u.unitId);
            return (
              <li key={u.unitId} className={`ranked-unit${on ? ' is-picked' : ''}`} data-testid="ranked-unit" data-unit={u.unitId}>
                <button type="button" className="button ranked-pick" aria-pressed={on} onClick={() => onToggle(u.unitId)} data-testid={`pick-${i + 1}`} data-board-select>
                  {i < PICK_KEYS && <kbd>{i + 1}</kbd>} {on ? 'Picked' : 'Pick'}
                </button>
                <div className="ranked-body">
                  <p className="ranked-head">
                    <strong>{u.name}</strong>
                    <span className="ranked-eta" data-testid="ranked-eta">{r.approximate ? '≈ ' : ''}{u.etaMinutes.toFixed(u.etaMinutes < 10 ? 1 : 0)} min</span>
                    <span data-testid="ranked-distance">{r.approximate ? '≈ ' : ''}{u.distanceKm.toFixed(1)} km {u.figures.travelSource === 'road_network' ? 'by road' : 'estimated'}</span>
                    <span className={u.stale ? 'stale-mark' : 'muted'} data-testid="ranked-age">
                      {u.stale ? 'stale position · ' : 'position '}{formatPositionAge(u.positionAgeSeconds)}
                      {u.figures.origin === 'home_base' ? ' (from home base)' : ''}
                    </span>
                  </p>
                  <ul className="reasons" data-testid="ranked-reasons">
                    {u.reasons.map((reason) => <li key={reason}>{reason}</li>)}
                  </ul>
                  <p className="cell-sub">
                    {u.figures.minutesToSpare >= 0 ? `${u.figures.minutesToSpare.toFixed(0)} min to spare` : `${(-u.figures.minutesToSpare).toFixed(0)} min past the maximum`}
                    {' · '}{TRAVEL_SOURCE_LABELS[u.figures.travelSource as TravelSource] ?? 'timed by an estimate'}
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {r.excluded.length > 0 && (
        <details className="excluded" data-testid="excluded">
          <summary>{r.excluded.length} unit{r.excluded.length === 1 ? '' : 's'} left out, and why</summary>
          <ul>
            {r.excluded.map((x) => (
              <li key={x.unitId}>
                <strong>{nameOf(x.unitId)}</strong> <span data-code={x.code}>{EXCLUSION_LABELS[x.code]}:</span> {x.reason}{' '}
                <button type="button" className="button-link" aria-pressed={picked.includes(x.unitId)} onClick={() => onToggle(x.unitId)}>
                  {picked.includes(x.unitId) ? 'Picked (needs a justification)' : 'Send anyway…'}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
