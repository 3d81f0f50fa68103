import { useState } from 'react';
import type { HandoffView } from '@continuum/contracts';
import { isApiError, newIdempotencyKey } from '@continuum/sdk';
import { STATUS_LABELS } from '../../format.ts';
import { navigate } from '../../router.ts';
import { useAccept } from '../../use-handoffs.ts';
import { useHandOff, useIncident } from '../../use-intake.ts';
import { CallSummary } from '../intake/CallSummary.tsx';
import './handoff.css';

/**
 * An emergency escalation as 911 receives it: DISPATCH NOW at once, with the danger in the
 * sender's words and where the person is. 911 reads the call's facts, not the 988 interview's
 * clinical answers (minimum necessary, ADR 0028), and sends police or EMS from here.
 */
export function EscalationCall({ id, handoff }: { id: string; handoff: HandoffView }) {
  const incidentQuery = useIncident(id);
  const incident = incidentQuery.data;
  const accept = useAccept();
  const move = useHandOff(id);
  const [problem, setProblem] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(isApiError(error) ? error.message : 'That did not go through. Try again.');
    }
  };
  const canQueue = incident?.allowedActions.includes('queue_for_dispatch') ?? false;
  return (
    <section className="page intake-call intake-emergent" aria-labelledby="page-title" data-testid="escalation-call">
      <div className="page-head">
        <h1 id="page-title">Emergency escalation from {handoff.from.name}</h1>
        <button type="button" className="button button-quiet" onClick={() => navigate('/intake')} data-testid="back-to-intake">All calls</button>
      </div>
      <div className="dispatch-now" role="alert" data-testid="dispatch-now">
        <h2>DISPATCH NOW</h2>
        <p data-testid="escalation-danger">{handoff.note ?? 'Imminent danger'}</p>
      </div>
      <CallSummary incident={incident} />
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <p data-testid="escalation-state">
        {handoff.state === 'offered' ? 'Not yet accepted: accept to take the call.' : handoff.state === 'accepted' ? `Accepted by ${handoff.decidedBy?.name ?? 'your centre'}.` : `This hand-off is ${handoff.state.replaceAll('_', ' ')}.`}
        {incident && <> Call status: <span className={`badge status-${incident.status}`} data-testid="escalation-status">{STATUS_LABELS[incident.status]}</span></>}
      </p>
      <div className="handoff-item-actions">
        {handoff.state === 'offered' && (
          <button type="button" className="button button-danger button-big" onClick={() => void act(() => accept.mutateAsync(handoff.id))} disabled={accept.isPending} data-testid="escalation-accept">
            Accept the escalation
          </button>
        )}
        {handoff.state === 'accepted' && canQueue && (
          <button
            type="button"
            className="button button-danger button-big"
            onClick={() => void act(() => move.mutateAsync({ body: { action: 'queue_for_dispatch' }, idempotencyKey: newIdempotencyKey() }))}
            disabled={move.isPending}
            data-testid="escalation-dispatch"
          >
            Send police or EMS: to the dispatch board
          </button>
        )}
      </div>
    </section>
  );
}
