import type { Ref } from 'react';
import { LIMITS } from '@continuum/contracts';
import { PETITIONERS, type Disposition } from '@continuum/domain';
import type { FacilityView } from '@continuum/sdk';
import { followUpApplies, needsTransport, OUTCOME_LABELS, PHONE_OUTCOMES, PETITIONER_LABELS, withOutcome, type CloseDraft, type OutcomeChoice } from '../../close-form.ts';
import type { FormIssues } from '../../form-issues.ts';
import { CloseFlagsFields } from './CloseFlagsFields.tsx';
import { CloseTransportFields } from './CloseTransportFields.tsx';
import { FieldIssue } from './FieldIssue.tsx';
import './close.css';

interface Props {
  draft: CloseDraft;
  set: (patch: Partial<CloseDraft>) => void;
  issues: FormIssues;
  /** The screen's own outcomes first; the others, if any, in a group of their own. */
  outcomes: OutcomeChoice;
  facilities: readonly FacilityView[] | undefined;
  knownFacility: { id: string; name: string } | null;
  /** The call was handled on the phone: its phone endings ask nothing about force or injuries. */
  byPhone?: boolean;
  /** The outcome control, for a dialog to put focus on as it opens. */
  outcomeRef?: Ref<HTMLSelectElement>;
}

/**
 * How the call ended, in the controlled words the RAC counts: the controls of the close form,
 * the same on the phone in the field, in the call-taker's dialog and on the dispatch board.
 */
export function CloseFields({ draft, set, issues, outcomes, facilities, knownFacility, byPhone = false, outcomeRef }: Props) {
  const asked = (o: Disposition) => !(byPhone && (PHONE_OUTCOMES as readonly Disposition[]).includes(o));
  const inPerson = asked(draft.disposition);
  // What the form no longer shows is not sent either: a hidden "force was used" would be counted.
  const choose = (o: Disposition) => set({ ...withOutcome(draft, o), ...(asked(o) ? {} : { useOfForce: false, injuries: { person: false, responder: false, other: false }, diversion: '' }) });
  const option = (o: Disposition) => <option key={o} value={o}>{OUTCOME_LABELS[o]}</option>;
  return (
    <>
      {issues.general.map((g) => <p key={g} className="field-issue" role="alert" data-testid="close-general-issue">{g}</p>)}
      <label className="field-label" htmlFor="close-outcome">How did it end?</label>
      <select
        ref={outcomeRef} id="close-outcome" className="field-select" value={draft.disposition} onChange={(e) => choose(e.target.value as Disposition)}
        data-testid="close-outcome" aria-describedby="close-outcome-issue" aria-invalid={Boolean(issues.fields.disposition)}
      >
        {outcomes.other.length === 0 ? outcomes.primary.map(option) : (
          <>
            {outcomes.primary.map(option)}
            <optgroup label="Other outcomes">{outcomes.other.map(option)}</optgroup>
          </>
        )}
      </select>
      <FieldIssue id="close-outcome-issue" message={issues.fields.disposition} />
      {needsTransport(draft.disposition) && <CloseTransportFields draft={draft} set={set} issues={issues.fields} facilities={facilities} knownFacility={knownFacility} />}
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
          <input id="close-referred" className="field-input" value={draft.referredTo} maxLength={400} onChange={(e) => set({ referredTo: e.target.value })} placeholder="e.g. Rosecrance outpatient" data-testid="close-referred" aria-describedby="close-referred-issue" aria-invalid={Boolean(issues.fields['details.referredTo'])} />
          <FieldIssue id="close-referred-issue" message={issues.fields['details.referredTo']} />
        </>
      )}
      <CloseFlagsFields draft={draft} set={set} issues={issues.fields} inPerson={inPerson} />
      <label className="field-label" htmlFor="close-note">Short note (for the care team)</label>
      <textarea id="close-note" className="field-input" rows={2} maxLength={LIMITS.reason} value={draft.note} onChange={(e) => set({ note: e.target.value })} data-testid="close-note" aria-describedby="close-note-issue" />
      <FieldIssue id="close-note-issue" message={issues.fields['details.note']} />
      {/* Follow-up follows a crisis team's visit: a call closed on the phone opens none (server services/close.ts). */}
      {followUpApplies(draft.disposition) && !byPhone ? (
        <div className="field-question" role="radiogroup" aria-label="Follow-up" data-testid="close-follow-up" data-value={draft.followUp ? 'offer' : 'declined'}>
          <span className="field-question-label">Follow-up</span>
          <div className="field-segmented">
            <button type="button" role="radio" aria-checked={draft.followUp} className="field-button" onClick={() => set({ followUp: true })} data-testid="close-follow-up-offer">Offer follow-up</button>
            <button type="button" role="radio" aria-checked={!draft.followUp} className="field-button" onClick={() => set({ followUp: false })} data-testid="close-follow-up-declined">Person declines</button>
          </div>
          <FieldIssue id="close-follow-up-issue" message={issues.fields.followUp} />
        </div>
      ) : (
        <p className="field-hidden" data-testid="close-no-follow-up">{byPhone ? 'No follow-up episode is opened: follow-up comes after a crisis team’s visit.' : 'No follow-up is opened after this outcome.'}</p>
      )}
    </>
  );
}
