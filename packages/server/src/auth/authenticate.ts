import { isRole, type Permission, type Principal } from '@continuum/domain';
import type { Store } from '@continuum/storage';
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

/**
 * Resolves who is calling from a bearer token or a session cookie. Revocation and expiry are
 * checked on every request against the database, so a revoked credential stops at once.
 */
export async function authenticate(
  store: Store,
  creds: { authorization?: string | undefined; sessionCookie?: string | undefined },
  now: Date,
): Promise<Authenticated | null> {
  const bearer = creds.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return bearer.startsWith(TOKEN_PREFIX) ? fromToken(store, bearer, now) : null;
  if (creds.sessionCookie) return fromSession(store, creds.sessionCookie, now);
  return null;
}

async function fromToken(store: Store, token: string, now: Date): Promise<Authenticated | null> {
  const record = await store.read.tokens.byHash(sha256(token));
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return null;
  const principal = await principalFor(store, record.userId, record.agencyId, record.role, 'token', record.scopes as Permission[] | null);
  return principal && { principal, csrfToken: null, sessionIdHash: null, expiresAt: record.expiresAt };
}

async function fromSession(store: Store, secret: string, now: Date): Promise<Authenticated | null> {
  const idHash = sha256(secret);
  const session = await store.read.sessions.get(idHash);
  if (!session || session.revokedAt || session.expiresAt <= now) return null;
  const principal = await principalFor(store, session.userId, session.agencyId, session.role, 'session', null);
  return principal && { principal, csrfToken: session.csrfToken, sessionIdHash: idHash, expiresAt: session.expiresAt };
}

async function principalFor(
  store: Store,
  userId: string,
  agencyId: string,
  role: string,
  via: Principal['via'],
  scopes: Permission[] | null,
): Promise<Principal | null> {
  const user = await store.read.users.byId(userId);
  if (!user || user.disabled || !isRole(role)) return null;
  // The membership must still exist: removing someone from an agency ends their access.
  const membership = (await store.read.users.memberships(userId)).find((m) => m.agencyId === agencyId && m.role === role);
  if (!membership) return null;
  return {
    userId,
    username: user.username,
    displayName: user.displayName,
    role,
    agencyId,
    regionId: membership.regionId,
    via,
    scopes,
  };
}
