import type { UnitView } from '@continuum/contracts';
import { formatPositionAge } from '../../dispatch-board.ts';
import { UNIT_STATUS_LABELS } from '../../dispatch-labels.ts';
import { formatTime } from '../../datetime.ts';
import { modelLabel } from '../../unit-labels.ts';
import { unitPath } from './UnitPage.tsx';

/** The selected unit: status, how fresh its position is, and the call it holds (one click away). */
export function UnitDetail({ unit, onSelectIncident }: { unit: UnitView; onSelectIncident: (id: string) => void }) {
  return (
    <section className={`board-panel unit-detail${unit.panicAt ? ' has-panic' : ''}`} aria-labelledby="unit-title" data-testid="unit-detail" data-unit={unit.id}>
      <h2 id="unit-title">{unit.name}</h2>
      {unit.panicAt && <p className="alert alert-panic" role="alert"><strong>PANIC</strong> since {formatTime(unit.panicAt)}: the crew needs help now.</p>}
      <dl className="unit-facts">
        <dt>Status</dt>
        <dd data-testid="unit-status">{UNIT_STATUS_LABELS[unit.status]}</dd>
        <dt>Position</dt>
        <dd className={unit.position?.stale ? 'stale-mark' : undefined}>
          {unit.position
            ? `${unit.position.stale ? 'Stale: ' : ''}${formatPositionAge(unit.position.ageSeconds)} old`
            : 'No position reported'}
        </dd>
        <dt>Model</dt>
        <dd>{modelLabel(unit.model)}</dd>
      </dl>
      <p><a href={`#${unitPath(unit.id)}`} data-testid="unit-page-link">Crew, credentials, capabilities and shifts</a></p>
      {unit.currentIncidentId ? (
        <button type="button" className="button" onClick={() => onSelectIncident(unit.currentIncidentId!)} data-testid="unit-incident">Open its call</button>
      ) : (
        <p className="muted">Not on a call.</p>
      )}
    </section>
  );
}
