import type { AssignmentView, UnitView } from '@continuum/sdk';
import { UNIT_STATUS_LABELS } from '../../dispatch-labels.ts';
import type { FieldQueueState } from '../../use-field-queue.ts';

const STATUS_WORDS = UNIT_STATUS_LABELS;

/** No call for the crew: what the unit is, and the one switch a crew flips between calls. */
export function NoAssignment({ unit, outbox, last }: { unit: UnitView | null; outbox: FieldQueueState; last: AssignmentView | null }) {
  if (!unit) {
    return (
      <div className="field-card" data-testid="field-empty">
        <p className="field-big">No unit</p>
        <p>Your account is not on any unit’s crew. Ask your supervisor to add you to one.</p>
      </div>
    );
  }
  const waiting = outbox.items.filter((i) => i.kind === 'unit_status' && i.unitId === unit.id && !i.refused).at(-1);
  const status = waiting?.kind === 'unit_status' ? waiting.body.status : unit.status;
  const change = (to: 'available' | 'off_duty', label: string) => outbox.submit({ kind: 'unit_status', unitId: unit.id, body: { status: to } }, label);
  const canGo = (to: UnitView['status']) => (waiting ? status !== to : unit.allowedStatuses.includes(to));
  return (
    <div className="field-card" data-testid="field-empty">
      <p>
        <strong className="field-big">No assignment.</strong> Stay available; the dispatcher will send one here.
      </p>
      {last?.stage === 'released' && last.release && <p className="field-hidden">Taken off your last call{last.release.reason ? `: ${last.release.reason}` : ''}</p>}
      <p className="field-unit-status" data-testid="field-unit-status" data-status={status}>
        {unit.name}: <strong>{STATUS_WORDS[status]}</strong>
        {waiting && <span className="field-pending"> · waiting to send</span>}
      </p>
      {status !== 'available' && canGo('available') && (
        <button type="button" className="field-button field-button-go" onClick={() => change('available', 'Available')} data-testid="field-go-available">
          Go available
        </button>
      )}
      {status === 'available' && canGo('off_duty') && (
        <button type="button" className="field-button" onClick={() => change('off_duty', 'Off duty')} data-testid="field-go-off-duty">
          Go off duty
        </button>
      )}
    </div>
  );
}
