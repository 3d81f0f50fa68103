import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { LIMITS } from '@continuum/contracts';
import type { BreakGlassView } from '@continuum/sdk';
import { checkBreakGlass, cleanId, describeBreakGlassError, REASON_MIN } from '../../break-glass.ts';
import { useClient } from '../../client-context.tsx';
import { NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { Modal } from '../intake/Modal.tsx';
import '../intake/intake.css';
import './break-glass.css';

const T = 'break-glass';
// A held or doubled Enter must not carry the first step's "Continue" through the confirmation.
const CONFIRM_GUARD_MS = 400;

/** Asks for the incident id and a written reason, warns, then confirms before breaking the glass. */
export function BreakGlassDialog({ onOpened, onClose }: { onOpened: (view: BreakGlassView) => void; onClose: () => void }) {
  const client = useClient();
  const [id, setId] = useState('');
  const [reason, setReason] = useState('');
  const [step, setStep] = useState<'write' | 'confirm'>('write');
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [pending, setPending] = useState(false);
  const idRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const confirmShownAt = useRef(0);
  const length = reason.trim().length;

  const show = (found: FormIssues) => {
    setIssues(found);
    setStep('write');
    // The first field to fix takes focus, after React has put the fields back on screen.
    requestAnimationFrame(() => (found.fields.id ? idRef : reasonRef).current?.focus());
  };

  const toConfirm = (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    const found = checkBreakGlass(cleanId(id), reason);
    if (Object.keys(found.fields).length > 0) return show(found);
    setIssues(NO_ISSUES);
    setStep('confirm');
    confirmShownAt.current = Date.now();
    requestAnimationFrame(() => confirmRef.current?.focus());
  };

  const open = async (event: FormEvent) => {
    event.preventDefault();
    if (pending || Date.now() - confirmShownAt.current < CONFIRM_GUARD_MS) return;
    setPending(true);
    try {
      onOpened(await client.breakGlass(cleanId(id), { reason: reason.trim() }));
    } catch (error) {
      setPending(false);
      show(describeBreakGlassError(error));
    }
  };

  // Ctrl+Enter in the reason continues, as Enter does in the id field; plain Enter is a new line.
  const reasonKeys = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) toConfirm(event);
  };

  return (
    <Modal titleId={`${T}-title`} onClose={onClose} initialFocus={idRef} danger testId={T}>
      <h2 id={`${T}-title`}>Open a restricted record</h2>
      <div className="break-glass-warning" role="note" data-testid={`${T}-warning`}>
        <strong>Break-glass.</strong> This opens a record no sharing agreement lets you read. The privacy officer is alerted at once
        and your reason is kept in the audit trail. Access lasts 60 minutes.
      </div>
      {step === 'write' ? (
        <form className="form" onSubmit={toConfirm} noValidate data-testid={`${T}-form`}>
          <label className="field">
            <span className="field-label">Incident id</span>
            <input
              ref={idRef}
              value={id}
              onChange={(e) => setId(e.target.value)}
              spellCheck={false}
              autoComplete="off"
              maxLength={64}
              className="break-glass-id"
              aria-invalid={issues.fields.id ? true : undefined}
              aria-describedby={`${T}-id-hint${issues.fields.id ? ` ${T}-id-error` : ''}`}
              data-testid={`${T}-id`}
            />
            <span id={`${T}-id-hint`} className="field-hint">The full id, as the other agency or the audit trail gives it.</span>
            {issues.fields.id && <span id={`${T}-id-error`} className="field-error" data-testid={`${T}-id-error`}>{issues.fields.id}</span>}
          </label>
          <label className="field">
            <span className="field-label">Why do you need this record?</span>
            <textarea
              ref={reasonRef}
              value={reason}
              rows={3}
              maxLength={LIMITS.reason}
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={reasonKeys}
              aria-invalid={issues.fields.reason ? true : undefined}
              aria-describedby={`${T}-reason-count${issues.fields.reason ? ` ${T}-reason-error` : ''}`}
              data-testid={`${T}-reason`}
            />
            <span id={`${T}-reason-count`} className={`field-hint break-glass-count${length >= REASON_MIN ? ' is-enough' : ''}`} data-testid={`${T}-count`}>
              {length < REASON_MIN ? `${length} of at least ${REASON_MIN} characters` : `${length} characters (at most ${LIMITS.reason})`}
              {' · '}the privacy officer reads this
            </span>
            {issues.fields.reason && <span id={`${T}-reason-error`} className="field-error" data-testid={`${T}-reason-error`}>{issues.fields.reason}</span>}
          </label>
          {issues.general.length > 0 && (
            <div className="form-error" role="alert" data-testid={`${T}-error`}>{issues.general.map((m) => <p key={m}>{m}</p>)}</div>
          )}
          <div className="dialog-actions">
            <button type="submit" className="button button-primary" data-testid={`${T}-continue`}>
              Continue <kbd>Enter</kbd>
            </button>
            <button type="button" className="button" onClick={onClose} data-testid={`${T}-cancel`}>
              Cancel <kbd>Esc</kbd>
            </button>
          </div>
        </form>
      ) : (
        <form className="form" onSubmit={open} noValidate data-testid={`${T}-confirm-step`}>
          <dl className="break-glass-summary">
            <dt>Incident</dt>
            <dd><code data-testid={`${T}-confirm-id`}>{cleanId(id)}</code></dd>
            <dt>Your reason</dt>
            <dd className="break-glass-reason" data-testid={`${T}-confirm-reason`}>{reason.trim()}</dd>
          </dl>
          <p className="break-glass-ask">Open this record now? The privacy officer sees your name and reason straight away.</p>
          <div className="dialog-actions">
            <button ref={confirmRef} type="submit" className="button button-danger" disabled={pending} data-testid={`${T}-confirm`}>
              {pending ? 'Opening…' : 'Open the record'} <kbd>Enter</kbd>
            </button>
            <button type="button" className="button" disabled={pending} onClick={() => show(NO_ISSUES)} data-testid={`${T}-back`}>
              Change id or reason
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
