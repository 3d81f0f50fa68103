import { useRef, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LIMITS } from '@continuum/contracts';
import type { Permission } from '@continuum/domain';
import type { SessionView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { describeWriteError, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { formatDay, formatStamp } from '../../privacy-labels.ts';
import { ActionDialog } from '../intake/ActionDialog.tsx';
import { PERMISSION_LABELS } from './admin-labels.ts';

export const TOKENS_KEY = ['admin', 'tokens'] as const;

type Token = Awaited<ReturnType<ReturnType<typeof useClient>['listTokens']>>['items'][number];
interface Created { id: string; name: string; token: string }

const statusOf = (t: Token, now: Date): 'revoked' | 'expired' | 'active' =>
  t.revokedAt ? 'revoked' : t.expiresAt && new Date(t.expiresAt) <= now ? 'expired' : 'active';
const STATUS_LABELS = { active: 'Active', revoked: 'Revoked', expired: 'Expired' } as const;

/** The signed-in person's API tokens for machine clients (a CAD bridge, a field device): create, list, revoke. */
export function TokensPage({ session }: { session: SessionView }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: TOKENS_KEY, queryFn: ({ signal }) => client.listTokens({ signal }) });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const now = new Date();
  // Active first; the server's newest-first order otherwise (the sort is stable).
  const items = [...(list.data?.items ?? [])].sort((a, b) => Number(statusOf(b, now) === 'active') - Number(statusOf(a, now) === 'active'));

  return (
    <div className="admin-section" data-testid="admin-tokens">
      <div className="page-head">
        <h2>API tokens</h2>
        {!creating && (
          <button type="button" className="button button-primary" onClick={() => { setCreating(true); setCreated(null); setNotice(null); }} data-testid="token-new">
            New token
          </button>
        )}
      </div>
      <p className="muted page-lede">
        A token lets a program (a CAD bridge, a field device) call the API as you, {session.user.displayName}, with your role at{' '}
        {session.agency.name}, limited to the scopes you choose. Revoke it when the program no longer needs it.
      </p>
      {notice && <p className="notice-inline" role="status" data-testid="tokens-notice">{notice}</p>}
      {created && <TokenSecret created={created} onDone={() => setCreated(null)} />}
      {creating && (
        <NewTokenForm
          abilities={session.abilities}
          onCancel={() => setCreating(false)}
          onCreated={(c) => { setCreating(false); setCreated(c); void queryClient.invalidateQueries({ queryKey: TOKENS_KEY }); }}
        />
      )}
      {list.isPending && <p className="empty">Loading tokens…</p>}
      {list.isError && (
        <div className="empty empty-error" role="alert">
          <p>The tokens could not be loaded: {list.error.message}</p>
          <button type="button" className="button button-primary" onClick={() => void list.refetch()}>Try again</button>
        </div>
      )}
      {list.data && items.length === 0 && (
        <p className="empty" data-testid="tokens-empty">You have no API tokens. Create one with “New token” when a program needs to call the API.</p>
      )}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table tokens-table" data-testid="tokens-table">
            <caption className="visually-hidden">Your API tokens</caption>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Scopes</th><th scope="col">Dates</th></tr>
            </thead>
            <tbody>
              {items.map((t) => {
                const status = statusOf(t, now);
                return (
                  <tr key={t.id} data-testid="token-row" data-token-id={t.id} data-status={status}>
                    <td className="token-name">{t.name}</td>
                    <td>
                      <div className="agreement-status">
                        <span className={`badge token-${status}`}>{STATUS_LABELS[status]}</span>
                        {status === 'active' && (
                          <button type="button" className="button button-quiet nowrap" onClick={() => { setRevoking(t); setNotice(null); }} aria-label={`Revoke ${t.name}`} data-testid="token-revoke">
                            Revoke
                          </button>
                        )}
                      </div>
                    </td>
                    <td className="token-scopes">{t.scopes ? t.scopes.map((s) => PERMISSION_LABELS[s]).join(', ') : 'Everything your role may do'}</td>
                    <td className="nowrap">
                      Created {formatDay(t.createdAt)}
                      <span className="cell-sub">{t.revokedAt ? `revoked ${formatStamp(t.revokedAt)}` : t.expiresAt ? `${status === 'expired' ? 'expired' : 'expires'} ${formatDay(t.expiresAt)}` : 'no expiry'}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {revoking && (
        <ActionDialog
          title={`Revoke “${revoking.name}”?`}
          body={<p>The token stops working at once, and any live connection made with it closes. A program still using it will be refused until it is given a new token. This cannot be undone.</p>}
          confirmLabel="Revoke token"
          danger
          onConfirm={async () => {
            await client.revokeToken(revoking.id);
            await queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
            setNotice(`“${revoking.name}” is revoked.`);
            setRevoking(null);
          }}
          onClose={() => setRevoking(null)}
          testId="revoke-token-dialog"
        />
      )}
    </div>
  );
}

/** The secret, once: only its hash is kept, so it is copied now or a new token is made. */
function TokenSecret({ created, onDone }: { created: Created; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied('yes');
    } catch {
      // No clipboard (an insecure origin, a refused permission): select it for Ctrl+C instead.
      field.current?.select();
      setCopied('no');
    }
  };
  return (
    <section className="token-secret" aria-labelledby="token-secret-title" data-testid="token-secret">
      <h3 id="token-secret-title">“{created.name}” is ready: copy its secret now</h3>
      <p>This is the only time it is shown. Put it where the program reads it; if it is lost, revoke this token and make another.</p>
      <div className="token-secret-row">
        <label className="visually-hidden" htmlFor="token-secret-value">Token secret</label>
        <input id="token-secret-value" ref={field} readOnly value={created.token} onFocus={(e) => e.target.select()} spellCheck={false} data-testid="token-secret-value" />
        <button type="button" className="button button-primary" onClick={() => void copy()} data-testid="token-copy">Copy</button>
      </div>
      <p role="status" className="muted">{copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Copying is not allowed here: the secret is selected, press Ctrl+C.' : ''}</p>
      <button type="button" className="button" onClick={onDone} data-testid="token-secret-done">I have saved it</button>
    </section>
  );
}

function NewTokenForm({ abilities, onCreated, onCancel }: { abilities: readonly Permission[]; onCreated: (c: Created) => void; onCancel: () => void }) {
  const client = useClient();
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [limited, setLimited] = useState(true);
  const [scopes, setScopes] = useState<Permission[]>([]);
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [pending, setPending] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = 'Name the program that will use it, e.g. “CAD bridge”';
    const expiresInDays = Number(days);
    if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 366) problems.expiresInDays = 'Between 1 and 366 days';
    if (limited && scopes.length === 0) problems.scopes = 'Choose at least one thing it may do, or allow everything your role may do';
    if (Object.keys(problems).length) {
      setIssues({ fields: problems, general: [] });
      return;
    }
    setPending(true);
    try {
      const out = await client.createToken({ name: name.trim(), expiresInDays, ...(limited ? { scopes } : {}) });
      onCreated({ id: out.id, name: out.name, token: out.token ?? '' });
    } catch (error) {
      setIssues(describeWriteError(error, ['name', 'expiresInDays', 'scopes']));
      setPending(false);
    }
  };
  const error = (f: string) => issues.fields[f] && <span className="field-error" data-testid={`token-error-${f}`}>{issues.fields[f]}</span>;
  const toggle = (p: Permission) => setScopes((s) => (s.includes(p) ? s.filter((x) => x !== p) : [...s, p]));
  return (
    <form className="form admin-form" onSubmit={submit} noValidate aria-labelledby="new-token-title" data-testid="token-form">
      <h2 id="new-token-title">New token</h2>
      <div className="field-row">
        <label className="field">
          <span className="field-label">Name</span>
          <input value={name} maxLength={LIMITS.shortText} onChange={(e) => setName(e.target.value)} autoFocus placeholder="e.g. CAD bridge" data-testid="token-name" />
          {error('name')}
        </label>
        <label className="field">
          <span className="field-label">Expires after (days)</span>
          <input type="number" inputMode="numeric" min={1} max={366} value={days} onChange={(e) => setDays(e.target.value)} data-testid="token-days" />
          {error('expiresInDays')}
        </label>
      </div>
      <fieldset className="fieldset">
        <legend>What it may do</legend>
        <label className="check-pill">
          <input type="radio" name="token-scope-mode" checked={limited} onChange={() => setLimited(true)} data-testid="token-limited" />
          Only what I choose below (recommended)
        </label>
        <label className="check-pill">
          <input type="radio" name="token-scope-mode" checked={!limited} onChange={() => setLimited(false)} data-testid="token-everything" />
          Everything my role may do
        </label>
        {limited && (
          <div className="check-row">
            {abilities.map((p) => (
              <label key={p} className="check-pill">
                <input type="checkbox" checked={scopes.includes(p)} onChange={() => toggle(p)} data-testid={`token-scope-${p}`} />
                {PERMISSION_LABELS[p]}
              </label>
            ))}
          </div>
        )}
        {error('scopes')}
      </fieldset>
      {issues.general.length > 0 && <div className="form-error" role="alert">{issues.general.map((m) => <p key={m}>{m}</p>)}</div>}
      <div className="dialog-actions">
        <button type="submit" className="button button-primary" disabled={pending} data-testid="token-submit">{pending ? 'Creating…' : 'Create token'}</button>
        <button type="button" className="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
