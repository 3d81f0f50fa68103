import { useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '@continuum/contracts';
import { describeWriteError, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { RELEASE_LABELS } from '../../dispatch-labels.ts';
import { Modal } from '../intake/Modal.tsx';

type Kind = keyof typeof RELEASE_LABELS;

interface ReasonDialogProps {
  title: string;
  /** Releasing asks whether the unit is reassigned or cancelled; resolving a panic does not. */
  release: boolean;
  confirmLabel: string;
  onSend: (input: { kind: Kind; reason: string }) => Promise<void>;
  onClose: () => void;
}

/** A written reason before taking a unit off a call or closing its panic: both are reviewed later. */
export function ReasonDialog({ title, release, confirmLabel, onSend, onClose }: ReasonDialogProps) {
  const [kind, setKind] = useState<Kind>('reassigned');
  const [reason, setReason] = useState('');
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [pending, setPending] = useState(false);
  const first = useRef<HTMLTextAreaElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    if (!reason.trim()) return setIssues({ fields: { reason: 'Write the reason: it is recorded and reviewed' }, general: [] });
    setPending(true);
    try {
      await onSend({ kind, reason: reason.trim() });
    } catch (error) {
      setIssues(describeWriteError(error, ['reason', 'kind']));
      setPending(false);
    }
  };

  return (
    <Modal titleId="reason-title" onClose={onClose} initialFocus={first} testId="reason-dialog" danger={!release}>
      <form className="form" onSubmit={submit} noValidate>
        <h2 id="reason-title">{title}</h2>
        {release && (
          <fieldset className="fieldset">
            <legend>What happens to the unit</legend>
            {(Object.keys(RELEASE_LABELS) as Kind[]).map((k) => (
              <label key={k} className="radio">
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`release-${k}`} />
                {RELEASE_LABELS[k]}
              </label>
            ))}
          </fieldset>
        )}
        <label className="field">
          <span className="field-label">Reason</span>
          <textarea
            ref={first} rows={2} value={reason} maxLength={LIMITS.reason} onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              // Enter in a text area is a new line; Ctrl+Enter sends, as in the break-glass reason.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
            }}
            aria-invalid={issues.fields.reason ? true : undefined} data-testid="reason-input"
          />
          {issues.fields.reason && <span className="field-error">{issues.fields.reason}</span>}
        </label>
        {issues.general.length > 0 && <div className="form-error" role="alert" data-testid="reason-error">{issues.general.map((m) => <p key={m}>{m}</p>)}</div>}
        <div className="dialog-actions">
          <button type="submit" className={`button ${release ? 'button-primary' : 'button-danger'}`} disabled={pending} data-testid="reason-confirm">
            {pending ? 'Sending…' : confirmLabel}
          </button>
          <button type="button" className="button" onClick={onClose}>Back <kbd>Esc</kbd></button>
        </div>
      </form>
    </Modal>
  );
}
