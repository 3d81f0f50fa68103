import { useState, type FormEvent } from 'react';
import { LIMITS } from '@continuum/contracts';
import { ROLES, type Role } from '@continuum/domain';
import type { ManagedAgency } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { describeWriteError, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { roleLabel } from './admin-labels.ts';

const FIELDS = ['username', 'displayName', 'password', 'role', 'agencyId'];

interface NewUserFormProps {
  agencies: readonly ManagedAgency[];
  defaultAgencyId: string;
  onCreated: (user: { username: string; displayName: string; role: Role }) => void;
  onCancel: () => void;
}

/** Creates a local account with its first role; the password is given to the person out of band. */
export function NewUserForm({ agencies, defaultAgencyId, onCreated, onCancel }: NewUserFormProps) {
  const client = useClient();
  const [form, setForm] = useState({ username: '', displayName: '', password: '', role: '' as Role | '', agencyId: defaultAgencyId });
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [pending, setPending] = useState(false);
  const change = (patch: Partial<typeof form>, field: string) => {
    setForm((f) => ({ ...f, ...patch }));
    setIssues((i) => ({ ...i, fields: Object.fromEntries(Object.entries(i.fields).filter(([k]) => k !== field)) }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!/^[a-z0-9._-]{3,}$/.test(form.username)) problems.username = 'At least 3 characters: lower-case letters, digits, . _ -';
    if (!form.displayName.trim()) problems.displayName = 'Give the person’s name as colleagues know it';
    if (form.password.length < LIMITS.passwordMin) problems.password = `At least ${LIMITS.passwordMin} characters`;
    if (!form.role) problems.role = 'Choose the role';
    if (Object.keys(problems).length) {
      setIssues({ fields: problems, general: [] });
      return;
    }
    setPending(true);
    try {
      const created = await client.createUser({ ...form, role: form.role as Role, displayName: form.displayName.trim() });
      onCreated(created);
    } catch (error) {
      setIssues(describeWriteError(error, FIELDS));
      setPending(false);
    }
  };
  const error = (field: string) => issues.fields[field] && <span className="field-error" data-testid={`user-error-${field}`}>{issues.fields[field]}</span>;

  return (
    <form className="form admin-form" onSubmit={submit} noValidate aria-labelledby="new-user-title" data-testid="user-form">
      <h2 id="new-user-title">New account</h2>
      <div className="field-row">
        <label className="field">
          <span className="field-label">Name</span>
          <input value={form.displayName} maxLength={LIMITS.shortText} onChange={(e) => change({ displayName: e.target.value }, 'displayName')} autoFocus data-testid="user-display-name" />
          {error('displayName')}
        </label>
        <label className="field">
          <span className="field-label">Username</span>
          <input value={form.username} maxLength={LIMITS.username} spellCheck={false} autoCapitalize="none" onChange={(e) => change({ username: e.target.value.toLowerCase() }, 'username')} data-testid="user-username" />
          <span className="field-hint">What they type to sign in: lower-case letters, digits, . _ -</span>
          {error('username')}
        </label>
      </div>
      <div className="field-row">
        <label className="field">
          <span className="field-label">Role</span>
          <select value={form.role} onChange={(e) => change({ role: e.target.value as Role }, 'role')} data-testid="user-role">
            <option value="">Choose…</option>
            {ROLES.map((r) => <option key={r} value={r}>{roleLabel(r)}</option>)}
          </select>
          {error('role')}
        </label>
        <label className="field">
          <span className="field-label">Agency</span>
          <select value={form.agencyId} onChange={(e) => change({ agencyId: e.target.value }, 'agencyId')} data-testid="user-agency">
            {agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
          {error('agencyId')}
        </label>
      </div>
      <label className="field">
        <span className="field-label">First password</span>
        <input type="text" autoComplete="off" spellCheck={false} value={form.password} maxLength={LIMITS.passwordMax} onChange={(e) => change({ password: e.target.value }, 'password')} data-testid="user-password" />
        <span className="field-hint">At least {LIMITS.passwordMin} characters, not the username, the name or the demo password. Give it to the person in person or by phone.</span>
        {error('password')}
      </label>
      {issues.general.length > 0 && <div className="form-error" role="alert">{issues.general.map((m) => <p key={m}>{m}</p>)}</div>}
      <div className="dialog-actions">
        <button type="submit" className="button button-primary" disabled={pending} data-testid="user-submit">{pending ? 'Creating…' : 'Create account'}</button>
        <button type="button" className="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
