import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { isRole } from '@continuum/domain';
import type { AccountView, ManagedAgency, SessionView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { formatDay } from '../../privacy-labels.ts';
import { ActionDialog } from '../intake/ActionDialog.tsx';
import { AddRoleDialog, PasswordDialog } from './AccountDialogs.tsx';
import { roleLabel } from './admin-labels.ts';
import { NewUserForm } from './NewUserForm.tsx';

export const USERS_KEY = ['admin', 'users'] as const;

type Membership = AccountView['memberships'][number];
/** The change an administrator is confirming, with the account it is for. */
type Pending =
  | { kind: 'disable' | 'enable' | 'password' | 'add-role'; account: AccountView }
  | { kind: 'end-role'; account: AccountView; membership: Membership };

const agencyName = (agencies: readonly ManagedAgency[], id: string) => agencies.find((a) => a.id === id)?.name ?? id;

/** Accounts of the agencies this administrator manages: create, roles, disable and enable, unlock, passwords. */
export function UsersPage({ session }: { session: SessionView }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const list = useQuery({ queryKey: [...USERS_KEY, search], queryFn: ({ signal }) => client.listUsers({ q: search, signal }) });
  const [pending, setPending] = useState<Pending | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const agencies = list.data?.agencies ?? [];

  // The notice follows the list's re-read, so what it announces is already on screen when it shows.
  const changed = async (message: string) => {
    await queryClient.invalidateQueries({ queryKey: USERS_KEY });
    setNotice(message);
    setPending(null);
  };
  const unlock = async (account: AccountView) => {
    setNotice(null);
    let out;
    try {
      out = await client.unlockUser(account.id);
    } catch (error) {
      setNotice(`${account.displayName} could not be unlocked: ${error instanceof Error ? error.message : 'the server did not answer'}. Try again.`);
      return;
    }
    await changed(out.clearedAddresses > 0
      ? `${account.displayName} may sign in again: sign-in delays from ${out.clearedAddresses} address${out.clearedAddresses === 1 ? '' : 'es'} were cleared.`
      : `${account.displayName} had no sign-in delays to clear.`);
  };
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setSearch(typed.trim());
  };

  const items = list.data?.items ?? [];
  return (
    <div className="admin-section" data-testid="admin-users">
      <div className="page-head">
        <h2>Users</h2>
        {!creating && (
          <button type="button" className="button button-primary" onClick={() => { setCreating(true); setNotice(null); }} data-testid="user-new">
            New account
          </button>
        )}
      </div>
      <p className="muted page-lede">
        Accounts of {agencies.length > 1 ? 'the agencies you manage' : agencies[0]?.name ?? 'your agency'}. Disabling an account or
        ending a role signs it out at once, on every open screen.
      </p>
      {notice && <p className="notice-inline" role="status" data-testid="users-notice">{notice}</p>}
      {creating && (
        <NewUserForm
          agencies={agencies}
          defaultAgencyId={session.agency.id}
          onCancel={() => setCreating(false)}
          onCreated={(u) => { setCreating(false); void changed(`${u.displayName} (${u.username}) can now sign in as ${roleLabel(u.role)}.`); }}
        />
      )}
      <form className="admin-search" role="search" onSubmit={onSearch}>
        <label className="field">
          <span className="field-label">Find an account</span>
          <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="part of a username or name" data-testid="users-search" />
        </label>
        <button type="submit" className="button" data-testid="users-search-submit">Search</button>
      </form>
      {list.isPending && <p className="empty">Loading accounts…</p>}
      {list.isError && (
        <div className="empty empty-error" role="alert">
          <p>The accounts could not be loaded: {list.error.message}</p>
          <button type="button" className="button button-primary" onClick={() => void list.refetch()}>Try again</button>
        </div>
      )}
      {list.data && items.length === 0 && (
        <p className="empty" data-testid="users-empty">
          {search
            ? `No account matches “${search}”. Try part of the username or of the name, or clear the search.`
            : 'No accounts yet in the agencies you manage. Create the first with “New account”.'}
        </p>
      )}
      {items.length > 0 && (
        <>
          <p className="muted" data-testid="users-count">
            {items.length} account{items.length === 1 ? '' : 's'}{list.data?.truncated ? ' shown; search to narrow the list' : ''}
          </p>
          <ul className="account-list" aria-label="Accounts">
            {items.map((a) => (
              <AccountCard key={a.id} account={a} agencies={agencies} self={a.id === session.user.id}
                onPick={(p) => { setNotice(null); setPending(p); }} onUnlock={() => void unlock(a)} />
            ))}
          </ul>
        </>
      )}
      {pending?.kind === 'disable' && (
        <ActionDialog
          title={`Disable ${pending.account.displayName}?`}
          body={<p>{pending.account.displayName} is signed out at once on every screen and cannot sign in until an administrator enables the account again. Their API tokens stop working while it is disabled.</p>}
          confirmLabel="Disable account"
          danger
          reason={{ label: 'Reason', hint: 'Recorded in the audit trail.', missing: 'Give the reason: it is recorded in the audit trail' }}
          onConfirm={async (reason) => {
            await client.disableUser(pending.account.id, { reason: reason ?? '' });
            await changed(`${pending.account.displayName} is disabled and signed out everywhere.`);
          }}
          onClose={() => setPending(null)}
          testId="disable-user-dialog"
        />
      )}
      {pending?.kind === 'enable' && (
        <ActionDialog
          title={`Enable ${pending.account.displayName}?`}
          body={<p>{pending.account.displayName} may sign in again with their password and the roles they still hold.</p>}
          confirmLabel="Enable account"
          onConfirm={async () => {
            await client.enableUser(pending.account.id);
            await changed(`${pending.account.displayName} may sign in again.`);
          }}
          onClose={() => setPending(null)}
          testId="enable-user-dialog"
        />
      )}
      {pending?.kind === 'end-role' && (
        <ActionDialog
          title={`End ${pending.account.displayName}’s role?`}
          body={
            <p>
              {roleLabel(pending.membership.role)} at {agencyName(agencies, pending.membership.agencyId)}: its sessions and API tokens end
              at once. The account keeps its other roles.
            </p>
          }
          confirmLabel="End role"
          danger
          reason={{ label: 'Reason', hint: 'Recorded with the change and in the audit trail.', missing: 'Give the reason: it is recorded in the audit trail' }}
          onConfirm={async (reason) => {
            const { agencyId, role } = pending.membership;
            // A role this console does not know (a newer server's) cannot be named back to it.
            if (!isRole(role)) throw new Error(`Unknown role ${role}`);
            await client.endMembership(pending.account.id, { agencyId, role, ...(reason ? { reason } : {}) });
            await changed(`${pending.account.displayName} is no longer ${roleLabel(role)} at ${agencyName(agencies, agencyId)}.`);
          }}
          onClose={() => setPending(null)}
          testId="end-role-dialog"
        />
      )}
      {pending?.kind === 'password' && (
        <PasswordDialog account={pending.account} onClose={() => setPending(null)}
          onDone={() => void changed(`${pending.account.displayName} has a new password and was signed out. Give it to them in person or by phone.`)} />
      )}
      {pending?.kind === 'add-role' && (
        <AddRoleDialog account={pending.account} agencies={agencies} onClose={() => setPending(null)}
          onDone={(role, agencyId) => void changed(`${pending.account.displayName} is now also ${roleLabel(role)} at ${agencyName(agencies, agencyId)}.`)} />
      )}
    </div>
  );
}

