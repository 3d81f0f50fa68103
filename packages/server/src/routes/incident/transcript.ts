import { ContactMessageList, ContactMessageListQuery, ContactMessageView, ErrorBody, IdempotencyHeaders, IdParam, PostContactMessageRequest } from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, sendWrite } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { listContactMessages, postContactMessage } from '../../services/incident/transcript.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const tags = ['transcripts'];

/**
 * The transcript of a text or chat contact (issue 11 §2): the API a texting platform attaches to
 * (an API token with the scope `contact.message`), and the counsellor's console.
 */
export function transcriptRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/incidents/:id/messages', {
    config: { action: 'incident.message' },
    schema: {
      tags,
      summary: 'Record a text or chat message: inbound (from the person, as a texting platform posts it) or outbound (typed by the counsellor). Send an Idempotency-Key; a repeated externalId answers the message already recorded (200)',
      headers: IdempotencyHeaders, params: IdParam, body: PostContactMessageRequest, response: { 201: ContactMessageView, 200: ContactMessageView, ...errors },
    },
  }, async (req, reply) => sendWrite(reply, await postContactMessage(services, contextOf(req), req.params.id, req.body)));

  r.get('/api/incidents/:id/messages', {
    config: { action: 'incident.transcript' },
    schema: { tags, summary: 'The transcript of a text or chat contact, oldest first (clinical: readers whose reach includes it)', params: IdParam, querystring: ContactMessageListQuery, response: { 200: ContactMessageList, ...errors } },
  }, async (req) => listContactMessages(services, contextOf(req), req.params.id, req.query));
}
