import { DomainError } from '@continuum/domain';
import { randomNonce, randomPKCECodeVerifier, randomState } from 'openid-client';
import { openSession } from '../services/access/accounts.ts';
import type { Services } from '../services/context.ts';
import { OidcProviderError, type OidcClient } from './oidc-client.ts';
import { newSecret, sameSecret, sha256 } from './secrets.ts';

/** A started sign-in must come back within this long; then it is refused and purged. */
export const OIDC_LOGIN_MINUTES = 10;

/**
 * Why an OIDC sign-in opened no session. Stable: the sign-in page maps each to words, and
 * auditors search by them. The outward answer is `unauthenticated` (or `unavailable`) with
 * the reason in the error's details.
 */
export type OidcRefusal =
  | 'oidc_state_invalid'
  | 'oidc_provider_error'
  | 'oidc_token_invalid'
  | 'oidc_unknown_identity'
  | 'oidc_no_role'
  | 'oidc_unavailable';

/** The refusal code of an error thrown by the OIDC sign-in, if it is one. */
export const refusalOf = (err: unknown): OidcRefusal | null =>
  err instanceof DomainError && typeof err.details.reason === 'string' && err.details.reason.startsWith('oidc_') ? (err.details.reason as OidcRefusal) : null;

const MESSAGES: Record<OidcRefusal, string> = {
  oidc_state_invalid: 'This sign-in expired or did not start here; start again from the sign-in page',
  oidc_provider_error: 'The identity provider did not sign you in',
  oidc_token_invalid: "The identity provider's answer could not be verified",
  oidc_unknown_identity: 'Your identity is not linked to a Continuum account; ask an administrator to link it',
  oidc_no_role: 'Your account has no role in any agency yet; ask an administrator',
  oidc_unavailable: 'The identity provider cannot be reached; try again shortly, or sign in with a password',
};

/**
 * Starts a sign-in: keeps state, nonce and PKCE verifier server-side under the hash of a fresh
 * secret that only this browser gets (in a cookie), and returns the provider's URL. Binding to
 * the browser stops login CSRF: a callback URL made in someone else's browser finds no sign-in.
 */
export async function beginOidcSignIn(services: Services, client: OidcClient, input: { agencyId?: string | undefined }) {
  const now = services.clock();
  const checks = { state: randomState(), nonce: randomNonce(), codeVerifier: randomPKCECodeVerifier() };
  let url: URL;
  try {
    url = await client.authorizationUrl(checks);
  } catch (err) {
    throw refusal(err instanceof OidcProviderError ? err.kind : 'unavailable');
  }
  const browserSecret = newSecret();
  // Sign-ins hold no domain data and are not audited; the outcome at the callback is.
  await services.store.read.oidcLogins.purgeExpired(now);
  await services.store.read.oidcLogins.create({
    idHash: sha256(browserSecret), ...checks, agencyId: input.agencyId ?? null,
    createdAt: now, expiresAt: new Date(now.getTime() + OIDC_LOGIN_MINUTES * 60_000),
  });
  return { url, browserSecret };
}

/**
 * Finishes a sign-in at the callback: the state must match the one kept for this browser, the
 * provider's code must exchange for a verified ID token, and its (issuer, subject) must be linked
 * to an enabled local account. Accounts, roles and agencies are never made from claims. Every
 * refusal writes a denied `session.create` audit row before it is thrown.
 */
export async function completeOidcSignIn(
  services: Services,
  client: OidcClient,
  input: { browserSecret: string | undefined; search: string },
  meta: { address: string | null; sessionHours: number },
) {
  const now = services.clock();
  const params = new URLSearchParams(input.search);
  const deny = async (reason: OidcRefusal, detail: Record<string, unknown> = {}, actorId: string | null = null) => {
    await services.store.read.audit.write({
      at: now, actorId, role: null, agencyId: null, action: 'session.create', outcome: 'denied',
      resourceType: 'user', resourceId: actorId, fieldClasses: [], purpose: null, address: meta.address,
      detail: { method: 'oidc', reason, ...detail },
    });
    return refusal(reason);
  };

  // Taken (deleted) before anything else, so each sign-in is tried once, tampered or not.
  const login = input.browserSecret ? await services.store.read.oidcLogins.take(sha256(input.browserSecret), now) : null;
  const state = params.get('state');
  if (!login) throw await deny('oidc_state_invalid', { cause: input.browserSecret ? 'unknown_or_expired' : 'no_cookie' });
  if (!state || !sameSecret(state, login.state)) throw await deny('oidc_state_invalid', { cause: 'state_mismatch' });
  const providerError = params.get('error');
  if (providerError) throw await deny('oidc_provider_error', { error: codeOnly(providerError) });

  let identity;
  try {
    identity = await client.exchange(input.search, login);
  } catch (err) {
    const e = err instanceof OidcProviderError ? err : new OidcProviderError('token_invalid', String(err));
    services.logger.warn({ kind: e.kind, message: e.message }, 'OIDC sign-in refused');
    throw await deny(`oidc_${e.kind}`, e.providerCode ? { error: codeOnly(e.providerCode) } : {});
  }

  const link = await services.store.read.identities.find(identity.issuer, identity.subject);
  const user = link && (await services.store.read.users.byId(link.userId));
  // The subject is recorded so that an administrator can link it from the audit trail.
  if (!link || !user) throw await deny('oidc_unknown_identity', { ...identity });
  if (user.disabled) throw await deny('oidc_unknown_identity', { ...identity, cause: 'disabled' }, user.id);
  try {
    return await openSession(services, { userId: user.id, agencyId: login.agencyId, method: 'oidc', detail: { issuer: identity.issuer } }, meta);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'forbidden') throw await deny('oidc_no_role', { ...identity }, user.id);
    throw err;
  }
}

function refusal(reason: OidcRefusal | OidcProviderError['kind']): DomainError {
  const code = (reason.startsWith('oidc_') ? reason : `oidc_${reason}`) as OidcRefusal;
  return new DomainError(code === 'oidc_unavailable' ? 'unavailable' : 'unauthenticated', MESSAGES[code], { reason: code });
}

// The provider's error code is echoed from a URL anyone can craft: keep only a code's shape.
const codeOnly = (value: string): string => (/^[a-z_]{1,64}$/.test(value) ? value : 'unrecognised');
