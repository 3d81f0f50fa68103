import { useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '@continuum/contracts';
import { isApiError, type MetaView, type SessionView } from '@continuum/sdk';
import { useClient } from '../client-context.tsx';
import { oidcErrorOf } from '../oidc-errors.ts';
import { useRoutePath } from '../router.ts';
import { DemoSignIns } from './DemoSignIns.tsx';

/** Words a person under pressure can act on, for each way sign-in can fail. */
export function describeSignInError(error: unknown): string {
  if (isApiError(error, 'unauthenticated')) return 'Wrong username or password. Check both (and Caps Lock) and try again.';
  if (isApiError(error, 'rate_limited')) return 'Too many attempts. Wait a minute, then try again.';
  if (isApiError(error, 'network_error', 'timeout', 'unavailable')) {
    return 'Cannot reach the Continuum server. Check the network connection; if it is fine, tell your supervisor.';
  }
  if (isApiError(error, 'validation_failed')) return error.message;
  return 'Sign-in failed for a reason the console did not expect. Try again; if it keeps failing, tell your supervisor.';
}

interface SignInProps {
  meta: MetaView | undefined;
  onSignedIn: (session: SessionView) => void;
}

/** The sign-in page, with the demo accounts listed when the server runs the demo region. */
export function SignIn({ meta, onSignedIn }: SignInProps) {
  const client = useClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The server sends a refused identity-provider sign-in back here with its reason.
  const oidcError = oidcErrorOf(useRoutePath());
  const oidc = meta?.oidc?.enabled ? meta.oidc : null;
  const [pending, setPending] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      onSignedIn(await client.signIn({ username: username.trim(), password }));
    } catch (caught) {
      setError(describeSignInError(caught));
      setPassword('');
      passwordRef.current?.focus();
    } finally {
      setPending(false);
    }
  };

  const chooseDemo = (demoUsername: string) => {
    setUsername(demoUsername);
    setError(null);
    passwordRef.current?.focus();
  };

  return (
    <main className="signin" data-testid="signin-page">
      <div className="signin-card">
        <header className="signin-header">
          <h1>Continuum</h1>
          <p className="muted">{meta?.region ? `Crisis response · ${meta.region.name}` : 'Crisis response'}</p>
        </header>
        {oidcError && (
          <p className="form-error signin-oidc-error" role="alert" data-testid="signin-oidc-error">
            {oidcError}
          </p>
        )}
        {oidc && (
          <div className="signin-oidc">
            <a className="button button-primary button-wide" href="/api/auth/oidc/login" data-testid="signin-oidc">
              Sign in with {oidc.label ?? 'your identity provider'}
            </a>
            <p className="signin-or"><span>or with a Continuum password</span></p>
          </div>
        )}
        <form className="form" onSubmit={submit} aria-describedby={error ? 'signin-error' : undefined} data-testid="signin-form">
          <label className="field">
            <span className="field-label">Username</span>
            <input
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              maxLength={LIMITS.username}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              data-testid="signin-username"
              autoFocus
            />
          </label>
          <label className="field">
            <span className="field-label">Password</span>
            <input
              ref={passwordRef}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              maxLength={LIMITS.passwordMax}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="signin-password"
            />
          </label>
          {error && (
            <p id="signin-error" className="form-error" role="alert" data-testid="signin-error">
              {error}
            </p>
          )}
          <button type="submit" className="button button-primary button-wide" disabled={pending} data-testid="signin-submit">
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
      {meta?.demo && meta.demoSignIns.length > 0 && <DemoSignIns signIns={meta.demoSignIns} onChoose={chooseDemo} />}
    </main>
  );
}