interface AccountCardProps {
  account: AccountView;
  agencies: readonly ManagedAgency[];
  /** The administrator's own account: it neither disables itself nor ends its own roles (another administrator does). */
  self: boolean;
  onPick: (p: Pending) => void;
  onUnlock: () => void;
}

/** One account: who, whether it may sign in, its roles (ended ones kept for the record), and what can be done. */
function AccountCard({ account: a, agencies, self, onPick, onUnlock }: AccountCardProps) {
  const current = a.memberships.filter((m) => m.endedAt === null);
  const ended = a.memberships.filter((m) => m.endedAt !== null);
  return (
    <li className="account-card" data-testid="account-row" data-username={a.username} data-disabled={a.disabled}>
      <div className="account-head">
        <span className="account-name">{a.displayName}</span>
        <code className="account-username">{a.username}</code>
        {a.disabled ? <span className="badge account-disabled">Disabled</span> : <span className="badge account-active">Active</span>}
        {self && <span className="muted">(you)</span>}
      </div>
      <ul className="account-roles" aria-label={`Roles of ${a.displayName}`}>
        {current.length === 0 && <li className="muted">No role in force: the account cannot use the console. Add a role.</li>}
        {current.map((m) => (
          <li key={`${m.agencyId}-${m.role}`} data-testid="account-role" data-role={m.role}>
            <span><strong>{roleLabel(m.role)}</strong> · {agencyName(agencies, m.agencyId)}</span>
            {!self && <button type="button" className="button button-quiet button-small" onClick={() => onPick({ kind: 'end-role', account: a, membership: m })}
              aria-label={`End role ${roleLabel(m.role)} at ${agencyName(agencies, m.agencyId)}`} data-testid="account-end-role">
              End role
            </button>}
          </li>
        ))}
        {ended.map((m) => (
          <li key={`${m.agencyId}-${m.role}-ended`} className="account-role-ended">
            <span>{roleLabel(m.role)} · {agencyName(agencies, m.agencyId)}</span>
            <span className="cell-sub">ended {formatDay(m.endedAt!)}</span>
          </li>
        ))}
      </ul>
      <div className="account-actions">
        <button type="button" className="button button-small" onClick={() => onPick({ kind: 'add-role', account: a })} data-testid="account-add-role">Add role</button>
        <button type="button" className="button button-small" onClick={() => onPick({ kind: 'password', account: a })} data-testid="account-password">Reset password</button>
        <button type="button" className="button button-small" onClick={onUnlock} data-testid="account-unlock"
          title="Clears the waits that failed sign-ins put on this account">Unlock sign-in</button>
        {!self && (a.disabled
          ? <button type="button" className="button button-small" onClick={() => onPick({ kind: 'enable', account: a })} data-testid="account-enable">Enable</button>
          : <button type="button" className="button button-small button-danger-outline" onClick={() => onPick({ kind: 'disable', account: a })} data-testid="account-disable">Disable</button>)}
      </div>
    </li>
  );
}
