import { isRole, type Permission, type Principal } from '@continuum/domain';
import type { CredentialRepository, ResolvedCredential, Store } from '@continuum/storage';
import { sha256 } from './secrets.ts';

export const SESSION_COOKIE = 'continuum_session';
export const TOKEN_PREFIX = 'ctm_';

export interface Authenticated {
  principal: Principal;
  /** Set for cookie sessions: writes must echo it in X-CSRF-Token. */
  csrfToken: string | null;
  sessionIdHash: string | null;
  expiresAt: Date | null;
}

/** Where credentials are looked up: the repository, or the feed socket's coalesced reads of it. */
export type CredentialLookup = Pick<CredentialRepository, 'token' | 'session'>;

/**
 * Resolves who is calling from a bearer token or a session cookie. Revocation, expiry, a disabled
 * account and a removed membership are checked on every request, so each stops access at once.
 */
export async function authenticate(
  store: Store,
  creds: { authorization?: string | undefined; sessionCookie?: string | undefined },
  now: Date,
  lookup: CredentialLookup = store.read.credentials,
): Promise<Authenticated | null> {
  const bearer = creds.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) {
    if (!bearer.startsWith(TOKEN_PREFIX)) return null;
    return toAuthenticated(await lookup.token(sha256(bearer)), now, 'token', null);
  }
  if (!creds.sessionCookie) return null;
  const idHash = sha256(creds.sessionCookie);
  return toAuthenticated(await lookup.session(idHash), now, 'session', idHash);
}

function toAuthenticated(c: ResolvedCredential | null, now: Date, via: Principal['via'], sessionIdHash: string | null): Authenticated | null {
  if (!c || c.disabled || c.revokedAt || (c.expiresAt && c.expiresAt <= now) || !isRole(c.role)) return null;
  return {
    principal: {
      userId: c.userId,
      username: c.username,
      displayName: c.displayName,
      role: c.role,
      agencyId: c.agencyId,
      regionId: c.regionId,
      via,
      scopes: c.scopes as Permission[] | null,
    },
    csrfToken: c.csrfToken,
    sessionIdHash,
    expiresAt: c.expiresAt,
  };
}
