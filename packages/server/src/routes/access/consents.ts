import { ConsentList, ConsentParams, ConsentView, ErrorBody, IdempotencyHeaders, IdParam, RecordConsentRequest, RevokeConsentRequest } from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, sendWrite } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { listConsents, recordConsent, revokeConsent } from '../../services/access/consents.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** 42 CFR Part 2 consents, recorded and revoked by the programme that holds the information. */
export function consentRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (req: Parameters<typeof contextOf>[0]) => ({ principal: contextOf(req).principal, address: req.ip });

  r.get('/api/incidents/:id/consents', {
    config: { action: 'consent.list' },
    schema: { tags: ['privacy'], summary: 'Consents to disclose this incident\'s Part 2 information', params: IdParam, response: { 200: ConsentList, ...errors } },
  }, async (req) => listConsents(services, ctx(req), req.params.id));

  r.post('/api/incidents/:id/consents', {
    config: { action: 'consent.record' },
    schema: { tags: ['privacy'], summary: 'Record the person\'s consent to disclose Part 2 information to named agencies', params: IdParam, headers: IdempotencyHeaders, body: RecordConsentRequest, response: { 201: ConsentView, ...errors } },
  }, async (req, reply) => sendWrite(reply, await recordConsent(services, contextOf(req), req.params.id, req.body)));

  r.post('/api/incidents/:id/consents/:consentId/revoke', {
    config: { action: 'consent.revoke' },
    schema: { tags: ['privacy'], summary: 'Revoke a consent at once', params: ConsentParams, headers: IdempotencyHeaders, body: RevokeConsentRequest, response: { 200: ConsentView, ...errors } },
  }, async (req, reply) => sendWrite(reply, await revokeConsent(services, contextOf(req), req.params.id, req.params.consentId, req.body.reason)));
}
