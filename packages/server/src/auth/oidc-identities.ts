import { DomainError, notFound } from '@continuum/domain';
import type { ExternalIdentity } from '@continuum/storage';
import type { OidcConfig } from '../config.ts';
import { reachUser, regionalUse } from '../services/access/account-scope.ts';
import type { RequestContext, Services } from '../services/context.ts';
import { authorise } from '../services/incident/incidents.ts';
import { performWrite } from '../services/write.ts';
import { normaliseIssuer } from './oidc-client.ts';

/** An identity link as the API shows it. */
export const viewOf = (i: ExternalIdentity) => ({ userId: i.userId, issuer: i.issuer, subject: i.subject, createdAt: i.createdAt.toISOString() });

/**
 * Links a subject at the configured identity provider to a local account, so that it signs in
 * as that account with that account's roles. Administrators of the account's agencies only (or a
 * regional grant, alerted); an account outside their region answers 404, as if it did not exist.
 */
export async function linkIdentity(
  services: Services,
  ctx: RequestContext,
  oidc: OidcConfig | undefined,
  input: { userId: string; subject: string; issuer?: string | undefined },
) {
  authorise(ctx.principal, 'user.manage');
  const issuer = configuredIssuer(oidc, input.issuer);
  return performWrite(services, ctx, 'user.identity.link', async (tx, now) => {
    const reach = await reachUser(tx, ctx.principal, input.userId);
    const identity: ExternalIdentity = { issuer, subject: input.subject, userId: input.userId, createdAt: now, createdBy: ctx.principal.userId };
    if (!(await tx.identities.link(identity))) {
      throw new DomainError('conflict', 'That identity is already linked to an account', {}, [{ field: 'subject', rule: 'unique', message: 'is already linked' }]);
    }
    const alert = regionalUse(ctx, now, reach, { action: 'user.identity.link', userId: input.userId });
    if (alert) await tx.audit.write(alert.audit);
    return {
      status: 201, body: viewOf(identity),
      audit: { action: 'user.identity.link', resourceType: 'user', resourceId: input.userId, detail: { issuer, subject: input.subject } },
      feed: alert ? [alert.feed] : [],
    };
  });
}

/** Removes a link: that subject no longer signs in. Sessions already open end with their expiry or revocation. */
export async function unlinkIdentity(
  services: Services,
  ctx: RequestContext,
  oidc: OidcConfig | undefined,
  input: { userId: string; subject: string },
) {
  authorise(ctx.principal, 'user.manage');
  const issuer = configuredIssuer(oidc, undefined);
  return performWrite(services, ctx, 'user.identity.unlink', async (tx, now) => {
    const reach = await reachUser(tx, ctx.principal, input.userId);
    if (!(await tx.identities.unlink(input.userId, issuer, input.subject))) throw notFound('identity', input.subject);
    const alert = regionalUse(ctx, now, reach, { action: 'user.identity.unlink', userId: input.userId });
    if (alert) await tx.audit.write(alert.audit);
    return {
      status: 204, body: null,
      audit: { action: 'user.identity.unlink', resourceType: 'user', resourceId: input.userId, detail: { issuer, subject: input.subject } },
      feed: alert ? [alert.feed] : [],
    };
  });
}

/** The identities linked to one account (administrators of its agencies; a regional grant's use is alerted). */
export async function listIdentities(services: Services, ctx: RequestContext, userId: string) {
  authorise(ctx.principal, 'user.manage');
  return services.store.transaction(async (tx) => {
    const reach = await reachUser(tx, ctx.principal, userId);
    const alert = regionalUse(ctx, services.clock(), reach, { action: 'user.identity.read', userId });
    if (alert) {
      await tx.audit.write(alert.audit);
      await tx.feed.publish([alert.feed]);
    }
    return (await tx.identities.forUser(userId)).map(viewOf);
  });
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
