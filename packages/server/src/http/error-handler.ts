import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services/context.ts';
import { databaseRefusal, toProblem } from './problems.ts';

/** Requests whose handler ran: a use case that audits its own refusals has done so for these. */
const reachedHandler = new WeakSet<FastifyRequest>();

/**
 * Answers a refusal in the one error format and audits it: denied attempts and failed writes (in
 * their own transaction, since the write's was rolled back): the failure leaves no trace but its
 * audit row. Used for errors of routes and for the framework's own refusals before routing
 * (a malformed URL, an over-long path parameter), which never reach the error handler.
 */
export async function answerRefusal(services: Services, err: FastifyError, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { status, body } = toProblem(err, req.id);
  if (status >= 500) {
    req.log.error({ err: { message: err.message, code: err.code, stack: err.stack } }, 'request failed');
  } else if (databaseRefusal(err)) {
    // The safety net caught what validation up front should have: worth a line to fix it there.
    req.log.warn({ err: { code: err.code, route: req.routeOptions?.url } }, 'the database refused input that validation let through');
  }
  if (shouldAudit(req, status)) {
    await services.store.read.audit
      .write({
        at: services.clock(),
        actorId: req.auth?.principal.userId ?? null,
        role: req.auth?.principal.role ?? null,
        agencyId: req.auth?.principal.agencyId ?? null,
        // A refusal before routing has no route: the path as sent, cut, says what was tried.
        action: req.routeOptions?.config?.action ?? `${req.method} ${req.routeOptions?.url ?? req.url.split('?')[0]!.slice(0, 200)}`,
        outcome: status === 401 || status === 403 ? 'denied' : 'failed',
        resourceType: null,
        resourceId: storable(idOf(req)),
        fieldClasses: [],
        purpose: null,
        address: req.ip ?? null,
        detail: { status, code: body.error.code },
      })
      .catch((auditErr: Error) => req.log.error({ err: { message: auditErr.message } }, 'could not write the audit row of a failure'));
  }
  if (status === 503) reply.header('retry-after', '2');
  // Throttled sign-ins say when to come back (services/accounts.ts).
  const retryAfter = body.error.details?.retryAfterSeconds;
  if (status === 429 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply.status(status).send(body);
}

/** One error format for every route, every refusal audited by answerRefusal. */
export function registerErrorHandler(app: FastifyInstance, services: Services): void {
  app.addHook('preHandler', async (req) => {
    reachedHandler.add(req);
  });
  app.setErrorHandler(async (err: FastifyError, req, reply) => answerRefusal(services, err, req, reply));
  app.setNotFoundHandler(async (req, reply) => {
    const { status, body } = toProblem(Object.assign(new Error('Not found'), { statusCode: 404 }), req.id);
    return reply.status(status).send({ ...body, error: { ...body.error, message: `No route ${req.method} ${req.url.split('?')[0]}` } });
  });
}

/**
 * A refused id as the audit row can hold it: the refusal may be for the very characters PostgreSQL
 * cannot store (NUL, a lone surrogate), and losing the row would hide the probe. Each becomes U+FFFD.
 */
/** The record a refused request named: its `id`, else its first path parameter (e.g. `regionId`). */
function idOf(req: FastifyRequest): string | undefined {
  const params = (req.params ?? {}) as Record<string, unknown>;
  const id = params.id ?? Object.values(params)[0];
  return typeof id === 'string' ? id : undefined;
}

function storable(id: string | undefined): string | null {
  if (id === undefined) return null;
  // eslint-disable-next-line no-control-regex -- NUL is the very character replaced
  return id.replace(/[\u0000\p{Cs}]/gu, '\uFFFD').slice(0, 200);
}

function shouldAudit(req: FastifyRequest, status: number): boolean {
  if (status === 503 || !req.url.startsWith('/api/')) return false;
  // A use case that audits its own refusals does so once it runs; what was refused before it ran
  // (body, headers, content type) it never saw, so that is audited here.
  if (req.routeOptions?.config?.auditsRefusals && reachedHandler.has(req)) return false;
  if (status === 401 || status === 403) return true;
  // Failed writes, and reads of a record that is absent or out of reach (guessing ids).
  return req.method !== 'GET' ? status >= 400 : status === 404 && Boolean((req.params as { id?: string } | undefined)?.id);
}
