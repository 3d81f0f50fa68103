import { useEffect, useRef } from 'react';
import type { IncidentStatus } from '@continuum/domain';
import { STATUS_LABELS } from '../../format.ts';
import { OUTCOME_TEXT } from '../../intake-format.ts';

/** Where the call went after the hand-off, and the way to the next call. */
export function Outcome({ status, ending, detail, onNextCall }: { status: IncidentStatus; /** How a closed call ended, in words. */ ending?: string; /** Replaces the status's usual words (a hand-off still waiting). */ detail?: string; onNextCall: () => void }) {
  const next = useRef<HTMLButtonElement>(null);
  useEffect(() => next.current?.focus(), [status]);
  return (
    <section className="outcome" role="status" aria-labelledby="outcome-title" data-testid="intake-outcome" data-status={status}>
      <h2 id="outcome-title">
        {status === 'closed' ? 'Ended:' : 'Handed off:'} <span className={`badge status-${status}`} data-testid="outcome-status">{STATUS_LABELS[status]}</span>
      </h2>
      {ending ? <p data-testid="outcome-ending">The call is closed: {ending.toLowerCase()}.</p> : detail ? <p>{detail}</p> : OUTCOME_TEXT[status] && <p>{OUTCOME_TEXT[status]}</p>}
      <button ref={next} type="button" className="button button-primary button-big" onClick={onNextCall} aria-keyshortcuts="N" data-testid="next-call">
        Next call <kbd>N</kbd>
      </button>
    </section>
  );
}
