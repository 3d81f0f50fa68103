import { ErrorBody, IdempotencyHeaders, OnboardingBody, OnboardingExportQuery, OnboardingImportQuery, OnboardingKindParam, OnboardingPlan } from '@continuum/contracts';
import { DomainError } from '@continuum/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, sendWrite } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { exportFile } from '../../services/onboarding/export.ts';
import { importFile } from '../../services/onboarding/import.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody };

/** A county's files are larger than a call's body: agencies, units, a month of shifts, its staff. */
const FILE_LIMIT = 4 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Onboarding a county from files (issue 16 §2, ADR 0026): POST a kind's CSV (text/csv) or JSON
 * rows, ?dryRun=true for the plan only; GET exports the same shape. Administrators, within their
 * agency or, with a regional grant, their region. Registered in its own scope: only these routes
 * read text/csv; everywhere else it stays an unsupported media type.
 */
export async function onboardingRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: FILE_LIMIT }, (_req, body, done) => {
      try {
        done(null, utf8.decode(body as Buffer));
      } catch {
        done(new DomainError('validation_failed', 'The file is not valid UTF-8', {}, [{ field: '', rule: 'utf8', message: 'save the CSV file as UTF-8' }]), undefined);
      }
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post('/api/onboarding/:kind', {
      bodyLimit: FILE_LIMIT,
      config: { action: 'onboarding.import' },
      schema: {
        tags: ['onboarding'],
        summary: 'Import agencies, units, crews, shifts, facilities (HSDS JSON) or users from CSV (text/csv) or JSON rows; ?dryRun=true lists what would be created, changed or left alone',
        params: OnboardingKindParam, querystring: OnboardingImportQuery, headers: IdempotencyHeaders, body: OnboardingBody,
        response: { 200: OnboardingPlan, 422: ErrorBody, ...errors },
      },
    }, async (req, reply) => sendWrite(reply, await importFile(services, contextOf(req), req.params.kind, req.body, { dryRun: req.query.dryRun })));

    r.get('/api/onboarding/:kind', {
      config: { action: 'onboarding.export' },
      schema: {
        tags: ['onboarding'], summary: 'Export a kind in the shape its import reads (format=csv or json; facilities are HSDS JSON)',
        params: OnboardingKindParam, querystring: OnboardingExportQuery, response: { 200: z.unknown(), ...errors },
      },
    }, async (req, reply) => {
      const out = await exportFile(services, contextOf(req), req.params.kind, req.query.format);
      return reply.type(out.type).header('cache-control', 'no-store').send(out.body);
    });
  });
}
