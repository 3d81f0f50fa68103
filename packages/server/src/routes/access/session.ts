import { abilities } from '@continuum/domain';
import { CreateTokenRequest, ErrorBody, IdParam, SessionView, SignInRequest, TokenCreated, TokenList } from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE, type Authenticated } from '../../auth/authenticate.ts';
import { setSessionCookie } from '../../auth/session-cookie.ts';
import { contextOf, principalOf } from '../../http/request.ts';
import type { Config } from '../../config.ts';
import type { Services } from '../../services/context.ts';
import { createToken, listTokens, revokeToken } from '../../services/access/account-tokens.ts';
import { signIn, signOut } from '../../services/access/accounts.ts';

/** Sign-in, the current session, sign-out, and API tokens for machine clients. */
export function sessionRoutes(app: FastifyInstance, services: Services, config: Config): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const view = async (auth: Authenticated): Promise<SessionView> => {
    const agency = await services.store.read.organisations.agency(auth.principal.agencyId);
    const p = auth.principal;
    return {
      user: { id: p.userId, username: p.username, displayName: p.displayName },
      role: p.role,
      agency: { id: p.agencyId, name: agency?.name ?? p.agencyId },
      regionId: p.regionId,
      abilities: abilities(p),
      csrfToken: auth.csrfToken ?? '',
      expiresAt: auth.expiresAt?.toISOString() ?? '',
    };
  };

  r.post('/api/session', {
    config: { public: true, action: 'session.create', auditsRefusals: true },
    schema: { tags: ['session'], summary: 'Sign in (failures from one address are delayed: 429 with Retry-After)', body: SignInRequest, response: { 200: SessionView, 401: ErrorBody, 429: ErrorBody } },
  }, async (req, reply) => {
    const s = await signIn(services, req.body, { address: req.ip, sessionHours: config.sessionHours });
    setSessionCookie(reply, s.secret, s.expiresAt, config.secureCookies);
    const user = (await services.store.read.users.byId(s.userId))!;
    return view({
      principal: { userId: user.id, username: user.username, displayName: user.displayName, role: s.membership.role as SessionView['role'], agencyId: s.membership.agencyId, regionId: s.membership.regionId, via: 'session', scopes: null },
      csrfToken: s.csrfToken, sessionIdHash: null, credentialKey: null, expiresAt: s.expiresAt,
    });
  });

  r.get('/api/session', {
    schema: { tags: ['session'], summary: 'The signed-in session', response: { 200: SessionView, 401: ErrorBody } },
  }, async (req) => view(req.auth!));

  r.delete('/api/session', {
    config: { action: 'session.revoke' },
    schema: { tags: ['session'], summary: 'Sign out', response: { 204: z.null(), 401: ErrorBody } },
  }, async (req, reply) => {
    if (req.auth?.sessionIdHash) await signOut(services, principalOf(req), req.auth.sessionIdHash, req.ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  r.post('/api/tokens', {
    config: { action: 'token.create' },
    schema: { tags: ['session'], summary: 'Create an API token for a machine client (from a session, or a token with token.manage)', body: CreateTokenRequest, response: { 201: TokenCreated, 400: ErrorBody, 403: ErrorBody, 422: ErrorBody } },
  }, async (req, reply) => {
    const out = await createToken(services, contextOf(req), req.auth?.expiresAt ?? null, req.body);
    return reply.status(201).header('idempotent-replay', String(out.replayed)).send(out.body);
  });

  r.get('/api/tokens', {
    config: { action: 'token.list' },
    schema: { tags: ['session'], summary: 'Your API tokens (never their secrets)', response: { 200: TokenList, 401: ErrorBody, 403: ErrorBody } },
  }, async (req) => listTokens(services, principalOf(req)));

  r.delete('/api/tokens/:id', {
    config: { action: 'token.revoke' },
    schema: { tags: ['session'], summary: 'Revoke an API token at once', params: IdParam, response: { 204: z.null(), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody } },
  }, async (req, reply) => {
    const out = await revokeToken(services, contextOf(req), req.params.id, req.auth?.credentialKey ?? null);
    return reply.status(204).header('idempotent-replay', String(out.replayed)).send(null);
  });
}
