import {
  ErrorBody,
  IdempotencyHeaders,
  IdParam,
  PinProtocolRequest,
  ProtocolList,
  PublishProtocolRequest,
  Text,
  TriageAnswerRequest,
  TriageUndoRequest,
  TriageView,
} from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, sendWrite } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { authorise } from '../../services/incident/incidents.ts';
import { answerTriage, triageView, undoTriageAnswer } from '../../services/incident/intake.ts';
import { pinProtocol, publishProtocol } from '../../services/triage/protocols.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const RegionParam = z.object({ regionId: Text.min(1).max(100) }).strict();

/** The guided interview and the protocol registry. */
export function intakeRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/incidents/:id/triage', {
    config: { action: 'incident.triage.read' },
    schema: { tags: ['intake'], summary: 'The guided interview as it stands', params: IdParam, response: { 200: TriageView, ...errors } },
  }, async (req) => triageView(services, { principal: contextOf(req).principal, address: req.ip }, req.params.id));

  r.post('/api/incidents/:id/triage/answers', {
    config: { action: 'incident.answer' },
    schema: { tags: ['intake'], summary: 'Record one answer of the guided interview', headers: IdempotencyHeaders, params: IdParam, body: TriageAnswerRequest, response: { 200: TriageView, ...errors } },
  }, async (req, reply) => {
    const out = await answerTriage(services, contextOf(req), req.params.id, req.body);
    return reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);
  });

  r.post('/api/incidents/:id/triage/answers/undo', {
    config: { action: 'incident.undo_answer' },
    schema: { tags: ['intake'], summary: 'Undo the last answer before the determination (the history keeps both)', headers: IdempotencyHeaders, params: IdParam, body: TriageUndoRequest, response: { 200: TriageView, ...errors } },
  }, async (req, reply) => {
    const out = await undoTriageAnswer(services, contextOf(req), req.params.id, req.body);
    return reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);
  });

  r.get('/api/protocols', {
    config: { action: 'protocol.list' },
    schema: { tags: ['intake'], summary: 'Published triage protocol versions and the regions that pin them', response: { 200: ProtocolList, ...errors } },
  }, async (req) => {
    authorise(contextOf(req).principal, 'protocol.read');
    const [versions, regions] = await Promise.all([services.store.read.protocols.list(), services.store.read.organisations.regions()]);
    const pins = await Promise.all(regions.map((region) => services.store.read.protocols.pinOf(region.id)));
    return {
      items: versions.map((v) => ({
        protocolId: v.protocolId, version: v.version, title: v.title, checksum: v.checksum, publishedAt: v.publishedAt.toISOString(),
        pinnedBy: pins.filter((p) => p && p.protocolId === v.protocolId && p.version === v.version).map((p) => p!.regionId),
      })),
    };
  });

  r.post('/api/protocols', {
    config: { action: 'protocol.publish' },
    schema: { tags: ['intake'], summary: 'Publish a protocol version from its file (refused with every problem listed)', headers: IdempotencyHeaders, body: PublishProtocolRequest, response: { 201: z.object({ protocolVersion: z.string() }), ...errors } },
  }, async (req, reply) => sendWrite(reply, await publishProtocol(services, contextOf(req), req.body)));

  r.put('/api/regions/:regionId/protocol', {
    config: { action: 'protocol.pin' },
    schema: { tags: ['intake'], summary: 'Pin the protocol version a region triages with', params: RegionParam, headers: IdempotencyHeaders, body: PinProtocolRequest, response: { 200: z.object({ regionId: z.string(), protocolVersion: z.string() }), ...errors } },
  }, async (req, reply) => sendWrite(reply, await pinProtocol(services, contextOf(req), req.params.regionId, req.body)));
}
