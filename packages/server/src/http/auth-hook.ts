import { DomainError } from '@continuum/domain';
import type { FastifyInstance } from 'fastify';
import { authenticate, SESSION_COOKIE } from '../auth/authenticate.ts';
import { sameSecret } from '../auth/secrets.ts';
import type { Services } from '../services/context.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every /api request before its handler runs. Cookie-authenticated writes must
 * echo the session's CSRF token; bearer tokens are not sent by browsers on their own, so they
 * need none. WebSocket upgrades must come from our own origin.
 */
export function registerAuthHook(app: FastifyInstance, services: Services): void {
  app.decorateRequest('auth', null);
  // onRequest: before the body is parsed or validated, so an anonymous caller learns nothing.
  app.addHook('onRequest', async (req) => {
    // The API docs are public reading: they describe the API, never data.
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs') || req.routeOptions.config?.public) return;
    const auth = await authenticate(
      services.store,
      { authorization: req.headers.authorization, sessionCookie: req.cookies[SESSION_COOKIE] },
      services.clock(),
    );
    if (!auth) throw new DomainError('unauthenticated', 'Sign in first, or your session has ended');
    req.auth = auth;
    if (auth.csrfToken && !SAFE.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, auth.csrfToken)) {
        throw new DomainError('csrf_failed', 'Missing or wrong X-CSRF-Token header for a signed-in write');
      }
    }
    if (auth.csrfToken && req.headers.upgrade?.toLowerCase() === 'websocket') {
      const origin = req.headers.origin;
      if (origin !== undefined && !isOwnOrigin(origin, req.headers.host)) {
        throw new DomainError('forbidden', 'The live feed accepts connections from this site only');
      }
    }
  });
}

/**
 * Whether a browser's Origin header names this site. `null` (sandboxed frames, file: pages, some
 * redirects) and anything unparseable name no site, so they are refused like a foreign one, never
 * left to throw (an exception here answered 500).
 */
export function isOwnOrigin(origin: string, host: string | undefined): boolean {
  if (!host || !URL.canParse(origin)) return false;
  const url = new URL(origin);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host.toLowerCase();
}
