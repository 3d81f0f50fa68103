import { useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '@continuum/contracts';
import {
  OVERRIDE_REASONS, POLICE_JUSTIFICATIONS, POLICE_RESPONSE_TYPES, RESPONSE_TYPES,
  type OverrideReason, type PoliceJustification, type ResponseType,
} from '@continuum/domain';
import type { TransitionInput } from '@continuum/sdk';
import { describeWriteError, groundRefusal, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { JUSTIFICATION_LABELS, OVERRIDE_REASON_LABELS, RESPONSE_TYPE_LABELS } from '../../intake-format.ts';
import { Modal } from './Modal.tsx';

const FIELDS = ['to', 'reasonCode', 'justification', 'note', 'groundOverride'];

interface OverrideDialogProps {
  recommended: ResponseType;
  /** A supervisor may let a ground stand without its fact, with a written reason (issue 12 §4). */
  maySupervise?: boolean;
  onConfirm: (body: Extract<TransitionInput, { action: 'override_response' }>) => Promise<void>;
  onClose: () => void;
}

/**
 * Choosing another response than the protocol's: always with a reason code (overrides are
 * counted for the RAC), and with a CESSA §30 ground whenever the new response sends police.
 */
export function OverrideDialog({ recommended, maySupervise = false, onConfirm, onClose }: OverrideDialogProps) {
  const choices = RESPONSE_TYPES.filter((t) => t !== recommended);
  const [to, setTo] = useState<ResponseType>(choices[0]!);
  const [reasonCode, setReasonCode] = useState<OverrideReason | ''>('');
  const [justification, setJustification] = useState<PoliceJustification | ''>('');
  const [note, setNote] = useState('');
  const [groundOverride, setGroundOverride] = useState('');
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [pending, setPending] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  const police = POLICE_RESPONSE_TYPES.includes(to);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const missing: Record<string, string> = {};
    if (!reasonCode) missing.reasonCode = 'Choose why: overrides are counted and reviewed';
    if (police && !justification) missing.justification = 'Police need a CESSA §30 ground';
    if (reasonCode === 'other' && !note.trim()) missing.note = 'Say why, since the reason is “other”';
    if (Object.keys(missing).length > 0 || !reasonCode) return setIssues({ fields: missing, general: [] });
    setPending(true);
    try {
      await onConfirm({
        action: 'override_response',
        to,
        reasonCode,
        ...(police && justification ? { justification } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(police && maySupervise && groundOverride.trim() ? { groundOverride: groundOverride.trim() } : {}),
      });
    } catch (error) {
      const ground = groundRefusal(error, maySupervise);
      setIssues(ground ? { fields: { justification: ground }, general: [] } : describeWriteError(error, FIELDS));
      setPending(false);
    }
  };

  const f = issues.fields;
  const err = (name: string) =>
    f[name] ? <span id={`override-${name}-error`} className="field-error" data-testid={`override-error-${name}`}>{f[name]}</span> : null;
  const described = (name: string) => (f[name] ? `override-${name}-error` : undefined);

  return (
    <Modal titleId="override-title" onClose={onClose} initialFocus={first} testId="override-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <h2 id="override-title">Override the recommended response</h2>
        <p className="muted">Recommended: {RESPONSE_TYPE_LABELS[recommended]}. The override and its reason are recorded and counted.</p>
        <label className="field">
          <span className="field-label">Send instead</span>
          <select ref={first} value={to} onChange={(e) => setTo(e.target.value as ResponseType)} aria-describedby={described('to')} data-testid="override-to">
            {choices.map((t) => <option key={t} value={t}>{RESPONSE_TYPE_LABELS[t]}</option>)}
          </select>
          {err('to')}
        </label>
        <label className="field">
          <span className="field-label">Reason</span>
          <select value={reasonCode} onChange={(e) => setReasonCode(e.target.value as OverrideReason)} aria-invalid={f.reasonCode ? true : undefined} aria-describedby={described('reasonCode')} data-testid="override-reason">
            <option value="">Choose a reason…</option>
            {OVERRIDE_REASONS.map((r) => <option key={r} value={r}>{OVERRIDE_REASON_LABELS[r]}</option>)}
          </select>
          {err('reasonCode')}
        </label>
        {police && (
          <label className="field">
            <span className="field-label">CESSA §30 ground for police</span>
            <select value={justification} onChange={(e) => {
              setJustification(e.target.value as PoliceJustification);
              // A refusal of the ground chosen before is about that ground, not this one.
              setIssues((i) => ({ ...i, fields: Object.fromEntries(Object.entries(i.fields).filter(([k]) => k !== 'justification')) }));
            }} aria-invalid={f.justification ? true : undefined} aria-describedby={described('justification')} data-testid="override-justification">
              <option value="">Choose the ground…</option>
              {POLICE_JUSTIFICATIONS.map((j) => <option key={j} value={j}>{JUSTIFICATION_LABELS[j]}</option>)}
            </select>
            <span className="field-hint">A diagnosis or a mental-health emergency alone is never a ground. The ground must match what is recorded on the call: a threat factor, a crime factor, or 988’s report that no team can arrive in time.</span>
            {err('justification')}
          </label>
        )}
        {police && maySupervise && (
          <label className="field">
            <span className="field-label">Supervisor override (only if the call does not record the ground’s fact)</span>
            <textarea rows={2} value={groundOverride} maxLength={LIMITS.reason} onChange={(e) => setGroundOverride(e.target.value)} aria-invalid={f.groundOverride ? true : undefined} aria-describedby={described('groundOverride')} data-testid="override-ground-override" />
            {err('groundOverride')}
          </label>
        )}
        <label className="field">
          <span className="field-label">Note{reasonCode === 'other' ? '' : ' (optional)'}</span>
          <textarea rows={2} value={note} maxLength={LIMITS.reason} onChange={(e) => setNote(e.target.value)} aria-invalid={f.note ? true : undefined} aria-describedby={described('note')} data-testid="override-note-input" />
          {err('note')}
        </label>
        {issues.general.length > 0 && <div className="form-error" role="alert">{issues.general.map((m) => <p key={m}>{m}</p>)}</div>}
        <div className="dialog-actions">
          <button type="submit" className="button button-primary" disabled={pending} data-testid="override-confirm">
            {pending ? 'Sending…' : 'Override'}
          </button>
          <button type="button" className="button" onClick={onClose}>Back <kbd>Esc</kbd></button>
        </div>
      </form>
    </Modal>
  );
}
