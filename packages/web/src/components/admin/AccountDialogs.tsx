import { useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '@continuum/contracts';
import { ROLES, type Role } from '@continuum/domain';
import type { AccountView, ManagedAgency } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { describeWriteError, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { Modal } from '../intake/Modal.tsx';
import { roleLabel } from './admin-labels.ts';

interface DialogProps {
  account: AccountView;
  onClose: () => void;
}

function Errors({ issues }: { issues: FormIssues }) {
  if (issues.general.length === 0) return null;
  return <div className="form-error" role="alert">{issues.general.map((m) => <p key={m}>{m}</p>)}</div>;
}

/** Sets a new password for an account; its sessions end, so the dialog says so before it is sent. */
export function PasswordDialog({ account, onClose, onDone }: DialogProps & { onDone: () => void }) {
  const client = useClient();
  const [password, setPassword] = useState('');
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [sending, setSending] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password.length < LIMITS.passwordMin) {
      setIssues({ fields: { password: `At least ${LIMITS.passwordMin} characters` }, general: [] });
      input.current?.focus();
      return;
    }
    setSending(true);
    try {
      await client.resetPassword(account.id, { password });
      onDone();
    } catch (error) {
      setIssues(describeWriteError(error, ['password']));
      setSending(false);
    }
  };
  return (
    <Modal titleId="password-dialog-title" onClose={onClose} initialFocus={input} testId="password-dialog" danger>
      <form className="form" onSubmit={submit} noValidate>
        <h2 id="password-dialog-title">New password for {account.displayName}</h2>
        <p className="dialog-body">{account.displayName} is signed out at once on every screen and signs in again with this password.</p>
        <label className="field">
          <span className="field-label">New password</span>
          <input ref={input} type="text" autoComplete="off" spellCheck={false} value={password} maxLength={LIMITS.passwordMax}
            onChange={(e) => { setPassword(e.target.value); setIssues(NO_ISSUES); }}
            aria-invalid={issues.fields.password ? true : undefined} aria-describedby="password-dialog-hint" data-testid="password-dialog-input" />
          <span id="password-dialog-hint" className="field-hint">At least {LIMITS.passwordMin} characters; not the username, the name or the demo password. Shown as typed so that you can read it out.</span>
          {issues.fields.password && <span className="field-error" data-testid="password-dialog-error">{issues.fields.password}</span>}
        </label>
        <Errors issues={issues} />
        <div className="dialog-actions">
          <button type="submit" className="button button-danger" disabled={sending} data-testid="password-dialog-confirm">
            {sending ? 'Sending…' : 'Set password and sign out'} <kbd>Enter</kbd>
          </button>
          <button type="button" className="button" onClick={onClose}>Back <kbd>Esc</kbd></button>
        </div>
      </form>
    </Modal>
  );
}

/** Gives an account one more role in an agency the administrator manages. */
export function AddRoleDialog({ account, agencies, onClose, onDone }: DialogProps & { agencies: readonly ManagedAgency[]; onDone: (role: Role, agencyId: string) => void }) {
  const client = useClient();
  const [agencyId, setAgencyId] = useState(agencies[0]?.id ?? '');
  const [role, setRole] = useState<Role | ''>('');
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [sending, setSending] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  const held = new Set(account.memberships.filter((m) => m.endedAt === null).map((m) => `${m.agencyId}/${m.role}`));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!role) {
      setIssues({ fields: { role: 'Choose the role' }, general: [] });
      return;
    }
    setSending(true);
    try {
      await client.addMembership(account.id, { agencyId, role });
      onDone(role, agencyId);
    } catch (error) {
      setIssues(describeWriteError(error, ['agencyId', 'role']));
      setSending(false);
    }
  };
  return (
    <Modal titleId="add-role-dialog-title" onClose={onClose} initialFocus={first} testId="add-role-dialog">
      {/* Enter on a choice sends the form, as it does from a text field: the button says Enter. */}
      <form className="form" onSubmit={submit} noValidate onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target instanceof HTMLSelectElement) {
          e.preventDefault();
          e.currentTarget.requestSubmit();
        }
      }}>
        <h2 id="add-role-dialog-title">Add a role for {account.displayName}</h2>
        <label className="field">
          <span className="field-label">Agency</span>
          <select ref={first} value={agencyId} onChange={(e) => { setAgencyId(e.target.value); setIssues(NO_ISSUES); }} data-testid="add-role-agency">
            {agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
          {issues.fields.agencyId && <span className="field-error">{issues.fields.agencyId}</span>}
        </label>
        <label className="field">
          <span className="field-label">Role</span>
          <select value={role} onChange={(e) => { setRole(e.target.value as Role); setIssues(NO_ISSUES); }} data-testid="add-role-role">
            <option value="">Choose…</option>
            {ROLES.map((r) => <option key={r} value={r} disabled={held.has(`${agencyId}/${r}`)}>{roleLabel(r)}{held.has(`${agencyId}/${r}`) ? ' (held)' : ''}</option>)}
          </select>
          <span className="field-hint">The role decides what the account may read and do in that agency.</span>
          {issues.fields.role && <span className="field-error" data-testid="add-role-error">{issues.fields.role}</span>}
        </label>
        <Errors issues={issues} />
        <div className="dialog-actions">
          <button type="submit" className="button button-primary" disabled={sending} data-testid="add-role-confirm">
            {sending ? 'Sending…' : 'Add role'} <kbd>Enter</kbd>
          </button>
          <button type="button" className="button" onClick={onClose}>Back <kbd>Esc</kbd></button>
        </div>
      </form>
    </Modal>
  );
}
