import { isRole, type Permission, type Principal } from '@continuum/domain';
import type { CredentialRepository, ResolvedCredential, Store } from '@continuum/storage';
import { sha256 } from './secrets.ts';

export const SESSION_COOKIE = 'continuum_session';

/** The feed's name for an API token's sockets, as its revocation publishes it. */
export const tokenCredentialKey = (tokenId: string): string => `token:${tokenId}`;
export const TOKEN_PREFIX = 'ctm_';

export interface Authenticated {
  principal: Principal;
  /** Set for cookie sessions: writes must echo it in X-CSRF-Token. */
  csrfToken: string | null;
  sessionIdHash: string | null;
  /**
   * What a revocation names to close this credential's live sockets: the session's id hash, or
   * `token:<id>` for an API token (a revoked token's sockets close as a signed-out session's do).
   */
  credentialKey: string | null;
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
    credentialKey: sessionIdHash ?? (c.tokenId ? tokenCredentialKey(c.tokenId) : null),
    expiresAt: c.expiresAt,
  };
}
