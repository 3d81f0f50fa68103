import { useRef, useState, type FormEvent } from 'react';
import type { IncidentView } from '@continuum/sdk';
import { describeWriteError, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { unmarkedFlags } from '../../intake-actions.ts';
import { Modal } from './Modal.tsx';

export interface SafetyFlagMark {
  action: 'mark_safety_flag';
  flag: string;
  as: 'threat' | 'medical_concern';
}

/** The two marks in words, with what each does to the level. */
export const FLAG_KIND_LABELS: Record<SafetyFlagMark['as'], { label: string; effect: string }> = {
  threat: { label: 'A threat', effect: 'counts as a threat of violence: it can raise the level and is a fact a §30 threat ground stands on' },
  medical_concern: { label: 'A medical concern', effect: 'counts as a medical concern below an emergency: EMS may be added to the response' },
};

interface SafetyFlagDialogProps {
  incident: IncidentView | undefined;
  onConfirm: (body: SafetyFlagMark) => Promise<void>;
  onClose: () => void;
}

/**
 * Marks a free-text safety flag as a threat or a medical concern (issue 12 §2), so that what the
 * caller said feeds the same factors as the interview's answers. Only before the determination.
 */
export function SafetyFlagDialog({ incident, onConfirm, onClose }: SafetyFlagDialogProps) {
  const flags = unmarkedFlags(incident);
  const [flag, setFlag] = useState(flags[0]?.flag ?? '');
  const kinds = flags.find((f) => f.flag === flag)?.kinds ?? [];
  const [as, setAs] = useState<SafetyFlagMark['as'] | ''>('');
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [pending, setPending] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const chosen = as && kinds.includes(as) ? as : '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    if (!flag || !chosen) {
      setIssues({ fields: chosen ? { flag: 'Choose the flag to mark' } : { as: 'Choose what the flag is: a threat or a medical concern' }, general: [] });
      return;
    }
    setPending(true);
    try {
      await onConfirm({ action: 'mark_safety_flag', flag, as: chosen });
    } catch (error) {
      setIssues(describeWriteError(error, ['flag', 'as']));
      setPending(false);
    }
  };
  const f = issues.fields;
  return (
    <Modal titleId="flag-title" onClose={onClose} initialFocus={first} testId="flag-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <h2 id="flag-title">Mark a safety flag</h2>
        <p className="muted">A flag marked here counts as a risk factor in the interview, as if the caller had answered it.</p>
        <fieldset className="field">
          <legend className="field-label">Which flag</legend>
          {flags.map((x, i) => (
            <label key={x.flag} className="flag-choice">
              <input ref={i === 0 ? first : undefined} type="radio" name="flag" value={x.flag} checked={flag === x.flag} onChange={() => setFlag(x.flag)} data-testid="flag-choice" />
              <span className="flag-text">{x.flag}</span>
            </label>
          ))}
          {f.flag && <span className="field-error">{f.flag}</span>}
        </fieldset>
        <fieldset className="field">
          <legend className="field-label">It is</legend>
          {kinds.map((k) => (
            <label key={k} className="flag-choice">
              <input type="radio" name="as" value={k} checked={chosen === k} onChange={() => setAs(k)} data-testid="flag-kind" data-kind={k} />
              <span><strong>{FLAG_KIND_LABELS[k].label}</strong>: {FLAG_KIND_LABELS[k].effect}</span>
            </label>
          ))}
          {f.as && <span className="field-error" role="alert">{f.as}</span>}
        </fieldset>
        {issues.general.length > 0 && <div className="form-error" role="alert">{issues.general.map((m) => <p key={m}>{m}</p>)}</div>}
        <div className="dialog-actions">
          <button type="submit" className="button button-primary" disabled={pending} data-testid="flag-confirm">{pending ? 'Sending…' : 'Mark the flag'} <kbd>Enter</kbd></button>
          <button type="button" className="button" onClick={onClose}>Back <kbd>Esc</kbd></button>
        </div>
      </form>
    </Modal>
  );
}
