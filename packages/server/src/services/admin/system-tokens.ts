import { DomainError, invalid, isRole, notFound, tokenRequestIssues, type Permission, type Role } from '@continuum/domain';
import { TOKEN_PREFIX, tokenCredentialKey } from '../../auth/authenticate.ts';
import { newSecret, sha256 } from '../../auth/secrets.ts';
import { accountWrite } from '../access/account-scope.ts';
import type { Services } from '../context.ts';

/**
 * API tokens from the command line (issue 16 §1): the system issues a token acting as one of an
 * account's memberships, lists an account's tokens, and revokes one. The API's own routes
 * (services/access/account-tokens.ts) act for the signed-in caller; these are the operator's, for
 * a CAD bridge or a field-device fleet set up before anyone signs in. The same rules hold: scopes
 * within the role, at most 366 days, the secret shown once and only its hash kept.
 */
export interface SystemTokenRequest {
  userId: string;
  agencyId: string;
  role: string;
  name: string;
  scopes: Permission[] | null;
  expiresInDays: number;
}

export function issueTokenAsSystem(services: Services, input: SystemTokenRequest) {
  const token = newSecret(TOKEN_PREFIX);
  return accountWrite(services, 'system', 'token.create', async (tx, now) => {
    const held = (await tx.users.memberships(input.userId)).some((m) => m.agencyId === input.agencyId && m.role === input.role);
    if (!held || !isRole(input.role)) {
      throw new DomainError('validation_failed', `The account holds no role ${input.role} at ${input.agencyId}`, {}, [{ field: 'role', rule: 'membership', message: `no current membership as ${input.role} at ${input.agencyId}` }]);
    }
    const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000);
    const scopes = input.scopes ? [...new Set(input.scopes)] : null;
    const issues = tokenRequestIssues({ role: input.role as Role, scopes: null, via: 'session' }, null, { scopes, expiresAt });
    if (input.expiresInDays < 1 || input.expiresInDays > 366) issues.push({ field: 'expiresInDays', rule: 'range', message: 'from 1 to 366 days' });
    if (issues.length) throw invalid(issues);
    const id = services.newId();
    await tx.tokens.create({ id, tokenHash: sha256(token), userId: input.userId, agencyId: input.agencyId, role: input.role, name: input.name, scopes, createdAt: now, expiresAt });
    return {
      status: 201,
      body: { id, name: input.name, token, scopes, expiresAt: expiresAt.toISOString() },
      // The secret never reaches the audit row or any stored answer.
      audit: { action: 'token.create', resourceType: 'api_token', resourceId: id, detail: { ownerId: input.userId, agencyId: input.agencyId, role: input.role, scopes, expiresAt: expiresAt.toISOString() } },
      feed: [],
    };
  });
}

/** An account's tokens, newest first as stored; never their secrets. */
export async function listTokensOf(services: Services, userId: string) {
  return services.store.read.tokens.listFor(userId);
}

/** Revokes a token at once; its open feed sockets close in every server process. */
export function revokeTokenAsSystem(services: Services, id: string) {
  return accountWrite(services, 'system', 'token.revoke', async (tx, now) => {
    const token = await tx.tokens.byId(id);
    if (!token) throw notFound('Token', id);
    if (token.revokedAt) throw new DomainError('conflict', `Token ${id} was revoked on ${token.revokedAt.toISOString()}`);
    await tx.tokens.revoke(id, now);
    // The closing entry names the owner's region through its membership's agency.
    const agency = await tx.organisations.agency(token.agencyId);
    return {
      status: 200,
      body: { id, name: token.name, ownerId: token.userId },
      audit: { action: 'token.revoke', resourceType: 'api_token', resourceId: id, detail: { ownerId: token.userId } },
      feed: [{ entityType: 'session_revoked', entityId: tokenCredentialKey(id), version: 1, regionId: agency?.regionId ?? token.agencyId, agencyId: token.agencyId }],
    };
  });
}
