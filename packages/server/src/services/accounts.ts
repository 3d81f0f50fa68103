import { tokenCredentialKey } from '../auth/authenticate.ts';
import { DomainError, can, checkPassword, invalid, isRole, notFound, type Permission, type Principal } from '@continuum/domain';
import type { CreateUserRequest } from '@continuum/contracts';
import type { Membership, Repositories } from '@continuum/storage';
import { hashPassword, newSecret, sha256, verifyPassword } from '../auth/secrets.ts';
import { TOKEN_PREFIX } from '../auth/authenticate.ts';
import { auditOf, type Services } from './context.ts';
import { authorise } from './incidents.ts';

/** After this many failed sign-ins in a row, an account waits LOCKOUT_MINUTES. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;
/**
 * One address may fail this many sign-ins, across all accounts, per LOCKOUT_MINUTES: the account
 * lockout stops guessing one password, this stops trying one password on many accounts.
 */
export const MAX_FAILED_SIGN_INS_PER_ADDRESS = 20;

const anonymousAudit = (address: string | null, at: Date, action: string, outcome: 'allowed' | 'denied' | 'failed', detail: Record<string, unknown>, actorId: string | null = null) => ({
  at, actorId, role: null, agencyId: null, action, outcome, resourceType: 'user', resourceId: actorId,
  fieldClasses: [], purpose: null, address, detail,
});

/**
 * Checks a password and opens a session. The answer to a wrong username and to a wrong password
 * is the same, so sign-in does not reveal which accounts exist.
 */
export async function signIn(
  services: Services,
  input: { username: string; password: string; agencyId?: string | undefined },
  meta: { address: string | null; sessionHours: number },
) {
  const now = services.clock();
  const refused = new DomainError('unauthenticated', 'The username or password is not right');
  if (meta.address) {
    const since = new Date(now.getTime() - LOCKOUT_MINUTES * 60_000);
    if ((await services.store.read.audit.deniedSignIns(meta.address, since)) >= MAX_FAILED_SIGN_INS_PER_ADDRESS) {
      await services.store.read.audit.write(anonymousAudit(meta.address, now, 'session.create', 'denied', { reason: 'address_throttled' }));
      throw new DomainError('rate_limited', `Too many failed sign-ins from this address; try again in ${LOCKOUT_MINUTES} minutes`, { retryAfterMinutes: LOCKOUT_MINUTES });
    }
  }
  const user = await services.store.read.users.byUsername(input.username);
  if (!user || user.disabled) {
    await services.store.read.audit.write(anonymousAudit(meta.address, now, 'session.create', 'denied', { username: input.username, reason: 'unknown_or_disabled' }));
    throw refused;
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await services.store.read.audit.write(anonymousAudit(meta.address, now, 'session.create', 'denied', { reason: 'locked' }, user.id));
    throw new DomainError('rate_limited', `Too many failed sign-ins; try again after ${user.lockedUntil.toISOString()}`, { retryAfter: user.lockedUntil.toISOString() });
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const lock = user.failedAttempts + 1 >= MAX_FAILED_SIGN_INS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
    await services.store.transaction(async (tx) => {
      await tx.users.recordFailedSignIn(user.id, lock);
      await tx.audit.write(anonymousAudit(meta.address, now, 'session.create', 'denied', { reason: 'bad_password', locked: Boolean(lock) }, user.id));
    });
    throw refused;
  }
  return openSession(services, { userId: user.id, agencyId: input.agencyId, method: 'password' }, meta, (tx) => tx.users.recordSignIn(user.id));
}

/**
 * Opens a session for someone already authenticated (by password or by an identity provider):
 * one cookie secret, CSRF token, expiry and `session.create` audit row for every way in.
 * `alsoInTx` runs in the same transaction (password sign-in resets its failure count there).
 */
export async function openSession(
  services: Services,
  who: { userId: string; agencyId?: string | null | undefined; method: 'password' | 'oidc'; detail?: Record<string, unknown> },
  meta: { address: string | null; sessionHours: number },
  alsoInTx?: (tx: Repositories) => Promise<void>,
) {
  const now = services.clock();
  const memberships = await services.store.read.users.memberships(who.userId);
  const membership = pickMembership(memberships, who.agencyId ?? undefined);
  const secret = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + meta.sessionHours * 3_600_000);
  await services.store.transaction(async (tx) => {
    await alsoInTx?.(tx);
    await tx.sessions.create({
      idHash: sha256(secret), userId: who.userId, agencyId: membership.agencyId, role: membership.role,
      csrfToken, createdAt: now, expiresAt, address: meta.address,
    });
    const detail = { method: who.method, ...who.detail };
    await tx.audit.write({ ...anonymousAudit(meta.address, now, 'session.create', 'allowed', detail, who.userId), role: membership.role, agencyId: membership.agencyId });
  });
  return { secret, csrfToken, expiresAt, userId: who.userId, membership };
}

