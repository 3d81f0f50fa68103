import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from './authenticate.ts';

/**
 * Sets the session cookie, the same way for every sign-in method: HttpOnly (scripts never see
 * it), SameSite=Strict (no cross-site request carries it), Secure behind HTTPS.
 */
export function setSessionCookie(reply: FastifyReply, secret: string, expires: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires });
}
