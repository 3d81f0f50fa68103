import {
  CreatePersonRequest, ErrorBody, IdempotencyHeaders, IdParam, PersonCandidates, PersonConsentParams, PersonConsentView, PersonLinkRequest,
  PersonSearchQuery, PersonSearchResult, PersonUnlinkRequest, PersonView, RecordConsentRequest, RevokeConsentRequest, SafetyPlanRequest,
} from '@continuum/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { createPerson, readPerson, searchPeople, setSafetyPlan } from '../../services/people/people.ts';
import { recordPersonConsent, revokePersonConsent } from '../../services/people/people-consents.ts';
import { linkPerson, personCandidates, unlinkPerson } from '../../services/people/people-links.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

const send = <T>(reply: FastifyReply, out: { status: number; body: T; replayed: boolean }) =>
  reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);

/** People: person records, their safety plans and consents, and confirmed links to incidents (ADR 0013). */
export function peopleRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const reader = (req: Parameters<typeof contextOf>[0]) => ({ principal: contextOf(req).principal, address: req.ip });

  r.post('/api/people', {
    config: { action: 'person.create' },
    schema: { tags: ['people'], summary: 'Create a person record held by your agency', headers: IdempotencyHeaders, body: CreatePersonRequest, response: { 201: PersonView, ...errors } },
  }, async (req, reply) => send(reply, await createPerson(services, contextOf(req), req.body)));

  r.get('/api/people', {
    config: { action: 'person.search' },
    schema: { tags: ['people'], summary: 'Search people in reach by name, date of birth (YYYY-MM-DD) or phone; audited', querystring: PersonSearchQuery, response: { 200: PersonSearchResult, ...errors } },
  }, async (req) => searchPeople(services, reader(req), req.query.q));

  r.get('/api/people/:id', {
    config: { action: 'person.read' },
    schema: { tags: ['people'], summary: 'One person record, redacted to your reach; audited', params: IdParam, response: { 200: PersonView, ...errors } },
  }, async (req) => readPerson(services, reader(req), req.params.id));

  r.put('/api/people/:id/safety-plan', {
    config: { action: 'person.safety_plan' },
    schema: { tags: ['people'], summary: 'Replace the crisis and safety plan', params: IdParam, headers: IdempotencyHeaders, body: SafetyPlanRequest, response: { 200: PersonView, ...errors } },
  }, async (req, reply) => send(reply, await setSafetyPlan(services, contextOf(req), req.params.id, req.body)));

  r.post('/api/people/:id/consents', {
    config: { action: 'person.consent_record' },
    schema: { tags: ['people'], summary: 'Record the person\'s consent to disclose, across their incidents, to named agencies', params: IdParam, headers: IdempotencyHeaders, body: RecordConsentRequest, response: { 201: PersonConsentView, ...errors } },
  }, async (req, reply) => send(reply, await recordPersonConsent(services, contextOf(req), req.params.id, req.body)));

  r.post('/api/people/:id/consents/:consentId/revoke', {
    config: { action: 'person.consent_revoke' },
    schema: { tags: ['people'], summary: 'Revoke a person-level consent at once', params: PersonConsentParams, headers: IdempotencyHeaders, body: RevokeConsentRequest, response: { 200: PersonConsentView, ...errors } },
  }, async (req, reply) => send(reply, await revokePersonConsent(services, contextOf(req), req.params.id, req.params.consentId, req.body.reason)));

  r.get('/api/incidents/:id/person-candidates', {
    config: { action: 'person.candidates' },
    schema: { tags: ['people'], summary: 'The incident\'s linked person and ranked candidates with reasons; proposes, never links', params: IdParam, response: { 200: PersonCandidates, ...errors } },
  }, async (req) => personCandidates(services, reader(req), req.params.id));

  r.post('/api/incidents/:id/person-link', {
    config: { action: 'person.link' },
    schema: { tags: ['people'], summary: 'Link the incident to a person you confirmed, or to a new record made from the call', params: IdParam, headers: IdempotencyHeaders, body: PersonLinkRequest, response: { 200: PersonCandidates, ...errors } },
  }, async (req, reply) => send(reply, await linkPerson(services, contextOf(req), req.params.id, req.body)));

  r.post('/api/incidents/:id/person-link/undo', {
    config: { action: 'person.unlink' },
    schema: { tags: ['people'], summary: 'Undo a wrong link, with a reason; the link stays in the history', params: IdParam, headers: IdempotencyHeaders, body: PersonUnlinkRequest, response: { 200: PersonCandidates, ...errors } },
  }, async (req, reply) => send(reply, await unlinkPerson(services, contextOf(req), req.params.id, req.body.reason)));
}
