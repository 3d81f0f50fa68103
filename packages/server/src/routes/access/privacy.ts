import { AgreementList, AgreementView, BreakGlassRequest, CreateAgreementRequest, EndAgreementRequest, ErrorBody, IdempotencyHeaders, IdParam, IncidentView, PrivacyAlertList } from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, sendWrite } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { breakGlass, createAgreement, endAgreement, listAgreements, privacyAlerts } from '../../services/access/privacy.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Data-sharing agreements, break-glass openings, and the privacy officer's alerts. */
export function privacyRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (req: Parameters<typeof contextOf>[0]) => ({ principal: contextOf(req).principal, address: req.ip });

  r.get('/api/agreements', {
    config: { action: 'agreement.list' },
    schema: { tags: ['privacy'], summary: 'Data-sharing agreements, ended ones included', response: { 200: AgreementList, ...errors } },
  }, async (req) => listAgreements(services, ctx(req)));

  r.post('/api/agreements', {
    config: { action: 'agreement.create' },
    schema: { tags: ['privacy'], summary: 'Record a data-sharing agreement between agencies', headers: IdempotencyHeaders, body: CreateAgreementRequest, response: { 201: AgreementView, ...errors } },
  }, async (req, reply) => sendWrite(reply, await createAgreement(services, contextOf(req), req.body)));

  r.post('/api/agreements/:id/end', {
    config: { action: 'agreement.end' },
    schema: { tags: ['privacy'], summary: 'End an agreement now; the access it gave ends with it', params: IdParam, headers: IdempotencyHeaders, body: EndAgreementRequest, response: { 200: AgreementView, ...errors } },
  }, async (req, reply) => sendWrite(reply, await endAgreement(services, contextOf(req), req.params.id, req.body.reason)));

  r.post('/api/incidents/:id/break-glass', {
    config: { action: 'incident.break_glass' },
    schema: { tags: ['privacy'], summary: 'Open a restricted incident with a written reason (supervisors; alerts the privacy officer)', params: IdParam, headers: IdempotencyHeaders, body: BreakGlassRequest, response: { 200: z.object({ incident: IncidentView, expiresAt: z.string() }), ...errors } },
  }, async (req, reply) => sendWrite(reply, await breakGlass(services, contextOf(req), req.params.id, req.body.reason)));

  r.get('/api/privacy/alerts', {
    config: { action: 'privacy.alerts' },
    schema: { tags: ['privacy'], summary: 'Break-glass openings for review', response: { 200: PrivacyAlertList, ...errors } },
  }, async (req) => privacyAlerts(services, ctx(req)));
}
