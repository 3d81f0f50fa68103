import { DomainError } from '@continuum/domain';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services/context.ts';
import { toProblem } from './problems.ts';

/**
 * One error format for every route. Denied attempts and failed writes are audited (in their own
 * transaction, since the write's was rolled back): the failure leaves no trace but its audit row.
 */
export function registerErrorHandler(app: FastifyInstance, services: Services): void {
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const { status, body } = toProblem(err, req.id);
    if (status >= 500) {
      req.log.error({ err: { message: err.message, code: err.code, stack: err.stack } }, 'request failed');
    }
    if (shouldAudit(req, status, err)) {
      await services.store.read.audit
        .write({
          at: services.clock(),
          actorId: req.auth?.principal.userId ?? null,
          role: req.auth?.principal.role ?? null,
          agencyId: req.auth?.principal.agencyId ?? null,
          action: req.routeOptions.config?.action ?? `${req.method} ${req.routeOptions.url ?? 'unknown'}`,
          outcome: status === 401 || status === 403 ? 'denied' : 'failed',
          resourceType: null,
          resourceId: storable((req.params as { id?: string } | undefined)?.id),
          fieldClasses: [],
          purpose: null,
          address: req.ip ?? null,
          detail: { status, code: body.error.code },
        })
        .catch((auditErr: Error) => req.log.error({ err: { message: auditErr.message } }, 'could not write the audit row of a failure'));
    }
    if (status === 503) reply.header('retry-after', '2');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler(async (req, reply) => {
    const { status, body } = toProblem(Object.assign(new Error('Not found'), { statusCode: 404 }), req.id);
    return reply.status(status).send({ ...body, error: { ...body.error, message: `No route ${req.method} ${req.url.split('?')[0]}` } });
  });
}

/**
 * A refused id as the audit row can hold it: the refusal may be for the very characters PostgreSQL
 * cannot store (NUL, a lone surrogate), and losing the row would hide the probe. Each becomes U+FFFD.
 */
function storable(id: string | undefined): string | null {
  if (id === undefined) return null;
  // eslint-disable-next-line no-control-regex -- NUL is the very character replaced
  return id.replace(/[\u0000\p{Cs}]/gu, '\uFFFD').slice(0, 200);
}

function shouldAudit(req: FastifyRequest, status: number, err: unknown): boolean {
  if (status === 503 || !req.url.startsWith('/api/')) return false;
  // A use case that audits its own refusals throws them as domain errors; what the framework
  // refused before the use case ran (body, headers, content type) it never saw, so it is audited here.
  if (req.routeOptions.config?.auditsRefusals && err instanceof DomainError) return false;
  if (status === 401 || status === 403) return true;
  // Failed writes, and reads of a record that is absent or out of reach (guessing ids).
  return req.method !== 'GET' ? status >= 400 : status === 404 && Boolean((req.params as { id?: string } | undefined)?.id);
}
