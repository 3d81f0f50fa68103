import {
  AcceptHandoffRequest,
  DeclineHandoffRequest,
  ErrorBody,
  HandoffDestinations,
  HandoffIdParam,
  HandoffList,
  HandoffListQuery,
  HandoffView,
  IdempotencyHeaders,
  OfferHandoffRequest,
} from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, sendWrite } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { answerHandoff, handoffDestinations, listHandoffs, offerHandoff, readHandoff } from '../../services/handoff/handoffs.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const tags = ['hand-offs'];

/** Hand-offs between agencies (ADR 0028): offer, the receiver's inbox, accept, decline. */
export function handoffRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/handoffs', {
    config: { action: 'handoff.offer' },
    schema: { tags, summary: 'Offer a call to another agency (988, 911, CARES, the crisis hub …); its receiver may then read it', headers: IdempotencyHeaders, body: OfferHandoffRequest, response: { 201: HandoffView, ...errors } },
  }, async (req, reply) => sendWrite(reply, await offerHandoff(services, contextOf(req), req.body)));

  r.get('/api/handoffs', {
    config: { action: 'handoff.list' },
    schema: { tags, summary: 'Hand-offs offered to your agency (inbox), sent by it, or both; open ones first', querystring: HandoffListQuery, response: { 200: HandoffList, ...errors } },
  }, async (req) => listHandoffs(services, contextOf(req), req.query));

  r.get('/api/handoffs/destinations', {
    config: { action: 'handoff.destinations' },
    schema: { tags, summary: 'The agencies of your region that take hand-offs, and the kinds each takes', response: { 200: HandoffDestinations, ...errors } },
  }, async (req) => handoffDestinations(services, contextOf(req)));

  r.get('/api/handoffs/:id', {
    config: { action: 'handoff.read' },
    schema: { tags, summary: 'One hand-off your agency sent or received, with every step, its time and actor', params: HandoffIdParam, response: { 200: HandoffView, ...errors } },
  }, async (req) => readHandoff(services, contextOf(req), req.params.id));

  r.post('/api/handoffs/:id/accept', {
    config: { action: 'handoff.accept' },
    schema: { tags, summary: 'Accept a hand-off offered to your agency (409 naming who took it when someone was first)', headers: IdempotencyHeaders, params: HandoffIdParam, body: AcceptHandoffRequest, response: { 200: HandoffView, ...errors } },
  }, async (req, reply) => sendWrite(reply, await answerHandoff(services, contextOf(req), req.params.id, { action: 'accept' })));

  r.post('/api/handoffs/:id/decline', {
    config: { action: 'handoff.decline' },
    schema: { tags, summary: 'Decline a hand-off offered to your agency, with the reason the sender sees', headers: IdempotencyHeaders, params: HandoffIdParam, body: DeclineHandoffRequest, response: { 200: HandoffView, ...errors } },
  }, async (req, reply) => sendWrite(reply, await answerHandoff(services, contextOf(req), req.params.id, { action: 'decline', reason: req.body.reason })));
}
