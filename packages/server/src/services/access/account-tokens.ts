import { DomainError, can, invalid, mayManageTokens, notFound, tokenRequestIssues, type Permission, type Principal } from '@continuum/domain';
import { TOKEN_PREFIX, tokenCredentialKey } from '../../auth/authenticate.ts';
import { newSecret, sha256 } from '../../auth/secrets.ts';
import { reachAgencies, regionalUse } from './account-scope.ts';
import type { RequestContext, Services } from '../context.ts';
import { performWrite } from '../write.ts';

/** Managing tokens needs a session, or a token given `token.manage` explicitly (ADR 0017). */
function mayManage(principal: Principal): void {
  if (!mayManageTokens(principal)) {
    throw new DomainError('forbidden', 'Managing API tokens needs a signed-in session, or a token with the scope token.manage');
  }
}

/**
 * Issues an API token acting as the caller's membership, limited to `scopes`. Never wider than the
 * role; made by a token, never wider or longer-lived than that token. `callerExpiresAt` is the
 * calling credential's expiry.
 */
export async function createToken(
  services: Services,
  ctx: RequestContext,
  callerExpiresAt: Date | null,
  input: { name: string; scopes?: Permission[] | undefined; expiresInDays: number },
) {
  const { principal } = ctx;
  mayManage(principal);
  const token = newSecret(TOKEN_PREFIX);
  return performWrite(services, ctx, 'token.create', async (tx, now) => {
    const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000);
    const scopes = input.scopes ? [...new Set(input.scopes)] : null;
    const issues = tokenRequestIssues(principal, principal.via === 'token' ? callerExpiresAt : null, { scopes, expiresAt });
    if (issues.length) throw invalid(issues);
    const id = services.newId();
    await tx.tokens.create({ id, tokenHash: sha256(token), userId: principal.userId, agencyId: principal.agencyId, role: principal.role, name: input.name, scopes, createdAt: now, expiresAt });
    const body = { id, name: input.name, token: token as string | null, scopes, expiresAt: expiresAt.toISOString() };
    return {
      status: 201, body, replayBody: { ...body, token: null },
      audit: { action: 'token.create', resourceType: 'api_token', resourceId: id, detail: { scopes, expiresAt: expiresAt.toISOString(), via: principal.via } },
      feed: [],
    };
  });
}

/** The caller's own API tokens. */
export async function listTokens(services: Services, principal: Principal) {
  mayManage(principal);
  const rows = await services.store.read.tokens.listFor(principal.userId);
  return {
    items: rows.map((t) => ({
      id: t.id, name: t.name, scopes: t.scopes as Permission[] | null, createdAt: t.createdAt.toISOString(),
      expiresAt: t.expiresAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null,
    })),
  };
}

/**
 * Revokes a token at once, closing its open feed sockets in every server process. A token may
 * always revoke itself; others' need a session or `token.manage`. An administrator may revoke the
 * tokens of accounts in their reach (own agency, or a regional grant, alerted). Others look absent.
 */
export async function revokeToken(services: Services, ctx: RequestContext, id: string, callerKey: string | null) {
  const { principal } = ctx;
  if (callerKey !== tokenCredentialKey(id)) mayManage(principal);
  return performWrite(services, ctx, 'token.revoke', async (tx, now) => {
    const token = await tx.tokens.byId(id);
    if (!token) throw notFound('Token', id);
    const own = token.userId === principal.userId;
    if (!own && !can(principal, 'user.manage')) throw notFound('Token', id);
    const reach = own ? null : await reachAgencies(tx, principal, [token.agencyId]);
    const alert = reach && regionalUse(ctx, now, reach, { action: 'token.revoke', userId: token.userId });
    if (alert) await tx.audit.write(alert.audit);
    await tx.tokens.revoke(id, now);
    const closing = { entityType: 'session_revoked', entityId: tokenCredentialKey(id), version: 1, regionId: principal.regionId, agencyId: principal.agencyId };
    return {
      status: 204, body: null,
      audit: { action: 'token.revoke', resourceType: 'api_token', resourceId: id, detail: own ? {} : { ownerId: token.userId } },
      feed: alert ? [closing, alert.feed] : [closing],
    };
  });
}
