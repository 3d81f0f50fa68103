import { IdempotencyHeaders } from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * One key limit for every write: each route that changes something validates (and documents) the
 * `Idempotency-Key` header with the one contract schema, so a key too long, too short or with
 * other characters is refused with 400 naming `headers.idempotency-key` and the rule, on every
 * write alike, whether or not its author remembered the header. Registered before the routes.
 */
export function registerWriteHeaders(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => READS.has(m))) return;
    route.schema ??= {};
    if (route.schema.headers === undefined) route.schema.headers = IdempotencyHeaders;
    else if (!(route.schema.headers as { shape?: Record<string, unknown> }).shape?.['idempotency-key']) {
      // A write with headers of its own extends the contract's rather than replacing it.
      throw new Error(`${methods.join(',')} ${route.url}: declare write headers as IdempotencyHeaders.extend(...)`);
    }
  });
}
