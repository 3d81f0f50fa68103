import { DEFLECTION_PATHWAYS, DIVERSION_KINDS } from '@continuum/domain';
import { DEFLECTION_LABELS, DIVERSION_LABELS, type CloseDraft } from '../../close-form.ts';
import { FieldIssue } from './FieldIssue.tsx';

interface Props {
  draft: CloseDraft;
  set: (patch: Partial<CloseDraft>) => void;
  issues: Record<string, string>;
  /** False for a call handled on the phone: nobody was there to use force, be hurt or be arrested. */
  inPerson: boolean;
}

/** A fact the RAC counts, as one large toggle: a checkbox is too small for a thumb in a car. */
function Toggle({ id, label, on, onChange }: { id: string; label: string; on: boolean; onChange: (v: boolean) => void }) {
  return (
    <button type="button" role="checkbox" aria-checked={on} className="field-button field-toggle" onClick={() => onChange(!on)} data-testid={id}>
      <span aria-hidden="true" className="field-toggle-box">{on ? '✓' : ''}</span>
      {label}
    </button>
  );
}

/** Force, injuries, the deflection pathway and a diversion: counted for every call, most often "none". */
export function CloseFlagsFields({ draft, set, issues, inPerson }: Props) {
  const injury = (k: keyof CloseDraft['injuries']) => (v: boolean) => set({ injuries: { ...draft.injuries, [k]: v } });
  return (
    <fieldset className="field-fieldset" data-testid="close-flags" data-in-person={inPerson}>
      <legend>{inPerson ? 'Force and injuries' : 'Deflection'}</legend>
      {inPerson && <div className="field-toggles">
        <Toggle id="close-use-of-force" label="Force was used" on={draft.useOfForce} onChange={(v) => set({ useOfForce: v })} />
        <Toggle id="close-injury-person" label="The person was injured" on={draft.injuries.person} onChange={injury('person')} />
        <Toggle id="close-injury-responder" label="A responder was injured" on={draft.injuries.responder} onChange={injury('responder')} />
        <Toggle id="close-injury-other" label="Someone else was injured" on={draft.injuries.other} onChange={injury('other')} />
      </div>}
      <label className="field-label" htmlFor="close-deflection">Deflection pathway</label>
      <select id="close-deflection" className="field-select" value={draft.deflectionPathway} onChange={(e) => set({ deflectionPathway: e.target.value as CloseDraft['deflectionPathway'] })} data-testid="close-deflection">
        <option value="">None</option>
        {DEFLECTION_PATHWAYS.map((p) => <option key={p} value={p}>{DEFLECTION_LABELS[p]}</option>)}
      </select>
      <FieldIssue id="close-deflection-issue" message={issues['details.deflectionPathway']} />
      {inPerson && draft.disposition !== 'arrest' && (
        <>
          <label className="field-label" htmlFor="close-diversion">Diversion from jail</label>
          <select id="close-diversion" className="field-select" value={draft.diversion} onChange={(e) => set({ diversion: e.target.value as CloseDraft['diversion'] })} data-testid="close-diversion" aria-describedby="close-diversion-issue">
            <option value="">None</option>
            {DIVERSION_KINDS.map((k) => <option key={k} value={k}>{DIVERSION_LABELS[k]}</option>)}
          </select>
        </>
      )}
      <FieldIssue id="close-diversion-issue" message={issues['details.diversion']} />
    </fieldset>
  );
}
