import { DomainError, checkPassword, invalid, notFound, type Role } from '@continuum/domain';
import type { AccountView } from '@continuum/contracts';
import type { FeedEntry, Repositories } from '@continuum/storage';
import { tokenCredentialKey } from '../../auth/authenticate.ts';
import { hashPassword } from '../../auth/secrets.ts';
import { accountWrite, reachAgenciesAs, reachJoiningAs, reachUserAs, regionalUse, visibleUserAs, type AccountActor, type AccountReach } from './account-scope.ts';
import type { Services } from '../context.ts';
import { isDemoPassword, refuseDemoPassword } from './demo-password.ts';
import type { WriteOutcome } from '../write.ts';

/** An account as administrators see it. */
export async function accountView(tx: Repositories, userId: string): Promise<AccountView> {
  const user = await tx.users.byId(userId);
  if (!user) throw notFound('user', userId);
  const memberships = await tx.users.allMemberships(userId);
  return {
    id: user.id, username: user.username, displayName: user.displayName, disabled: user.disabled,
    memberships: memberships.map((m) => ({ agencyId: m.agencyId, role: m.role, endedAt: m.endedAt?.toISOString() ?? null })),
  };
}

/**
 * The feed entries that close live sockets in every server process: `user:<id>` closes all of an
 * account's sockets, a session's id hash or `token:<id>` one credential's (realtime/hub.ts).
 */
async function closing(tx: Repositories, userId: string, keys: string[]): Promise<Omit<FeedEntry, 'position'>[]> {
  const home = (await tx.users.allMemberships(userId))[0];
  const where = { regionId: home?.regionId ?? 'none', agencyId: home?.agencyId ?? 'none' };
  return keys.map((k) => ({ entityType: 'session_revoked', entityId: k, version: 1, ...where }));
}

/** A change's outcome, with the regional-grant alert when the grant was needed. */
async function outcome<T>(tx: Repositories, now: Date, actor: AccountActor, reach: AccountReach, action: string, userId: string, body: T, detail: Record<string, unknown>, feed: Omit<FeedEntry, 'position'>[]): Promise<WriteOutcome<T>> {
  const alert = actor === 'system' ? null : regionalUse(actor, now, reach, { action, userId });
  if (alert) await tx.audit.write(alert.audit);
  return {
    status: 200, body,
    audit: { action, resourceType: 'user', resourceId: userId, detail: { ...detail, ...(reach.grant ? { regionalGrantId: reach.grant.id } : {}) } },
    feed: alert ? [...feed, alert.feed] : feed,
  };
}

const notSelf = (actor: AccountActor, userId: string, what: string) => {
  if (actor !== 'system' && actor.principal.userId === userId) {
    throw new DomainError('validation_failed', `You cannot ${what} your own account; ask another administrator`, {}, [{ field: 'id', rule: 'not_self', message: `cannot ${what} your own account` }]);
  }
};

/** Disables an account: it cannot sign in, its sessions end, and its open feed sockets close at once. */
export function disableAccount(services: Services, actor: AccountActor, userId: string, reason: string) {
  return accountWrite(services, actor, 'user.disable', async (tx, now) => {
    const reach = await reachUserAs(tx, actor, userId);
    notSelf(actor, userId, 'disable');
    if (!(await tx.users.setDisabled(userId, true))) throw new DomainError('conflict', 'This account is already disabled');
    await tx.sessions.revokeAllFor(userId, now);
    return outcome(tx, now, actor, reach, 'user.disable', userId, await accountView(tx, userId), { reason }, await closing(tx, userId, [`user:${userId}`]));
  });
}

/** Enables a disabled account: it may sign in again (its sessions ended when it was disabled). */
export function enableAccount(services: Services, actor: AccountActor, userId: string) {
  return accountWrite(services, actor, 'user.enable', async (tx, now) => {
    const reach = await reachUserAs(tx, actor, userId);
    if (!(await tx.users.setDisabled(userId, false))) throw new DomainError('conflict', 'This account is not disabled');
    return outcome(tx, now, actor, reach, 'user.enable', userId, await accountView(tx, userId), {}, []);
  });
}

