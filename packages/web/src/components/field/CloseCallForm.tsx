import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { AssignmentView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { checkDraft, CLOSE_FIELDS, closeBody, followUpApplies, hasIssues, summaryOf, type CloseDraft, type CloseInput } from '../../close-form.ts';
import { fieldOutcomes } from '../../field-close.ts';
import type { QueuedAction } from '../../field-queue.ts';
import { fileIssues, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { CloseFields } from '../close/CloseFields.tsx';

interface Props {
  assignment: AssignmentView;
  initial: CloseDraft;
  /** This call's close in the outbox: waiting to send, or refused by the server with its issues. */
  entry: QueuedAction | undefined;
  onSend: (body: CloseInput, label: string) => void;
  onDismissRefused: (key: string) => void;
  onBack: () => void;
}

/** The server's refusal of the close, filed by field like the phone's own check. */
function refusedIssues(entry: QueuedAction | undefined): FormIssues {
  const r = entry?.refused;
  if (!r) return NO_ISSUES;
  const filed = fileIssues(r.issues ?? [], CLOSE_FIELDS);
  return hasIssues(filed) ? filed : { fields: {}, general: [r.message] };
}

/** Close the call: how it ended, in the controlled words the RAC counts, confirmed before it is sent (it is final). */
export function CloseCallForm({ assignment, initial, entry, onSend, onDismissRefused, onBack }: Props) {
  const client = useClient();
  const [draft, setDraft] = useState(initial);
  const [checked, setChecked] = useState<FormIssues>(NO_ISSUES);
  const [confirming, setConfirming] = useState(false);
  const facilities = useQuery({ queryKey: ['facilities', 'field-close'], queryFn: ({ signal }) => client.listFacilities({ signal }), staleTime: 5 * 60_000 });
  const set = (patch: Partial<CloseDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setChecked(NO_ISSUES);
  };
  const issues = hasIssues(checked) ? checked : refusedIssues(entry);
  const known = assignment.destinationFacilityId ? { id: assignment.destinationFacilityId, name: assignment.destination ?? assignment.destinationFacilityId } : null;
  const facilityName = (id: string) => facilities.data?.items.find((f) => f.id === id)?.name ?? (known?.id === id ? known.name : id);
  const followUp = followUpApplies(draft.disposition);

  if (entry && !entry.refused) {
    return (
      <section className="field-card" aria-labelledby="close-title" data-testid="close-call" data-state="sending">
        <h2 id="close-title">Close the call</h2>
        <p className="field-stage field-pending" data-testid="close-sending">Closing: waiting to send.</p>
        <p>It is kept on this phone and goes as soon as the network answers. Nothing more to do here.</p>
      </section>
    );
  }

  const review = (e: React.FormEvent) => {
    e.preventDefault();
    const found = checkDraft(draft);
    setChecked(found);
    if (!hasIssues(found)) setConfirming(true);
  };
  const send = () => {
    if (entry?.refused) onDismissRefused(entry.key);
    setConfirming(false);
    onSend(closeBody(draft), 'Close the call');
  };

  if (confirming) {
    return (
      <section className="field-card" aria-labelledby="close-title" data-testid="close-call" data-state="confirming">
        <h2 id="close-title">Close the call</h2>
        <div className="field-confirm" role="group" aria-label="Confirm closing the call" data-testid="close-confirm">
          <p><strong>Close this call as: {summaryOf(draft, facilityName)}?</strong></p>
          <p>
            This is final. It records how the call ended, clears every unit still on it (yours too){followUp && draft.followUp ? ' and offers the person follow-up' : ''}.
          </p>
          <button type="button" className="field-button field-button-go" onClick={send} data-testid="close-confirm-yes">Yes, close the call</button>
          <button type="button" className="field-button" onClick={() => setConfirming(false)}>Back to the form</button>
        </div>
      </section>
    );
  }

  return (
    <section className="field-card" aria-labelledby="close-title" data-testid="close-call" data-state="editing">
      <h2 id="close-title">Close the call</h2>
      <form className="field-form" onSubmit={review} noValidate>
        <CloseFields draft={draft} set={set} issues={issues} outcomes={fieldOutcomes} facilities={facilities.data?.items} knownFacility={known} />
        <button type="submit" className="field-button field-button-go" data-testid="close-review">Review and close</button>
        <button type="button" className="field-button" onClick={onBack} data-testid="close-back">Back</button>
      </form>
    </section>
  );
}
