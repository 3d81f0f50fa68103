import { useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '@continuum/contracts';
import { DEVIATION_CODES, POLICE_JUSTIFICATIONS, type DeviationCode, type PoliceJustification } from '@continuum/domain';
import type { AssignInput } from '@continuum/sdk';
import { describeWriteError, groundRefusal, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { needsCessa30, planRefusal } from '../../dispatch-board.ts';
import { DEVIATION_LABELS, MODE_LABELS } from '../../dispatch-labels.ts';
import { JUSTIFICATION_LABELS } from '../../intake-format.ts';
import { Modal } from '../intake/Modal.tsx';

type Mode = keyof typeof MODE_LABELS;
const FIELDS = ['mode', 'justification.code', 'justification.cessa30', 'justification.note', 'justification.groundOverride'];

interface AssignDialogProps {
  address: string;
  units: readonly { unitId: string; name: string; etaMinutes: number | null }[];
  onSend: (body: AssignInput) => Promise<void>;
  onClose: () => void;
  /** Whether the reader may let a §30 ground stand without its fact, in writing (a supervisor). */
  maySupervise?: boolean;
}

/**
 * The confirmation before units are sent: who goes, and with several units how they arrive. When
 * the server answers that a unit breaks the response plan, the same dialog asks for the coded
 * justification (and a CESSA §30 ground for police on a plan without police) and sends again.
 */
export function AssignDialog({ address, units, onSend, onClose, maySupervise = false }: AssignDialogProps) {
  const several = units.length > 1;
  const [mode, setMode] = useState<Mode | ''>('');
  const [refusal, setRefusal] = useState<{ rules: string[]; messages: string[] } | null>(null);
  const [code, setCode] = useState<DeviationCode | ''>('');
  const [cessa30, setCessa30] = useState<PoliceJustification | ''>('');
  const [note, setNote] = useState('');
  const [groundOverride, setGroundOverride] = useState('');
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [pending, setPending] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const firstMode = useRef<HTMLInputElement>(null);
  const police = refusal !== null && needsCessa30(refusal);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const missing: Record<string, string> = {};
    if (several && !mode) missing.mode = 'Choose how the units arrive';
    if (refusal && !code) missing['justification.code'] = 'Choose why you send a unit outside the plan';
    if (police && !cessa30) missing['justification.cessa30'] = 'Police on this call need a CESSA §30 ground';
    if (code === 'other' && !note.trim()) missing['justification.note'] = 'Say why, since the reason is “other”';
    if (Object.keys(missing).length > 0) return setIssues({ fields: missing, general: [] });
    setPending(true);
    try {
      await onSend({
        units: units.map((u) => u.unitId),
        ...(several && mode ? { mode } : {}),
        ...(refusal && code
          ? { justification: { code, ...(police && cessa30 ? { cessa30 } : {}), ...(note.trim() ? { note: note.trim() } : {}), ...(police && maySupervise && groundOverride.trim() ? { groundOverride: groundOverride.trim() } : {}) } }
          : {}),
      });
    } catch (error) {
      const refused = planRefusal(error);
      setPending(false);
      // The plan check is a question to answer, not a failure: open the justification form.
      if (refused && !refusal) {
        setRefusal(refused);
        setIssues(NO_ISSUES);
      } else {
        // A ground the call's facts do not support (422): said in words at the ground's field.
        const ground = groundRefusal(error, maySupervise);
        setIssues(ground ? { fields: { 'justification.cessa30': ground }, general: [] } : describeWriteError(error, FIELDS));
      }
    }
  };

  const f = issues.fields;
  const err = (name: string) => (f[name] ? <span className="field-error" data-testid={`assign-error-${name}`}>{f[name]}</span> : null);

  return (
    <Modal titleId="assign-title" onClose={onClose} initialFocus={several ? firstMode : confirm} testId="assign-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <h2 id="assign-title">Send {several ? `${units.length} units` : units[0]?.name} to {address}?</h2>
        <ul className="assign-units" data-testid="assign-units">
          {units.map((u) => (
            <li key={u.unitId}><strong>{u.name}</strong>{u.etaMinutes !== null ? ` · about ${Math.round(u.etaMinutes)} min away` : ' · outside the recommendation'}</li>
          ))}
        </ul>
        {several && (
          <fieldset className="fieldset">
            <legend>How they arrive</legend>
            {(Object.keys(MODE_LABELS) as Mode[]).map((m, i) => (
              <label key={m} className="radio">
                <input ref={i === 0 ? firstMode : undefined} type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} data-testid={`assign-mode-${m}`} />
                {MODE_LABELS[m]}
              </label>
            ))}
            {err('mode')}
          </fieldset>
        )}
        {refusal && (
          <div className="justification" data-testid="justification-form">
            <div className="form-error" role="alert">
              <p><strong>This breaks the response plan.</strong></p>
              {refusal.messages.map((m) => <p key={m}>{m}</p>)}
            </div>
            <label className="field">
              <span className="field-label">Why send it anyway</span>
              <select value={code} onChange={(e) => setCode(e.target.value as DeviationCode)} aria-invalid={f['justification.code'] ? true : undefined} data-testid="justification-code" autoFocus>
                <option value="">Choose a reason…</option>
                {DEVIATION_CODES.map((c) => <option key={c} value={c}>{DEVIATION_LABELS[c]}</option>)}
              </select>
              {err('justification.code')}
            </label>
            {police && (
              <label className="field">
                <span className="field-label">CESSA §30 ground for police</span>
                <select value={cessa30} onChange={(e) => {
                    setCessa30(e.target.value as PoliceJustification);
                    // A refusal of the ground chosen before is about that ground, not this one.
                    setIssues((i) => ({ ...i, fields: Object.fromEntries(Object.entries(i.fields).filter(([k]) => k !== 'justification.cessa30')) }));
                  }} aria-invalid={f['justification.cessa30'] ? true : undefined} data-testid="justification-cessa30">
                  <option value="">Choose the ground…</option>
                  {POLICE_JUSTIFICATIONS.map((j) => <option key={j} value={j}>{JUSTIFICATION_LABELS[j]}</option>)}
                </select>
                <span className="field-hint">A diagnosis or a mental-health emergency alone is never a ground.</span>
                {err('justification.cessa30')}
              </label>
            )}
            {police && maySupervise && (
              <label className="field">
                <span className="field-label">Supervisor override (only if the call does not record the ground’s fact)</span>
                <textarea rows={2} value={groundOverride} maxLength={LIMITS.reason} onChange={(e) => setGroundOverride(e.target.value)} aria-invalid={f['justification.groundOverride'] ? true : undefined} data-testid="justification-ground-override" />
                <span className="field-hint">Your written reason is recorded with the assignment, audited and counted.</span>
                {err('justification.groundOverride')}
              </label>
            )}
            <label className="field">
              <span className="field-label">Note{code === 'other' ? '' : ' (optional)'}</span>
              <textarea rows={2} value={note} maxLength={LIMITS.reason} onChange={(e) => setNote(e.target.value)} aria-invalid={f['justification.note'] ? true : undefined} data-testid="justification-note" />
              {err('justification.note')}
            </label>
          </div>
        )}
        {issues.general.length > 0 && <div className="form-error" role="alert" data-testid="assign-error">{issues.general.map((m) => <p key={m}>{m}</p>)}</div>}
        <div className="dialog-actions">
          <button ref={confirm} type="submit" className="button button-primary" disabled={pending} data-testid="assign-confirm">
            {pending ? 'Sending…' : refusal ? 'Send with this justification' : 'Send'} <kbd>Enter</kbd>
          </button>
          <button type="button" className="button" onClick={onClose}>Back <kbd>Esc</kbd></button>
        </div>
      </form>
    </Modal>
  );
}
