import { CadLinksView, EidoDocument, EidoImportResult, EidoSubscriptionList, EidoSubscriptionRequest, EidoSubscriptionView, ErrorBody, IdempotencyHeaders, IdParam, SubscriptionIdParam } from '@continuum/contracts';
import { forbidden } from '@continuum/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, principalOf, sendWrite } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { cadLinks, endEidoSubscription, exportEido, importEido, listEidoSubscriptions, subscribeEido } from '../../services/eido/eido.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** NENA EIDO with 911 CADs (ADR 0029): export, import, webhooks for updates, and the administrator's view of the links. */
export function eidoRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/incidents/:id/eido', {
    config: { action: 'incident.eido_export' },
    schema: { tags: ['eido'], summary: 'The incident as a NENA EIDO document, redacted for your role', params: IdParam, response: { 200: EidoDocument, ...errors } },
  }, async (req) => exportEido(services, { principal: contextOf(req).principal, address: req.ip }, req.params.id));

  r.post('/api/eido', {
    config: { action: 'eido.import' },
    schema: {
      tags: ['eido'],
      summary: 'Take an incident from a 911 CAD as a NENA EIDO (API token with the eido.write scope)',
      description: 'Creates the incident, or updates the one the EIDO names. A document failing the EIDO schema is refused with the JSON path of each fault; an EIDO id and version already applied changes nothing.',
      headers: IdempotencyHeaders,
      body: EidoDocument,
      response: { 201: EidoImportResult, 200: EidoImportResult, ...errors },
    },
  }, async (req, reply) => sendWrite(reply, await importEido(services, contextOf(req), req.body)));

  r.post('/api/eido/subscriptions', {
    config: { action: 'eido.subscribe' },
    schema: { tags: ['eido'], summary: "Register your CAD's webhook for EIDO updates of the incidents it sent", headers: IdempotencyHeaders, body: EidoSubscriptionRequest, response: { 201: EidoSubscriptionView, ...errors } },
  }, async (req, reply) => {
    const tokenId = req.auth?.credentialKey?.startsWith('token:') ? req.auth.credentialKey.slice('token:'.length) : null;
    if (!tokenId) throw forbidden('EIDO is exchanged by a 911 CAD through an API token given the eido.write scope');
    return sendWrite(reply, await subscribeEido(services, contextOf(req), tokenId, req.body));
  });

  r.get('/api/eido/subscriptions', {
    config: { action: 'eido.subscriptions' },
    schema: { tags: ['eido'], summary: "Your CAD agency's webhooks", response: { 200: EidoSubscriptionList, ...errors } },
  }, async (req) => listEidoSubscriptions(services, { principal: principalOf(req), address: req.ip }));

  r.delete('/api/eido/subscriptions/:id', {
    config: { action: 'eido.unsubscribe' },
    schema: { tags: ['eido'], summary: 'End a webhook', headers: IdempotencyHeaders, params: SubscriptionIdParam, response: { 200: EidoSubscriptionView, ...errors } },
  }, async (req, reply) => sendWrite(reply, await endEidoSubscription(services, contextOf(req), req.params.id)));

  r.get('/api/admin/cad-links', {
    config: { action: 'eido.links' },
    schema: { tags: ['eido'], summary: "Your agency's links with 911 CADs: EIDO tokens, webhooks, recent deliveries and failures", response: { 200: CadLinksView, ...errors } },
  }, async (req) => cadLinks(services, { principal: principalOf(req), address: req.ip }));
}
