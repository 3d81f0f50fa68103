import { DomainError, notFound } from '@continuum/domain';
import { accountWrite, type AccountActor } from './account-scope.ts';
import type { Services } from '../context.ts';

/**
 * Grants an administrator the management of accounts in every agency of a region. Given by the
 * system only (the command line, run by whoever runs the server): an administrator never widens
 * their own reach through the API. Every use is audited and alerts the privacy officer.
 */
export function grantRegionalAdmin(services: Services, actor: Extract<AccountActor, 'system'>, input: { userId: string; regionId: string; reason: string }) {
  return accountWrite(services, actor, 'admin_grant.create', async (tx, now) => {
    const memberships = await tx.users.memberships(input.userId);
    if (!memberships.some((m) => m.role === 'administrator')) {
      throw new DomainError('validation_failed', 'Only an administrator can be given a regional grant', {}, [{ field: 'user', rule: 'administrator', message: 'must hold the administrator role' }]);
    }
    if (!(await tx.organisations.regions()).some((r) => r.id === input.regionId)) {
      throw new DomainError('validation_failed', `region: no region ${input.regionId}`, {}, [{ field: 'region', rule: 'exists', message: `no region "${input.regionId}"` }]);
    }
    const id = services.newId();
    await tx.adminGrants.create({ id, userId: input.userId, regionId: input.regionId, reason: input.reason, grantedAt: now, grantedBy: null });
    return { status: 201, body: { id, ...input }, audit: { action: 'admin_grant.create', resourceType: 'user', resourceId: input.userId, detail: { regionId: input.regionId, reason: input.reason, grantId: id } }, feed: [] };
  });
}

/** Revokes an administrator's regional grants for a region. */
export function revokeRegionalAdmin(services: Services, actor: Extract<AccountActor, 'system'>, input: { userId: string; regionId: string }) {
  return accountWrite(services, actor, 'admin_grant.revoke', async (tx, now) => {
    const revoked = await tx.adminGrants.revoke(input.userId, input.regionId, now);
    if (!revoked) throw notFound('regional grant', `${input.userId} in ${input.regionId}`);
    return { status: 200, body: { revoked }, audit: { action: 'admin_grant.revoke', resourceType: 'user', resourceId: input.userId, detail: { regionId: input.regionId } }, feed: [] };
  });
}
