import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { LIMITS } from '@continuum/contracts';
import { PETITIONERS } from '@continuum/domain';
import type { AssignmentView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import {
  checkDraft,
  CLOSE_FIELDS,
  closeBody,
  FIELD_OUTCOMES,
  hasIssues,
  needsTransport,
  OUTCOME_LABELS,
  PETITIONER_LABELS,
  summaryOf,
  withOutcome,
  type CloseDraft,
  type FieldOutcome,
} from '../../field-close.ts';
import type { CloseInput, QueuedAction } from '../../field-queue.ts';
import { fileIssues, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { CloseFlagsFields } from './CloseFlagsFields.tsx';
import { CloseTransportFields } from './CloseTransportFields.tsx';
import { FieldIssue } from './FieldIssue.tsx';

/** Endings after which the server opens no follow-up (services/close.ts): the choice would mean nothing. */
const NO_FOLLOW_UP: readonly FieldOutcome[] = ['unable_to_locate', 'no_response_needed', 'arrest'];

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
  const followUpApplies = !NO_FOLLOW_UP.includes(draft.disposition);

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
            This is final. It records how the call ended, clears every unit still on it (yours too){followUpApplies && draft.followUp ? ' and offers the person follow-up' : ''}.
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
        {issues.general.map((g) => <p key={g} className="field-issue" role="alert" data-testid="close-general-issue">{g}</p>)}
        <label className="field-label" htmlFor="close-outcome">How did it end?</label>
        <select id="close-outcome" className="field-select" value={draft.disposition} onChange={(e) => set(withOutcome(draft, e.target.value as FieldOutcome))} data-testid="close-outcome" aria-describedby="close-outcome-issue">
          {FIELD_OUTCOMES.map((o) => <option key={o} value={o}>{OUTCOME_LABELS[o]}</option>)}
        </select>
        <FieldIssue id="close-outcome-issue" message={issues.fields.disposition} />
        {needsTransport(draft.disposition) && <CloseTransportFields draft={draft} set={set} issues={issues.fields} facilities={facilities.data?.items} knownFacility={known} />}
        {draft.disposition === 'involuntary_petition' && (
          <>
            <label className="field-label" htmlFor="close-petition">Petition initiated by</label>
            <select id="close-petition" className="field-select" value={draft.petitionBy} onChange={(e) => set({ petitionBy: e.target.value as CloseDraft['petitionBy'] })} data-testid="close-petition" aria-describedby="close-petition-issue" aria-invalid={Boolean(issues.fields['details.involuntaryPetition'])}>
              <option value="">Choose who…</option>
              {PETITIONERS.map((p) => <option key={p} value={p}>{PETITIONER_LABELS[p]}</option>)}
            </select>
            <FieldIssue id="close-petition-issue" message={issues.fields['details.involuntaryPetition']} />
          </>
        )}
        {draft.disposition === 'referred' && (
          <>
            <label className="field-label" htmlFor="close-referred">Referred to (commas between several)</label>
            <input id="close-referred" className="field-input" value={draft.referredTo} maxLength={400} onChange={(e) => set({ referredTo: e.target.value })} placeholder="e.g. Rosecrance outpatient" data-testid="close-referred" />
            <FieldIssue id="close-referred-issue" message={issues.fields['details.referredTo']} />
          </>
        )}
        <CloseFlagsFields draft={draft} set={set} issues={issues.fields} />
        <label className="field-label" htmlFor="close-note">Short note (for the care team)</label>
        <textarea id="close-note" className="field-input" rows={2} maxLength={LIMITS.reason} value={draft.note} onChange={(e) => set({ note: e.target.value })} data-testid="close-note" />
        <FieldIssue id="close-note-issue" message={issues.fields['details.note']} />
        {followUpApplies ? (
          <div className="field-question" role="radiogroup" aria-label="Follow-up" data-testid="close-follow-up" data-value={draft.followUp ? 'offer' : 'declined'}>
            <span className="field-question-label">Follow-up</span>
            <div className="field-segmented">
              <button type="button" role="radio" aria-checked={draft.followUp} className="field-button" onClick={() => set({ followUp: true })} data-testid="close-follow-up-offer">Offer follow-up</button>
              <button type="button" role="radio" aria-checked={!draft.followUp} className="field-button" onClick={() => set({ followUp: false })} data-testid="close-follow-up-declined">Person declines</button>
            </div>
          </div>
        ) : (
          <p className="field-hidden" data-testid="close-no-follow-up">No follow-up is opened after this outcome.</p>
        )}
        <button type="submit" className="field-button field-button-go" data-testid="close-review">Review and close</button>
        <button type="button" className="field-button" onClick={onBack} data-testid="close-back">Back</button>
      </form>
    </section>
  );
}
