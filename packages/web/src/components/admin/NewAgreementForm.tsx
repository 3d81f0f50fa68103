import { useState, type FormEvent } from 'react';
import { LIMITS } from '@continuum/contracts';
import type { AgreementView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { describeWriteError, type FormIssues } from '../../form-issues.ts';
import { FIELD_CLASS_NAMES, PURPOSE_NAMES } from '../../privacy-labels.ts';
import { AGREEMENT_PURPOSES, agreementProblems, emptyAgreementForm, SHAREABLE_CLASSES, toCreateRequest, type AgreementForm } from './agreement-form.ts';

const FIELDS = ['name', 'agencyIds', 'purposes', 'fieldClasses', 'startsAt', 'endsAt'];

interface NewAgreementFormProps {
  agencies: readonly string[];
  onCreated: (agreement: AgreementView) => void;
  onCancel: () => void;
}

/** Records a new data-sharing agreement: parties, purposes, classes of field, and its dates. */
export function NewAgreementForm({ agencies, onCreated, onCancel }: NewAgreementFormProps) {
  const client = useClient();
  const [form, setForm] = useState<AgreementForm>(emptyAgreementForm);
  const [issues, setIssues] = useState<FormIssues>({ fields: {}, general: [] });
  const [pending, setPending] = useState(false);

  // A field's message goes as soon as the field is touched: it described the old value.
  const settle = (issue: string) => setIssues((i) => ({ ...i, fields: Object.fromEntries(Object.entries(i.fields).filter(([k]) => k !== issue)) }));
  const change = (patch: Partial<AgreementForm>, issue: string) => {
    setForm((f) => ({ ...f, ...patch }));
    settle(issue);
  };
  const toggle = <K extends 'agencies' | 'purposes' | 'fieldClasses'>(key: K, value: AgreementForm[K][number], issue: string) => {
    setForm((f) => {
      const list = f[key] as string[];
      return { ...f, [key]: list.includes(value) ? list.filter((v) => v !== value) : [...list, value] };
    });
    settle(issue);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = agreementProblems(form);
    if (Object.keys(problems).length) {
      setIssues({ fields: problems, general: [] });
      return;
    }
    setPending(true);
    try {
      onCreated(await client.createAgreement(toCreateRequest(form)));
    } catch (error) {
      setIssues(describeWriteError(error, FIELDS));
      setPending(false);
    }
  };

  const error = (field: string) => issues.fields[field] && (
    <span className="field-error" data-testid={`agreement-error-${field}`}>{issues.fields[field]}</span>
  );

  return (
    <form className="form agreement-form" onSubmit={submit} noValidate aria-labelledby="new-agreement-title" data-testid="agreement-form">
      <h2 id="new-agreement-title">New agreement</h2>
      <label className="field">
        <span className="field-label">Name</span>
        <input value={form.name} maxLength={LIMITS.shortText} onChange={(e) => change({ name: e.target.value }, 'name')} autoFocus data-testid="agreement-name" />
        {error('name')}
      </label>
      <fieldset className="fieldset">
        <legend>Agencies (parties)</legend>
        <div className="check-row">
          {agencies.map((a) => (
            <label key={a} className="check-pill">
              <input type="checkbox" checked={form.agencies.includes(a)} onChange={() => toggle('agencies', a, 'agencyIds')} data-testid={`agreement-agency-${a}`} />
              <code>{a}</code>
            </label>
          ))}
        </div>
        <label className="field">
          <span className="field-label">Other agency ids</span>
          <input value={form.otherAgencies} onChange={(e) => change({ otherAgencies: e.target.value }, 'agencyIds')} placeholder="separated by commas" spellCheck={false} data-testid="agreement-other-agencies" />
        </label>
        {error('agencyIds')}
      </fieldset>
      <fieldset className="fieldset">
        <legend>Purposes</legend>
        <div className="check-row">
          {AGREEMENT_PURPOSES.map((p) => (
            <label key={p} className="check-pill">
              <input type="checkbox" checked={form.purposes.includes(p)} onChange={() => toggle('purposes', p, 'purposes')} data-testid={`agreement-purpose-${p}`} />
              {PURPOSE_NAMES[p]}
            </label>
          ))}
        </div>
        {error('purposes')}
      </fieldset>
      <fieldset className="fieldset">
        <legend>Classes of field shared</legend>
        <div className="check-row">
          {SHAREABLE_CLASSES.map((c) => (
            <label key={c} className="check-pill">
              <input type="checkbox" checked={form.fieldClasses.includes(c)} onChange={() => toggle('fieldClasses', c, 'fieldClasses')} data-testid={`agreement-class-${c}`} />
              {FIELD_CLASS_NAMES[c]}
            </label>
          ))}
        </div>
        <span className="field-hint">Substance-use (Part 2) records are never shared under an agreement alone: they need the person’s consent.</span>
        {error('fieldClasses')}
      </fieldset>
      <div className="field-row">
        <label className="field">
          <span className="field-label">Starts on</span>
          <input type="date" value={form.startsOn} onChange={(e) => change({ startsOn: e.target.value }, 'startsAt')} data-testid="agreement-starts" />
          {error('startsAt')}
        </label>
        <label className="field">
          <span className="field-label">Ends on (optional)</span>
          <input type="date" value={form.endsOn} onChange={(e) => change({ endsOn: e.target.value }, 'endsAt')} data-testid="agreement-ends" />
          <span className="field-hint">Leave empty for an agreement that runs until ended.</span>
          {error('endsAt')}
        </label>
      </div>
      {issues.general.length > 0 && <div className="form-error" role="alert">{issues.general.map((m) => <p key={m}>{m}</p>)}</div>}
      <div className="dialog-actions">
        <button type="submit" className="button button-primary" disabled={pending} data-testid="agreement-submit">
          {pending ? 'Recording…' : 'Record agreement'}
        </button>
        <button type="button" className="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