/** Clears the sign-in delays of every address for this account (ADR 0017). */
export function unlockAccount(services: Services, actor: AccountActor, userId: string) {
  return accountWrite(services, actor, 'user.unlock', async (tx, now) => {
    const reach = await reachUserAs(tx, actor, userId);
    const user = (await tx.users.byId(userId))!;
    const clearedAddresses = await tx.signInThrottle.clearUsername(user.username);
    await tx.users.recordSignIn(userId);
    return outcome(tx, now, actor, reach, 'user.unlock', userId, { account: await accountView(tx, userId), clearedAddresses }, { clearedAddresses }, []);
  });
}

/** Sets a new password: the rules of passwords apply; every session of the account ends. */
export async function resetPassword(services: Services, actor: AccountActor, userId: string, password: string) {
  // Hashing is slow: done before the transaction, checked against the account inside it.
  const passwordHash = await hashPassword(password);
  return accountWrite(services, actor, 'user.password_reset', async (tx, now) => {
    const reach = await reachUserAs(tx, actor, userId);
    const user = (await tx.users.byId(userId))!;
    const weak = checkPassword(password, user);
    if (weak.length) throw invalid(weak);
    await refuseDemoPassword(tx, password);
    await tx.users.setPasswordHash(userId, passwordHash, isDemoPassword(password));
    await tx.signInThrottle.clearUsername(user.username);
    const ended = await tx.sessions.revokeAllFor(userId, now);
    return outcome(tx, now, actor, reach, 'user.password_reset', userId, await accountView(tx, userId), { sessionsEnded: ended.length }, await closing(tx, userId, ended));
  });
}

/**
 * Gives an account a role in an agency. The new agency and every agency the account already
 * belongs to must be within the administrator's reach (their own, or a regional grant's): the 911
 * centre's administrator does not widen an account of the 988 centre (issue 10 §1).
 */
export function addMembership(services: Services, actor: AccountActor, userId: string, input: { agencyId: string; role: Role }) {
  return accountWrite(services, actor, 'user.membership.add', async (tx, now) => {
    const reach = await reachJoiningAs(tx, actor, userId, input.agencyId);
    if (!(await tx.users.addMembership(userId, input.agencyId, input.role))) throw new DomainError('conflict', `The account already holds ${input.role} at ${input.agencyId}`);
    return outcome(tx, now, actor, reach, 'user.membership.add', userId, await accountView(tx, userId), input, []);
  });
}

/**
 * Ends a membership: its sessions and tokens are revoked and their open feed sockets close at once,
 * in every server process. Other memberships of the account are untouched.
 */
export function endMembership(services: Services, actor: AccountActor, userId: string, input: { agencyId: string; role: Role; reason?: string | undefined }) {
  return accountWrite(services, actor, 'user.membership.end', async (tx, now) => {
    // Only the membership's agency need be within reach: an account shared with another agency
    // loses its role here without that agency's administrator.
    const reach = await reachAgenciesAs(tx, actor, [input.agencyId]);
    await visibleUserAs(tx, actor, userId);
    const by = actor === 'system' ? null : actor.principal.userId;
    if (!(await tx.users.endMembership(userId, input.agencyId, input.role, now, by))) throw notFound('membership', `${input.role} at ${input.agencyId}`);
    const sessions = await tx.sessions.revokeForMembership(userId, input.agencyId, input.role, now);
    const tokens = await tx.tokens.revokeForMembership(userId, input.agencyId, input.role, now);
    const feed = await closing(tx, userId, [...sessions, ...tokens.map(tokenCredentialKey)]);
    return outcome(tx, now, actor, reach, 'user.membership.end', userId, await accountView(tx, userId), { ...input, sessionsEnded: sessions.length, tokensRevoked: tokens.length }, feed);
  });
}
