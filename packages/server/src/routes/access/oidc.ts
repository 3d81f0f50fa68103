import { DomainError } from '@continuum/domain';
import { ErrorBody, LIMITS, Text } from '@continuum/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setSessionCookie } from '../../auth/session-cookie.ts';
import { OidcClient } from '../../auth/oidc-client.ts';
import { linkIdentity, listIdentities, unlinkIdentity } from '../../auth/oidc-identities.ts';
import { OIDC_LOGIN_MINUTES, beginOidcSignIn, completeOidcSignIn, refusalOf } from '../../auth/oidc-sign-in.ts';
import type { Config } from '../../config.ts';
import { toProblem } from '../../http/problems.ts';
import { contextOf } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';

/** The browser's half of a sign-in in flight; only its hash is stored. */
export const OIDC_LOGIN_COOKIE = 'continuum_oidc';
const OIDC_PATH = '/api/auth/oidc';

const IdentityView = z.object({ userId: z.string(), issuer: z.string(), subject: z.string(), createdAt: z.string() });
const LinkIdentityRequest = z
  .object({
    subject: Text.min(1).max(255),
    /** Defaults to the configured issuer, the only one this server signs in with. */
    issuer: Text.max(LIMITS.shortText * 4).optional(),
  })
  .strict();
const UserParams = z.object({ id: Text.min(1).max(LIMITS.shortText) });

/**
 * OIDC sign-in (login redirect and callback) and the administrators' routes that link provider
 * identities to local accounts. Browsers get redirects back to the sign-in page with a reason;
 * API clients (Accept: application/json) get the usual error body.
 */
export function oidcRoutes(app: FastifyInstance, services: Services, config: Config): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const client = config.oidc ? new OidcClient(config.oidc) : null;
  const loginCookie = { path: OIDC_PATH, httpOnly: true, secure: config.secureCookies } as const;

  const enabled = (): OidcClient => {
    if (!client) throw new DomainError('not_found', 'OIDC sign-in is not configured on this server');
    return client;
  };

  /** A refusal as the caller can use it: a redirect for a browser, the error body for a program. */
  const refuse = (req: FastifyRequest, reply: FastifyReply, err: unknown) => {
    reply.clearCookie(OIDC_LOGIN_COOKIE, loginCookie);
    const reason = refusalOf(err);
    if (!reason) throw err;
    if (wantsJson(req)) {
      const { status, body } = toProblem(err, req.id);
      return reply.status(status).send(body);
    }
    return reply.redirect(`/#/signin?error=${reason}`, 302);
  };

  r.get(`${OIDC_PATH}/login`, {
    config: { public: true, action: 'session.create' },
    schema: {
      tags: ['session'],
      summary: "Sign in with the agency's identity provider (redirects there)",
      querystring: z.object({ agencyId: Text.min(1).max(LIMITS.shortText).optional() }).strict(),
      response: { 302: z.null(), 404: ErrorBody, 503: ErrorBody },
    },
  }, async (req, reply) => {
    const oidc = enabled();
    try {
      const { url, browserSecret } = await beginOidcSignIn(services, oidc, { agencyId: req.query.agencyId });
      // Lax, not Strict: the provider sends the browser back with a cross-site navigation,
      // which must carry this cookie. The session cookie itself stays Strict.
      reply.setCookie(OIDC_LOGIN_COOKIE, browserSecret, { ...loginCookie, sameSite: 'lax', maxAge: OIDC_LOGIN_MINUTES * 60 });
      return reply.redirect(url.href, 302);
    } catch (err) {
      return refuse(req, reply, err);
    }
  });

  r.get(`${OIDC_PATH}/callback`, {
    config: { public: true, action: 'session.create', auditsRefusals: true },
    // The provider's parameters (code, state, iss, error, session_state…) vary; they are read
    // and checked by the sign-in, not by a schema.
    schema: { tags: ['session'], summary: 'Where the identity provider returns; opens a session', response: { 302: z.null(), 401: ErrorBody, 404: ErrorBody, 503: ErrorBody } },
  }, async (req, reply) => {
    const oidc = enabled();
    try {
      const search = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      const s = await completeOidcSignIn(services, oidc, { browserSecret: req.cookies[OIDC_LOGIN_COOKIE], search }, { address: req.ip, sessionHours: config.sessionHours });
      reply.clearCookie(OIDC_LOGIN_COOKIE, loginCookie);
      // The same cookie as password sign-in (routes/session.ts).
      setSessionCookie(reply, s.secret, s.expiresAt, config.secureCookies);
      return reply.redirect('/', 302);
    } catch (err) {
      return refuse(req, reply, err);
    }
  });

  r.get('/api/users/:id/identities', {
    config: { action: 'user.identity.read' },
    schema: { tags: ['admin'], summary: "An account's linked identity-provider identities", params: UserParams, response: { 200: z.array(IdentityView), 403: ErrorBody, 404: ErrorBody } },
  }, async (req) => listIdentities(services, contextOf(req), req.params.id));

  r.post('/api/users/:id/identities', {
    config: { action: 'user.identity.link' },
    schema: { tags: ['admin'], summary: 'Link an identity-provider subject to a local account', params: UserParams, body: LinkIdentityRequest, response: { 201: IdentityView, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody } },
  }, async (req, reply) => {
    const out = await linkIdentity(services, contextOf(req), config.oidc, { userId: req.params.id, ...req.body });
    return reply.status(201).header('idempotent-replay', String(out.replayed)).send(out.body);
  });

  r.delete('/api/users/:id/identities/:subject', {
    config: { action: 'user.identity.unlink' },
    schema: { tags: ['admin'], summary: 'Unlink an identity-provider subject from a local account', params: UserParams.extend({ subject: Text.min(1).max(255) }), response: { 204: z.null(), 400: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (req, reply) => {
    const out = await unlinkIdentity(services, contextOf(req), config.oidc, { userId: req.params.id, subject: req.params.subject });
    return reply.status(204).header('idempotent-replay', String(out.replayed)).send(null);
  });
}

// Browsers ask for HTML when they follow the provider's redirect; programs ask for JSON.
const wantsJson = (req: FastifyRequest): boolean => {
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
};
