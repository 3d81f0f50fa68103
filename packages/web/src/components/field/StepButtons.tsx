import { useState } from 'react';
import type { AssignmentView } from '@continuum/sdk';
import { STAGE_LABELS, STEP_LABELS, type StepAction, type StepsView } from '../../field-model.ts';

interface Props {
  steps: StepsView;
  assignment: AssignmentView;
  /** Whether taps are still waiting to send: the stage shown is then the crew's, not yet the server's. */
  pending: boolean;
  onStep: (action: StepAction, label: string, extra?: { destination?: string }) => void;
}

/**
 * Where the crew stands and the next steps, one tap each. Clearing ends the crew's part in the
 * call, so it asks once more; transporting takes an optional destination.
 */
export function StepButtons({ steps, assignment, pending, onStep }: Props) {
  const [confirming, setConfirming] = useState<'clear' | 'transporting' | null>(null);
  const [destination, setDestination] = useState(assignment.destination ?? '');
  const stage = steps.pendingStage ?? steps.stage;
  const buttons = steps.actions.filter((a) => a !== 'check_in');

  const tap = (action: StepAction) => {
    if (action === 'clear' || action === 'transporting') setConfirming(action);
    else onStep(action, STEP_LABELS[action]);
  };

  return (
    <section className="field-card" aria-labelledby="field-status-title" data-testid="field-steps">
      <h2 id="field-status-title" className="visually-hidden">Your status</h2>
      <p className="field-stage" data-testid="field-stage" data-stage={stage} data-pending={pending ? 'true' : 'false'}>
        {STAGE_LABELS[stage]}
        {pending && <span className="field-pending"> · waiting to send</span>}
      </p>
      {confirming === 'clear' && (
        <div className="field-confirm" role="group" aria-label="Confirm clearing the call" data-testid="field-confirm-clear">
          <p><strong>Clear this call?</strong> Your unit becomes available for the next one. The dispatcher sees it at once.</p>
          <button type="button" className="field-button field-button-go" onClick={() => { setConfirming(null); onStep('clear', STEP_LABELS.clear); }} data-testid="field-confirm-clear-yes">
            Yes, clear the call
          </button>
          <button type="button" className="field-button" onClick={() => setConfirming(null)}>Not yet</button>
        </div>
      )}
      {confirming === 'transporting' && (
        <form
          className="field-confirm"
          data-testid="field-confirm-transport"
          onSubmit={(e) => {
            e.preventDefault();
            setConfirming(null);
            const d = destination.trim();
            onStep('transporting', d ? `Transporting to ${d}` : STEP_LABELS.transporting, d ? { destination: d } : {});
          }}
        >
          <label className="field-label" htmlFor="field-destination">Where to (optional)</label>
          <input id="field-destination" className="field-input" value={destination} maxLength={200} onChange={(e) => setDestination(e.target.value)} placeholder="e.g. Crisis stabilisation centre" data-testid="field-destination" />
          <button type="submit" className="field-button field-button-go" data-testid="field-confirm-transport-yes">Start transport</button>
          <button type="button" className="field-button" onClick={() => setConfirming(null)}>Back</button>
        </form>
      )}
      {!confirming && buttons.length > 0 && (
        <div className="field-steps">
          {buttons.map((action) => (
            <button key={action} type="button" className={`field-button field-step field-step-${action}`} onClick={() => tap(action)} data-testid={`field-step-${action}`}>
              {STEP_LABELS[action]}
            </button>
          ))}
        </div>
      )}
      {!confirming && buttons.length === 0 && steps.actions.length === 0 && (
        <p className="field-hidden">No step for you to take now. The dispatcher moves this unit.</p>
      )}
    </section>
  );
}
