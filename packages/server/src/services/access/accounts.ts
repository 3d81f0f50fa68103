import { DomainError, checkPassword, invalid, isRole, signInDelaySeconds, type Principal } from '@continuum/domain';
import type { CreateUserRequest } from '@continuum/contracts';
import type { Membership, Repositories } from '@continuum/storage';
import { hashPassword, newSecret, sha256, verifyPassword } from '../../auth/secrets.ts';
import { accountWrite, reachAgenciesAs, regionalUse, type AccountActor } from './account-scope.ts';
import { auditOf, type Services } from '../context.ts';
import { isDemoPassword, refuseDemoPassword } from './demo-password.ts';
import { authorise } from '../incident/incidents.ts';

/**
 * One address may fail this many sign-ins, across all names, per ADDRESS_WINDOW_MINUTES; then it
 * waits 30 s after its latest failure, doubling with each further failure up to 15 minutes. The
 * per-(name, address) delays stop guessing one password; this stops trying one password on many
 * names. A name that signed in from the address within KNOWN_ADDRESS_DAYS is exempt (only its own
 * pair's delays apply), so a stranger behind the same NAT or proxy cannot lock its dispatchers out.
 * The address is the peer's, or X-Forwarded-For only from trusted proxies (config.ts).
 */
export const MAX_FAILED_SIGN_INS_PER_ADDRESS = 20;
export const ADDRESS_WINDOW_MINUTES = 15;
export const KNOWN_ADDRESS_DAYS = 90;
/** Throttle pairs quiet this long (and not a known address) are forgotten. */
const THROTTLE_MEMORY_MS = 24 * 3_600_000;

const anonymousAudit = (address: string | null, at: Date, action: string, outcome: 'allowed' | 'denied' | 'failed', detail: Record<string, unknown>, actorId: string | null = null) => ({
  at, actorId, role: null, agencyId: null, action, outcome, resourceType: 'user', resourceId: actorId,
  fieldClasses: [], purpose: null, address, detail,
});

// A hash of a random password, verified against for names that have no account (or a disabled
// one), so that an unknown name costs the same argon2 work as a known one.
let dummy: Promise<string> | null = null;
const dummyHash = (): Promise<string> => (dummy ??= hashPassword(newSecret()));

const throttled = (seconds: number, message: string) =>
  new DomainError('rate_limited', message, { retryAfterSeconds: seconds });

/**
 * Checks a password and opens a session. A wrong password, an unknown name and a disabled account
 * answer alike, in status, body and time, so sign-in does not reveal which accounts exist. Failures
 * are throttled per (name, address) with growing delays (ADR 0017): no stranger can lock anyone out.
 */
export async function signIn(
  services: Services,
  input: { username: string; password: string; agencyId?: string | undefined },
  meta: { address: string | null; sessionHours: number },
) {
  const now = services.clock();
  // Started on every sign-in, known name or not, so that its one-off cost gives nothing away either.
  const decoy = dummyHash();
  const refused = new DomainError('unauthenticated', 'The username or password is not right');
  const address = meta.address ?? '';
  const name = input.username.toLowerCase();
  // Asked for every name, known or not, so that the question itself gives nothing away.
  const knownHere = await services.store.read.signInThrottle.signedInFrom(name, address, new Date(now.getTime() - KNOWN_ADDRESS_DAYS * 86_400_000));
  if (!knownHere) {
    const recent = await services.store.read.audit.failedSignIns(address, new Date(now.getTime() - ADDRESS_WINDOW_MINUTES * 60_000));
    const delay = signInDelaySeconds(recent.failures, MAX_FAILED_SIGN_INS_PER_ADDRESS);
    const seconds = delay && recent.lastAt ? Math.ceil((recent.lastAt.getTime() + delay * 1000 - now.getTime()) / 1000) : 0;
    if (seconds > 0) {
      await services.store.read.audit.write(anonymousAudit(meta.address, now, 'session.create', 'denied', { username: input.username, reason: 'address_throttled', retryAfterSeconds: seconds }));
      throw throttled(seconds, `Too many failed sign-ins from this address; try again in ${seconds} seconds`);
    }
  }
  // Counted, and the wait it earns set, before the password is checked, so that concurrent
  // guesses each count and the fifth's wait holds for those after it; a right password clears it.
  const counted = await services.store.transaction((tx) => tx.signInThrottle.attempt(name, address, now, (n) => signInDelaySeconds(n)));
  if (counted.waitingUntil) {
    const seconds = Math.ceil((counted.waitingUntil.getTime() - now.getTime()) / 1000);
    await services.store.read.audit.write(anonymousAudit(meta.address, now, 'session.create', 'denied', { username: input.username, reason: 'throttled', retryAfterSeconds: seconds }));
    throw throttled(seconds, `Too many failed sign-ins; try again in ${seconds} seconds`);
  }
  const user = await services.store.read.users.byUsername(input.username);
  const usable = user && !user.disabled ? user : null;
  const passwordRight = await verifyPassword(usable?.passwordHash ?? (await decoy), input.password);
  if (!usable || !passwordRight) {
    await services.store.transaction(async (tx) => {
      await tx.signInThrottle.prune(new Date(now.getTime() - THROTTLE_MEMORY_MS), new Date(now.getTime() - KNOWN_ADDRESS_DAYS * 86_400_000));
      const detail = usable ? { reason: 'bad_password', failures: counted.failures } : { username: input.username, reason: 'unknown_or_disabled', failures: counted.failures };
      await tx.audit.write(anonymousAudit(meta.address, now, 'session.create', 'denied', detail, user?.id ?? null));
    });
    throw refused;
  }
  return openSession(services, { userId: usable.id, agencyId: input.agencyId, method: 'password' }, meta, async (tx) => {
    await tx.users.recordSignIn(usable.id);
    await tx.signInThrottle.succeeded(name, address, now);
  });
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

/**
 * Creates a local account with one membership: an administrator in their own agency (or one a
 * regional grant covers, alerted), or the command line as the system.
 */
export async function createUser(services: Services, actor: AccountActor, input: CreateUserRequest) {
  if (actor !== 'system') authorise(actor.principal, 'user.manage');
  const weak = checkPassword(input.password, input);
  if (weak.length) throw invalid(weak);
  const id = services.newId();
  const passwordHash = await hashPassword(input.password);
  const done = await accountWrite(services, actor, 'user.create', async (tx, now) => {
    const reach = await reachAgenciesAs(tx, actor, [input.agencyId]);
    await refuseDemoPassword(tx, input.password);
    if (await tx.users.byUsername(input.username)) {
      throw new DomainError('conflict', `The username ${input.username} is taken`, {}, [{ field: 'username', rule: 'unique', message: 'is taken' }]);
    }
    await tx.users.create({ id, username: input.username, displayName: input.displayName, passwordHash, passwordIsDemo: isDemoPassword(input.password) });
    await tx.users.addMembership(id, input.agencyId, input.role);
    const alert = actor === 'system' ? null : regionalUse(actor, now, reach, { action: 'user.create', userId: id });
    if (alert) await tx.audit.write(alert.audit);
    const body = { id, username: input.username, displayName: input.displayName, role: input.role, agencyId: input.agencyId };
    return {
      status: 201, body,
      audit: { action: 'user.create', resourceType: 'user', resourceId: id, detail: { role: input.role, agencyId: input.agencyId, ...(reach.grant ? { regionalGrantId: reach.grant.id } : {}) } },
      feed: alert ? [alert.feed] : [],
    };
  });
  return done;
}
