import { useState, type FormEvent } from 'react';
import { COMMON_ACTIONS, datesProblem, NO_FILTERS, type AuditFilterForm } from './audit-filters.ts';

interface AuditFilterBarProps {
  /** The filters in force: the form starts from them. */
  applied: AuditFilterForm;
  onApply: (form: AuditFilterForm) => void;
}

/** Who, what, which outcome, which record and when: the auditor's questions as fields. */
export function AuditFilterBar({ applied, onApply }: AuditFilterBarProps) {
  const [form, setForm] = useState(applied);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (key: keyof AuditFilterForm) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wrong = datesProblem(form);
    setProblem(wrong);
    if (!wrong) onApply(form);
  };
  const clear = () => {
    setForm(NO_FILTERS);
    setProblem(null);
    onApply(NO_FILTERS);
  };

  return (
    <form className="filter-bar" onSubmit={submit} role="search" aria-label="Filter the audit trail" data-testid="audit-filters">
      <label className="field">
        <span className="field-label">Who</span>
        <input value={form.who} onChange={set('who')} placeholder="username or user id" autoCapitalize="none" spellCheck={false} maxLength={64} data-testid="audit-filter-who" />
      </label>
      <label className="field">
        <span className="field-label">Action</span>
        <input value={form.action} onChange={set('action')} list="audit-actions" placeholder="e.g. incident.read" autoCapitalize="none" spellCheck={false} maxLength={200} data-testid="audit-filter-action" />
        <datalist id="audit-actions">
          {COMMON_ACTIONS.map((a) => <option key={a} value={a} />)}
        </datalist>
      </label>
      <label className="field">
        <span className="field-label">Outcome</span>
        <select value={form.outcome} onChange={set('outcome')} data-testid="audit-filter-outcome">
          <option value="">Any</option>
          <option value="allowed">Allowed</option>
          <option value="denied">Denied</option>
          <option value="failed">Failed</option>
        </select>
      </label>
      <label className="field">
        <span className="field-label">Record id</span>
        <input value={form.record} onChange={set('record')} placeholder="whole id, as copied" spellCheck={false} maxLength={200} data-testid="audit-filter-record" />
      </label>
      <label className="field">
        <span className="field-label">From</span>
        <input type="date" value={form.from} onChange={set('from')} data-testid="audit-filter-from" />
      </label>
      <label className="field">
        <span className="field-label">To (included)</span>
        <input type="date" value={form.to} onChange={set('to')} aria-invalid={problem ? true : undefined} aria-describedby={problem ? 'audit-filter-problem' : undefined} data-testid="audit-filter-to" />
      </label>
      <div className="filter-actions">
        <button type="submit" className="button button-primary" data-testid="audit-search">Search</button>
        <button type="button" className="button" onClick={clear} data-testid="audit-clear">Clear</button>
      </div>
      {problem && <p id="audit-filter-problem" className="form-error filter-problem" role="alert">{problem}</p>}
    </form>
  );
}
