import type { RecommendationView } from '@continuum/contracts';
import { ROLE_LABELS, isRole } from '@continuum/domain';
import { formatPositionAge } from '../../dispatch-board.ts';

type Combination = RecommendationView['combinations'][number];

interface CombinationListProps {
  combinations: readonly Combination[];
  onAssignPair: (unitIds: string[]) => void;
  sendingPair: string | null;
}

const roleWords = (roles: readonly string[]): string => roles.map((r) => (isRole(r) ? ROLE_LABELS[r] : r)).join(' + ');
const minutes = (m: number): string => `${m.toFixed(m < 10 ? 1 : 0)} min`;
export const pairKey = (c: Combination): string => c.units.map((u) => u.unitId).join('+');

/**
 * Two units that together bring the team no single unit does (issue 12 §5), best first: when
 * the whole team is on scene (the later arrival), who brings what, the reasons, and one button
 * that sends both, meeting on site, in one request.
 */
export function CombinationList({ combinations, onAssignPair, sendingPair }: CombinationListProps) {
  if (combinations.length === 0) return null;
  return (
    <section className="combinations" aria-labelledby="combinations-title" data-testid="combinations">
      <h4 id="combinations-title">Two units meeting on site</h4>
      <ol className="ranked">
        {combinations.map((c, i) => {
          const key = pairKey(c);
          const names = c.units.map((u) => u.name).join(' + ');
          return (
            <li key={key} className="ranked-unit combination" data-testid="combination" data-units={key}>
              <button
                type="button"
                className="button button-primary ranked-pick"
                disabled={sendingPair !== null}
                onClick={() => onAssignPair(c.units.map((u) => u.unitId))}
                aria-label={`Assign ${names} together, meeting on site`}
                data-testid="assign-pair"
              >
                {sendingPair === key ? 'Sending…' : 'Assign both'}
              </button>
              <div className="ranked-body">
                <p className="ranked-head">
                  <strong>{names}</strong>
                  <span className="ranked-eta" data-testid="combination-arrival">{minutes(c.arrivalMinutes)}</span>
                  <span className="muted">team complete on scene</span>
                </p>
                <ul className="combination-members">
                  {c.units.map((u) => (
                    <li key={u.unitId} data-unit={u.unitId}>
                      <strong>{u.name}</strong> brings {roleWords(u.roles)} · ETA {minutes(u.etaMinutes)} ·{' '}
                      <span className={u.stale ? 'stale-mark' : 'muted'}>{u.stale ? 'stale position · ' : 'position '}{formatPositionAge(u.positionAgeSeconds)}{u.origin === 'home_base' ? ' (from home base)' : ''}</span>
                    </li>
                  ))}
                </ul>
                {/* The best pair's reasons are open; the others' fold away, so the list stays short to scan. */}
                <details className="combination-why" open={i === 0}>
                  <summary>Why this pair</summary>
                  <ul className="reasons" data-testid="combination-reasons">
                    {c.reasons.map((reason) => <li key={reason}>{reason}</li>)}
                  </ul>
                </details>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
