import { DomainError, forbidden, notFound, type Principal } from '@continuum/domain';
import type { AdminGrant, AuditEntry, FeedEntry, Repositories } from '@continuum/storage';
import { authorise } from '../incident/incidents.ts';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { performWrite, type WriteOutcome } from '../write.ts';

/** Who changes an account: an administrator through the API, or the system (the command line). */
export type AccountActor = RequestContext | 'system';

/** The audit action of every use of a regional administration grant: what the privacy officer is alerted to. */
export const REGIONAL_ADMIN_ACTION = 'user.regional_admin';

/**
 * How an administrator reaches an agency's accounts: as a member of that agency, or through a
 * regional grant (ADR 0017). `grant` is set when the grant was needed: that use is alerted.
 */
export interface AccountReach {
  grant: AdminGrant | null;
  agencyIds: string[];
}

/**
 * Whether an administrator may manage accounts of these agencies. Their own agency always; another
 * agency only through a regional grant in force for its region; outside both: 403.
 */
export async function reachAgencies(tx: Repositories, principal: Principal, agencyIds: readonly string[]): Promise<AccountReach> {
  authorise(principal, 'user.manage');
  const foreign = [...new Set(agencyIds)].filter((a) => a !== principal.agencyId);
  if (foreign.length === 0) return { grant: null, agencyIds: [...agencyIds] };
  const grants = await tx.adminGrants.inForce(principal.userId);
  let used: AdminGrant | null = null;
  for (const agencyId of foreign) {
    const agency = await tx.organisations.agency(agencyId);
    const grant = agency && grants.find((g) => g.regionId === agency.regionId);
    if (!grant) throw forbidden(`Administrators manage accounts of their own agency only; ${agencyId} is another agency`);
    used = grant;
  }
  return { grant: used, agencyIds: [...agencyIds] };
}

/**
 * The account, when it is visible to this administrator: a member (now or before) of an agency in
 * their region or in a region a grant covers. Otherwise 404, as if absent. Returns the agencies it
 * belongs to (its current memberships; an account whose memberships all ended, its former ones).
 */
export async function visibleUser(tx: Repositories, principal: Principal, userId: string): Promise<string[]> {
  authorise(principal, 'user.manage');
  const user = await tx.users.byId(userId);
  const all = user ? await tx.users.allMemberships(userId) : [];
  const grants = await tx.adminGrants.inForce(principal.userId);
  const regions = new Set([principal.regionId, ...grants.map((g) => g.regionId)]);
  if (!user || !all.some((m) => regions.has(m.regionId))) throw notFound('user', userId);
  const current = all.filter((m) => m.endedAt === null);
  return [...new Set((current.length ? current : all).map((m) => m.agencyId))];
}

/**
 * Whether an administrator may change this account as a whole (disable, password, identities):
 * every agency it belongs to must be within their reach, since an account shared with another
 * agency is that agency's too.
 */
export async function reachUser(tx: Repositories, principal: Principal, userId: string): Promise<AccountReach> {
  return reachAgencies(tx, principal, await visibleUser(tx, principal, userId));
}

/**
 * Whether an administrator may give an account a role in an agency: that agency and every agency
 * the account already belongs to must be within reach (a new role changes what the account, held
 * by those agencies too, may read), or a regional grant covers them, whose use is alerted.
 */
export async function reachJoiningAs(tx: Repositories, actor: AccountActor, userId: string, agencyId: string): Promise<AccountReach> {
  const joining = await reachAgenciesAs(tx, actor, [agencyId]);
  if (actor === 'system') {
    await visibleUserAs(tx, actor, userId);
    return joining;
  }
  const held = await visibleUser(tx, actor.principal, userId);
  return reachAgencies(tx, actor.principal, [...new Set([agencyId, ...held])]);
}

/** The extra audit row and feed entry of a regional grant's use: the privacy officer sees it at once. */
export function regionalUse(ctx: RequestContext, at: Date, reach: AccountReach, what: { action: string; userId: string | null }): { audit: AuditEntry; feed: Omit<FeedEntry, 'position'> } | null {
  if (!reach.grant) return null;
  return {
    audit: auditOf(ctx, at, {
      action: REGIONAL_ADMIN_ACTION, outcome: 'allowed', resourceType: 'user', resourceId: what.userId,
      detail: { operation: what.action, agencyIds: reach.agencyIds, grantId: reach.grant.id, reason: `${what.action} in ${reach.agencyIds.join(', ')} under a regional grant: ${reach.grant.reason}` },
    }),
    feed: { entityType: 'privacy_alert', entityId: what.userId ?? reach.grant.id, version: 1, regionId: ctx.principal.regionId, agencyId: ctx.principal.agencyId },
  };
}

/**
 * Runs an account change: through performWrite for an API caller (Idempotency-Key, audit, feed in
 * one transaction); for the system (command line) in one transaction with a system audit row.
 */
export async function accountWrite<T>(
  services: Services,
  actor: AccountActor,
  action: string,
  work: (tx: Repositories, now: Date, actor: AccountActor) => Promise<WriteOutcome<T>>,
): Promise<{ status: number; body: T; replayed: boolean }> {
  if (actor !== 'system') return performWrite(services, actor, action, (tx, now) => work(tx, now, actor));
  const now = services.clock();
  return services.store.transaction(async (tx) => {
    const outcome = await work(tx, now, actor);
    await tx.audit.write({
      at: now, actorId: null, role: null, agencyId: null, resourceType: null, resourceId: null, fieldClasses: [], purpose: null, address: null,
      outcome: 'allowed', ...outcome.audit, detail: { ...outcome.audit.detail, by: 'system' },
    });
    await tx.feed.publish(outcome.feed);
    return { status: outcome.status, body: outcome.body, replayed: false };
  });
}

/** Reach for an actor: the system (the command line, run by whoever runs the server) reaches every account. */
export async function visibleUserAs(tx: Repositories, actor: AccountActor, userId: string): Promise<void> {
  if (actor === 'system') {
    if (!(await tx.users.byId(userId))) throw notFound('user', userId);
    return;
  }
  await visibleUser(tx, actor.principal, userId);
}

export async function reachUserAs(tx: Repositories, actor: AccountActor, userId: string): Promise<AccountReach> {
  if (actor === 'system') {
    if (!(await tx.users.byId(userId))) throw notFound('user', userId);
    return { grant: null, agencyIds: [] };
  }
  return reachUser(tx, actor.principal, userId);
}

export async function reachAgenciesAs(tx: Repositories, actor: AccountActor, agencyIds: readonly string[]): Promise<AccountReach> {
  if (actor !== 'system') authorise(actor.principal, 'user.manage');
  for (const agencyId of agencyIds) {
    if (!(await tx.organisations.agency(agencyId))) {
      throw new DomainError('validation_failed', `agencyId: no agency ${agencyId}`, {}, [{ field: 'agencyId', rule: 'exists', message: `no agency "${agencyId}"` }]);
    }
  }
  return actor === 'system' ? { grant: null, agencyIds: [...agencyIds] } : reachAgencies(tx, actor.principal, agencyIds);
}
