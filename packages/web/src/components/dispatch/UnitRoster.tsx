import type { UnitView } from '@continuum/contracts';
import { formatPositionAge, onBoard } from '../../dispatch-board.ts';
import { UNIT_STATUS_COLOURS, UNIT_STATUS_LABELS } from '../../dispatch-labels.ts';

interface UnitRosterProps {
  units: readonly UnitView[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

/**
 * Every unit on duty in words: status, position age, panic. The map shows the same units, but
 * this list is what works without WebGL and what a screen reader reads.
 */
export function UnitRoster({ units, selectedId, onSelect }: UnitRosterProps) {
  const shown = units.filter(onBoard);
  if (shown.length === 0) {
    return <p className="empty" data-testid="units-empty">No unit is on duty. Units appear here as crews start their shift.</p>;
  }
  return (
    <ul className="roster" data-testid="unit-roster">
      {shown.map((u) => (
        <li key={u.id}>
          <button
            type="button" className={`roster-unit${u.panicAt ? ' has-panic' : ''}`} aria-pressed={selectedId === u.id}
            onClick={() => onSelect(u.id)} data-testid="roster-unit" data-unit={u.id} data-status={u.status}
            data-position-at={u.position?.at} data-lat={u.position?.lat} data-lon={u.position?.lon} data-stale={u.position ? String(u.position.stale) : undefined}
          >
            <span className="roster-dot" style={{ background: UNIT_STATUS_COLOURS[u.status] }} aria-hidden="true" />
            <span className="roster-name">{u.name}</span>
            <span className="roster-status" data-testid="roster-status">{u.panicAt ? 'PANIC · ' : ''}{UNIT_STATUS_LABELS[u.status]}</span>
            <span className={`roster-age${u.position?.stale ? ' is-stale' : ''}`}>
              {u.position ? `${u.position.stale ? 'Stale position' : 'Position'} ${formatPositionAge(u.position.ageSeconds)} old` : 'No position'}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
