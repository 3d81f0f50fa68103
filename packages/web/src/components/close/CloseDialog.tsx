import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useClient } from '../../client-context.tsx';
import { checkDraft, CLOSE_FIELDS, closeBody, followUpApplies, hasIssues, summaryOf, type CloseDraft, type CloseInput, type OutcomeChoice } from '../../close-form.ts';
import { describeWriteError, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { Modal } from '../intake/Modal.tsx';
import { CloseFields } from './CloseFields.tsx';

interface Props {
  title: string;
  initial: CloseDraft;
  outcomes: OutcomeChoice;
  /** A facility already named for this call (a unit's announced destination), for when the directory is out of reach. */
  knownFacility: { id: string; name: string } | null;
  /** What else closing does here, said in the confirmation: "clears Mobile Crisis 1". */
  effects: string;
  /** A caution shown above the form, e.g. that the call is with another centre. */
  warning?: ReactNode;
  /** A call handled on the phone (see CloseFields). */
  byPhone?: boolean;
  /** Sends the close; a rejection is shown in the form, field by field, and the dialog stays open. */
  onSend: (body: CloseInput, summary: string) => Promise<void>;
  onClose: () => void;
}

/**
 * Close a call from a console: the field view's form in a dialog, checked by the domain before
 * it is sent, confirmed in words (it is final), and refused issues shown beside their fields.
 */
export function CloseDialog({ title, initial, outcomes, knownFacility, effects, warning, byPhone, onSend, onClose }: Props) {
  const client = useClient();
  const [draft, setDraft] = useState(initial);
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  const facilities = useQuery({ queryKey: ['facilities', 'close'], queryFn: ({ signal }) => client.listFacilities({ signal }), staleTime: 5 * 60_000 });
  const facilityName = (id: string) => facilities.data?.items.find((f) => f.id === id)?.name ?? (knownFacility?.id === id ? knownFacility.name : id);
  const summary = summaryOf(draft, facilityName);
  const set = (patch: Partial<CloseDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setIssues(NO_ISSUES);
  };

  const review = (event: FormEvent) => {
    event.preventDefault();
    const found = checkDraft(draft);
    setIssues(found);
    if (!hasIssues(found)) setConfirming(true);
  };
  const send = async () => {
    if (pending) return;
    setPending(true);
    try {
      await onSend(closeBody(draft), summary);
    } catch (error) {
      // Back to the form, where the server's issues sit beside the fields they name.
      setIssues(describeWriteError(error, CLOSE_FIELDS));
      setConfirming(false);
      setPending(false);
    }
  };

  return (
    <Modal titleId="close-dialog-title" onClose={onClose} initialFocus={first} testId="close-dialog" className="close-dialog">
      <div className="close-light close-dialog-body" data-state={confirming ? 'confirming' : 'editing'} data-testid="close-dialog-body">
        <h2 id="close-dialog-title">{title}</h2>
        {confirming ? (
          <div className="field-confirm" role="group" aria-label="Confirm closing the call" data-testid="close-confirm">
            <p><strong data-testid="close-summary">Close this call as: {summary}?</strong></p>
            <p>This is final. It records how the call ended{effects}{followUpApplies(draft.disposition) && draft.followUp ? ' and offers the person follow-up' : ''}.</p>
            <div className="dialog-actions">
              <button type="button" className="button button-primary" onClick={() => void send()} disabled={pending} autoFocus data-testid="close-confirm-yes">
                {pending ? 'Closing…' : 'Yes, close the call'} <kbd>Enter</kbd>
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)} disabled={pending} data-testid="close-confirm-back">Back to the form</button>
            </div>
          </div>
        ) : (
          <form className="field-form" onSubmit={review} noValidate>
            {warning && <p className="close-warning" data-testid="close-warning">{warning}</p>}
            <CloseFields draft={draft} set={set} issues={issues} outcomes={outcomes} facilities={facilities.data?.items} knownFacility={knownFacility} byPhone={byPhone} outcomeRef={first} />
            <div className="dialog-actions">
              <button type="submit" className="button button-primary" data-testid="close-review">Review and close</button>
              <button type="button" className="button" onClick={onClose} data-testid="close-back">Back <kbd>Esc</kbd></button>
            </div>
          </form>
        )}
      </div>
    </Modal>
  );
}
