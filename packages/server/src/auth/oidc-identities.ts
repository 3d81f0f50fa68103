import { DomainError, notFound, type Principal } from '@continuum/domain';
import type { ExternalIdentity } from '@continuum/storage';
import type { OidcConfig } from '../config.ts';
import { auditOf, type Services } from '../services/context.ts';
import { authorise } from '../services/incidents.ts';
import { normaliseIssuer } from './oidc-client.ts';

/** An identity link as the API shows it. */
export const viewOf = (i: ExternalIdentity) => ({ userId: i.userId, issuer: i.issuer, subject: i.subject, createdAt: i.createdAt.toISOString() });

/**
 * Links a subject at the configured identity provider to a local account, so that it signs in
 * as that account with that account's roles. Administrators only, within their own region: an
 * account elsewhere answers 404, as if it did not exist.
 */
export async function linkIdentity(
  services: Services,
  principal: Principal,
  oidc: OidcConfig | undefined,
  input: { userId: string; subject: string; issuer?: string | undefined },
  address: string | null,
) {
  authorise(principal, 'user.manage');
  const issuer = configuredIssuer(oidc, input.issuer);
  await userInReach(services, principal, input.userId);
  const now = services.clock();
  const identity: ExternalIdentity = { issuer, subject: input.subject, userId: input.userId, createdAt: now, createdBy: principal.userId };
  await services.store.transaction(async (tx) => {
    if (!(await tx.identities.link(identity))) {
      throw new DomainError('conflict', 'That identity is already linked to an account', {}, [{ field: 'subject', rule: 'unique', message: 'is already linked' }]);
    }
    await tx.audit.write(auditOf({ principal, address }, now, { action: 'user.identity.link', outcome: 'allowed', resourceType: 'user', resourceId: input.userId, detail: { issuer, subject: input.subject } }));
  });
  return viewOf(identity);
}

/** Removes a link: that subject no longer signs in. Sessions already open end with their expiry or revocation. */
export async function unlinkIdentity(
  services: Services,
  principal: Principal,
  oidc: OidcConfig | undefined,
  input: { userId: string; subject: string },
  address: string | null,
): Promise<void> {
  authorise(principal, 'user.manage');
  const issuer = configuredIssuer(oidc, undefined);
  await userInReach(services, principal, input.userId);
  const now = services.clock();
  await services.store.transaction(async (tx) => {
    if (!(await tx.identities.unlink(input.userId, issuer, input.subject))) throw notFound('identity', input.subject);
    await tx.audit.write(auditOf({ principal, address }, now, { action: 'user.identity.unlink', outcome: 'allowed', resourceType: 'user', resourceId: input.userId, detail: { issuer, subject: input.subject } }));
  });
}

/** The identities linked to one account (administrators only). */
export async function listIdentities(services: Services, principal: Principal, userId: string) {
  authorise(principal, 'user.manage');
  await userInReach(services, principal, userId);
  return (await services.store.read.identities.forUser(userId)).map(viewOf);
}

// One issuer per server for now: links to any other could never sign in, so they are refused
// rather than stored as a typo that fails silently later.
function configuredIssuer(oidc: OidcConfig | undefined, given: string | undefined): string {
  if (!oidc) throw new DomainError('validation_failed', 'OIDC sign-in is not configured on this server', {}, [{ field: 'issuer', rule: 'configured', message: 'no identity provider is configured' }]);
  const issuer = normaliseIssuer(oidc.issuer);
  if (given !== undefined && normaliseIssuer(given) !== issuer) {
    throw new DomainError('validation_failed', `issuer: this server signs in with ${issuer} only`, {}, [{ field: 'issuer', rule: 'configured', message: `must be ${issuer}` }]);
  }
  return issuer;
}

async function userInReach(services: Services, principal: Principal, userId: string): Promise<void> {
  const user = await services.store.read.users.byId(userId);
  const memberships = user ? await services.store.read.users.memberships(userId) : [];
  if (!user || !memberships.some((m) => m.regionId === principal.regionId)) throw notFound('user', userId);
}
