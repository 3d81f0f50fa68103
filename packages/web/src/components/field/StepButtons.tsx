import { useState } from 'react';
import { STAGE_LABELS, STEP_LABELS, type StepAction, type StepsView } from '../../field-model.ts';

interface Props {
  steps: StepsView;
  /** Whether taps are still waiting to send: the stage shown is then the crew's, not yet the server's. */
  pending: boolean;
  /** Whether this crew may close the call with its disposition now (their role may, and they are there). */
  canClose: boolean;
  onStep: (action: StepAction, label: string) => void;
  /** Transporting starts from Where to?, which asks the situation and offers the places that fit. */
  onWhereTo: () => void;
  onClose: () => void;
}

/**
 * Where the crew stands and the next steps, one tap each. Two ways to finish, said plainly:
 * closing the call records how it ended and clears every unit on it; clearing takes only this
 * unit off and leaves the call open for someone to close. Clearing asks once more.
 */
export function StepButtons({ steps, pending, canClose, onStep, onWhereTo, onClose }: Props) {
  const [confirmingClear, setConfirmingClear] = useState(false);
  const stage = steps.pendingStage ?? steps.stage;
  const buttons = steps.actions.filter((a) => a !== 'check_in' && a !== 'clear');
  const canClear = steps.actions.includes('clear');
  const clearLabel = canClose ? 'Clear my unit only' : STEP_LABELS.clear;

  const tap = (action: StepAction) => {
    if (action === 'transporting') onWhereTo();
    else onStep(action, STEP_LABELS[action]);
  };

  return (
    <section className="field-card" aria-labelledby="field-status-title" data-testid="field-steps">
      <h2 id="field-status-title" className="visually-hidden">Your status</h2>
      <p className="field-stage" data-testid="field-stage" data-stage={stage} data-pending={pending ? 'true' : 'false'}>
        {STAGE_LABELS[stage]}
        {pending && <span className="field-pending"> · waiting to send</span>}
      </p>
      {confirmingClear && (
        <div className="field-confirm" role="group" aria-label="Confirm clearing your unit" data-testid="field-confirm-clear">
          {canClose ? (
            <p><strong>Clear your unit only?</strong> The call stays open: someone still has to close it with how it ended. If it is over, use Close the call instead.</p>
          ) : (
            <p><strong>Clear this call?</strong> Your unit becomes available for the next one. The dispatcher sees it at once.</p>
          )}
          <button type="button" className="field-button field-button-go" onClick={() => { setConfirmingClear(false); onStep('clear', clearLabel); }} data-testid="field-confirm-clear-yes">
            {canClose ? 'Yes, clear my unit' : 'Yes, clear the call'}
          </button>
          <button type="button" className="field-button" onClick={() => setConfirmingClear(false)}>Not yet</button>
        </div>
      )}
      {!confirmingClear && (buttons.length > 0 || canClose || canClear) && (
        <div className="field-steps">
          {buttons.map((action) => (
            <button key={action} type="button" className={`field-button field-step field-step-${action}`} onClick={() => tap(action)} data-testid={`field-step-${action}`}>
              {action === 'transporting' ? 'Where to?' : STEP_LABELS[action]}
            </button>
          ))}
          {canClose && (
            <button type="button" className="field-button field-step field-step-close" onClick={onClose} data-testid="field-step-close">
              Close the call
              <span className="field-step-hint">How it ended · clears every unit</span>
            </button>
          )}
          {canClear && (
            <button type="button" className="field-button field-step field-step-clear" onClick={() => setConfirmingClear(true)} data-testid="field-step-clear">
              {clearLabel}
            </button>
          )}
        </div>
      )}
      {!confirmingClear && steps.actions.length === 0 && !canClose && (
        <p className="field-hidden">No step for you to take now. The dispatcher moves this unit.</p>
      )}
    </section>
  );
}
