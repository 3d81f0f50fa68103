import { useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '@continuum/contracts';
import { describeWriteError, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { Modal } from './Modal.tsx';

export interface UnavailabilityReport {
  action: 'report_crisis_team_unavailable';
  reportedBy: string;
  reportRef?: string;
}

interface UnavailabilityDialogProps {
  onConfirm: (body: UnavailabilityReport) => Promise<void>;
  onClose: () => void;
}

/**
 * 988's report that no crisis team can reach the person within the regional maximum (CESSA §30's
 * third ground, issue 12 §4): recorded with who at 988 said so, at triage and on the board. Without
 * it (or a recommendation reporting the shortfall) police are refused that ground.
 */
export function UnavailabilityDialog({ onConfirm, onClose }: UnavailabilityDialogProps) {
  const [reportedBy, setReportedBy] = useState('');
  const [reportRef, setReportRef] = useState('');
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [pending, setPending] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    if (!reportedBy.trim()) {
      setIssues({ fields: { reportedBy: 'Say who at 988 reported it: the report is recorded with their name or desk' }, general: [] });
      first.current?.focus();
      return;
    }
    setPending(true);
    try {
      await onConfirm({ action: 'report_crisis_team_unavailable', reportedBy: reportedBy.trim(), ...(reportRef.trim() ? { reportRef: reportRef.trim() } : {}) });
    } catch (error) {
      setIssues(describeWriteError(error, ['reportedBy', 'reportRef']));
      setPending(false);
    }
  };
  const f = issues.fields;
  return (
    <Modal titleId="unavailable-title" onClose={onClose} initialFocus={first} testId="unavailable-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <h2 id="unavailable-title">988 reports no crisis team in time</h2>
        <p className="muted">Record 988’s report that no crisis team can reach the person within the regional maximum. It is the fact behind the CESSA §30 ground “no crisis team within the regional maximum”.</p>
        <label className="field">
          <span className="field-label">Reported by</span>
          <input ref={first} value={reportedBy} maxLength={LIMITS.shortText} onChange={(e) => setReportedBy(e.target.value)} aria-invalid={f.reportedBy ? true : undefined} aria-describedby={f.reportedBy ? 'unavailable-by-error' : 'unavailable-by-hint'} data-testid="unavailable-by" />
          <span id="unavailable-by-hint" className="field-hint">Who at 988 said so: a name, role or desk.</span>
          {f.reportedBy && <span id="unavailable-by-error" className="field-error">{f.reportedBy}</span>}
        </label>
        <label className="field">
          <span className="field-label">988 reference (optional)</span>
          <input value={reportRef} maxLength={LIMITS.shortText} onChange={(e) => setReportRef(e.target.value)} data-testid="unavailable-ref" />
          {f.reportRef && <span className="field-error">{f.reportRef}</span>}
        </label>
        {issues.general.length > 0 && <div className="form-error" role="alert">{issues.general.map((m) => <p key={m}>{m}</p>)}</div>}
        <div className="dialog-actions">
          <button type="submit" className="button button-primary" disabled={pending} data-testid="unavailable-confirm">{pending ? 'Sending…' : 'Record the report'} <kbd>Enter</kbd></button>
          <button type="button" className="button" onClick={onClose}>Back <kbd>Esc</kbd></button>
        </div>
      </form>
    </Modal>
  );
}
