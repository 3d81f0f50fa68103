import type { AccountView, UserList } from '@continuum/contracts';
import type { Repositories } from '@continuum/storage';
import { authorise } from '../incident/incidents.ts';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { REGIONAL_ADMIN_ACTION } from './account-scope.ts';

/** One answer lists at most this many accounts; a search narrows a longer list. */
export const USER_LIST_LIMIT = 200;

/**
 * The agencies whose accounts an administrator manages: their own, and every agency of a region a
 * regional grant in force covers (ADR 0017), with the grants that were needed.
 */
async function managedAgencies(read: Repositories, ctx: RequestContext) {
  const own = await read.organisations.agency(ctx.principal.agencyId);
  const grants = await read.adminGrants.inForce(ctx.principal.userId);
  const agencies = own ? [own] : [];
  for (const regionId of new Set(grants.map((g) => g.regionId))) {
    for (const a of await read.organisations.agencies(regionId)) if (!agencies.some((x) => x.id === a.id)) agencies.push(a);
  }
  return { agencies, grants };
}

/**
 * The accounts of the agencies an administrator manages, searched by a part of a username or a
 * name. The read is audited (names and roles of staff); a read reaching past the administrator's
 * own agency through a regional grant is audited as a use of that grant, as every change is.
 */
export async function listUsers(services: Services, ctx: RequestContext, search: string | undefined): Promise<UserList> {
  authorise(ctx.principal, 'user.manage');
  const read = services.store.read;
  const { agencies, grants } = await managedAgencies(read, ctx);
  const found = await read.users.inAgencies(agencies.map((a) => a.id), search || null, USER_LIST_LIMIT + 1);
  const users = found.users.slice(0, USER_LIST_LIMIT);
  const items: AccountView[] = users.map((u) => ({
    id: u.id, username: u.username, displayName: u.displayName, disabled: u.disabled,
    memberships: (found.memberships.get(u.id) ?? []).map((m) => ({ agencyId: m.agencyId, role: m.role, endedAt: m.endedAt?.toISOString() ?? null })),
  }));
  const now = services.clock();
  const detail = { search: search ?? null, count: items.length };
  await read.audit.write(auditOf(ctx, now, { action: 'user.list', outcome: 'allowed', resourceType: 'user', detail }));
  const foreign = agencies.filter((a) => a.id !== ctx.principal.agencyId);
  if (grants.length > 0 && foreign.length > 0) {
    await read.audit.write(auditOf(ctx, now, {
      action: REGIONAL_ADMIN_ACTION, outcome: 'allowed', resourceType: 'user',
      detail: { operation: 'user.list', agencyIds: foreign.map((a) => a.id), grantId: grants[0]!.id, reason: `user.list under a regional grant: ${grants[0]!.reason}` },
    }));
  }
  return {
    items,
    agencies: agencies.map((a) => ({ id: a.id, name: a.name, regionId: a.regionId })),
    truncated: found.users.length > USER_LIST_LIMIT,
  };
}