function pickMembership(memberships: Membership[], agencyId: string | undefined): Membership {
  const usable = memberships.filter((m) => isRole(m.role));
  const chosen = agencyId ? usable.find((m) => m.agencyId === agencyId) : usable[0];
  if (!chosen) {
    throw agencyId
      ? new DomainError('forbidden', 'You are not a member of that agency')
      : new DomainError('forbidden', 'Your account has no role in any agency yet; ask an administrator');
  }
  return chosen;
}

/** Ends a session at once; the cookie is useless afterwards even if someone kept a copy. */
export async function signOut(services: Services, principal: Principal, sessionIdHash: string, address: string | null) {
  const now = services.clock();
  await services.store.transaction(async (tx) => {
    await tx.sessions.revoke(sessionIdHash, now);
    await tx.audit.write(auditOf({ principal, address }, now, { action: 'session.revoke', outcome: 'allowed', resourceType: 'user', resourceId: principal.userId }));
    // Every server process closes this session's live feed at once.
    await tx.feed.publish([{ entityType: 'session_revoked', entityId: sessionIdHash, version: 1, regionId: principal.regionId, agencyId: principal.agencyId }]);
  });
}

/** Creates a local account with one membership (administrators, or the CLI as the system). */
export async function createUser(services: Services, actor: Principal | 'system', input: CreateUserRequest, address: string | null = null) {
  if (actor !== 'system') authorise(actor, 'user.manage');
  const weak = checkPassword(input.password, input);
  if (weak.length) throw invalid(weak);
  const now = services.clock();
  const id = services.newId();
  const passwordHash = await hashPassword(input.password);
  return services.store.transaction(async (tx) => {
    if (!(await tx.organisations.agency(input.agencyId))) {
      throw new DomainError('validation_failed', `agencyId: no agency ${input.agencyId}`, {}, [{ field: 'agencyId', rule: 'exists', message: `no agency "${input.agencyId}"` }]);
    }
    if (await tx.users.byUsername(input.username)) {
      throw new DomainError('conflict', `The username ${input.username} is taken`, {}, [{ field: 'username', rule: 'unique', message: 'is taken' }]);
    }
    await tx.users.create({ id, username: input.username, displayName: input.displayName, passwordHash });
    await tx.users.addMembership(id, input.agencyId, input.role);
    const audit = { action: 'user.create', outcome: 'allowed' as const, resourceType: 'user', resourceId: id, detail: { role: input.role, agencyId: input.agencyId } };
    await tx.audit.write(actor === 'system' ? { ...anonymousAudit(address, now, 'user.create', 'allowed', audit.detail, null), resourceId: id } : auditOf({ principal: actor, address }, now, audit));
    return { id, username: input.username, displayName: input.displayName, role: input.role, agencyId: input.agencyId };
  });
}

/** Issues an API token acting as the caller's membership, limited to `scopes` (within the role). */
export async function createToken(services: Services, principal: Principal, input: { name: string; scopes?: Permission[] | undefined; expiresInDays: number }, address: string | null) {
  const now = services.clock();
  const id = services.newId();
  const token = newSecret(TOKEN_PREFIX);
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000);
  const scopes = input.scopes ?? null;
  await services.store.transaction(async (tx) => {
    await tx.tokens.create({ id, tokenHash: sha256(token), userId: principal.userId, agencyId: principal.agencyId, role: principal.role, name: input.name, scopes, createdAt: now, expiresAt });
    await tx.audit.write(auditOf({ principal, address }, now, { action: 'token.create', outcome: 'allowed', resourceType: 'api_token', resourceId: id, detail: { scopes } }));
  });
  return { id, name: input.name, token, scopes, expiresAt: expiresAt.toISOString() };
}

/** The caller's own API tokens. */
export async function listTokens(services: Services, principal: Principal) {
  const rows = await services.store.read.tokens.listFor(principal.userId);
  return {
    items: rows.map((t) => ({
      id: t.id, name: t.name, scopes: t.scopes as Permission[] | null, createdAt: t.createdAt.toISOString(),
      expiresAt: t.expiresAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null,
    })),
  };
}

/** Revokes a token at once: one's own, or any as an administrator. Others' tokens look absent. */
export async function revokeToken(services: Services, principal: Principal, id: string, address: string | null) {
  const now = services.clock();
  await services.store.transaction(async (tx) => {
    const token = await tx.tokens.byId(id);
    if (!token || (token.userId !== principal.userId && !can(principal, 'user.manage'))) throw notFound('Token', id);
    await tx.tokens.revoke(id, now);
    await tx.audit.write(auditOf({ principal, address }, now, { action: 'token.revoke', outcome: 'allowed', resourceType: 'api_token', resourceId: id }));
    // Every server process closes the token's open sockets at once, as for a signed-out session.
    await tx.feed.publish([{ entityType: 'session_revoked', entityId: tokenCredentialKey(id), version: 1, regionId: principal.regionId, agencyId: principal.agencyId }]);
  });
}
