import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { LIMITS } from '@continuum/contracts';
import { describeWriteError, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { Modal } from './Modal.tsx';

interface ActionDialogProps {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Ask for a reason before confirming: required, and recorded with the event. */
  reason?: { label: string; hint: string; /** Said when it is left empty. */ missing?: string };
  /** Sends the action; a rejection is shown in the dialog, which stays open. */
  onConfirm: (reason: string | undefined) => Promise<void>;
  onClose: () => void;
  testId: string;
}

/** Confirms a hand-off that ends the call-taker's part, asking for a reason where one is due. */
export function ActionDialog({ title, body, confirmLabel, danger, reason, onConfirm, onClose, testId }: ActionDialogProps) {
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [pending, setPending] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    if (reason && text.trim() === '') {
      setIssues({ fields: { reason: reason.missing ?? 'Give the reason: it is recorded with the call' }, general: [] });
      reasonRef.current?.focus();
      return;
    }
    setPending(true);
    try {
      await onConfirm(reason ? text.trim() : undefined);
    } catch (error) {
      setIssues(describeWriteError(error, ['reason']));
      setPending(false);
    }
  };

  return (
    <Modal titleId={`${testId}-title`} onClose={onClose} initialFocus={reason ? reasonRef : confirmRef} danger={danger} testId={testId}>
      <form className="form" onSubmit={submit} noValidate>
        <h2 id={`${testId}-title`}>{title}</h2>
        <div className="dialog-body">{body}</div>
        {reason && (
          <label className="field">
            <span className="field-label">{reason.label}</span>
            <input
              ref={reasonRef}
              value={text}
              maxLength={LIMITS.reason}
              onChange={(e) => setText(e.target.value)}
              aria-invalid={issues.fields.reason ? true : undefined}
              aria-describedby={`${testId}-hint${issues.fields.reason ? ` ${testId}-error` : ''}`}
              data-testid={`${testId}-reason`}
            />
            <span id={`${testId}-hint`} className="field-hint">{reason.hint}</span>
            {issues.fields.reason && <span id={`${testId}-error`} className="field-error">{issues.fields.reason}</span>}
          </label>
        )}
        {issues.general.length > 0 && (
          <div className="form-error" role="alert">{issues.general.map((m) => <p key={m}>{m}</p>)}</div>
        )}
        <div className="dialog-actions">
          <button ref={confirmRef} type="submit" className={`button ${danger ? 'button-danger' : 'button-primary'}`} disabled={pending} data-testid={`${testId}-confirm`}>
            {pending ? 'Sending…' : confirmLabel} <kbd>Enter</kbd>
          </button>
          <button type="button" className="button" onClick={onClose} data-testid={`${testId}-back`}>
            Back <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Modal>
  );
}
