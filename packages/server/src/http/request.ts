import { createHash } from 'node:crypto';
import { DomainError, type Principal } from '@continuum/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticated } from '../auth/authenticate.ts';
import type { RequestContext } from '../services/context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (sign-in itself, health, metadata). */
    public?: boolean;
    /** The audit action name for denied or failed attempts on this route. */
    action?: string;
    /** The use case audits its own refusals, with their reasons: no second, generic row. */
    auditsRefusals?: boolean;
  }
}

/** The signed-in principal, or 401. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.auth) throw new DomainError('unauthenticated', 'Sign in first');
  return req.auth.principal;
}

/** Everything a use case needs to know about the request that carries it. */
export function contextOf(req: FastifyRequest): RequestContext {
  const key = req.headers['idempotency-key'];
  return {
    principal: principalOf(req),
    address: req.ip ?? null,
    idempotencyKey: typeof key === 'string' ? key : null,
    requestHash: createHash('sha256')
      .update(`${req.method} ${req.routeOptions.url ?? req.url} ${JSON.stringify(req.params ?? {})} ${JSON.stringify(req.body ?? null)}`)
      .digest('hex'),
  };
}

/** Answers a write with its outcome; `idempotent-replay: true` tells a retrying client it was the stored answer. */
export const sendWrite = <T>(reply: FastifyReply, out: { status: number; body: T; replayed: boolean }) =>
  reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);
