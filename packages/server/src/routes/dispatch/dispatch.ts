import {
  AssignmentActionRequest,
  AssignmentParams,
  AssignRequest,
  DestinationsQuery,
  DestinationsView,
  DispatchQueue,
  ErrorBody,
  FieldAssignment,
  FieldAssignmentQuery,
  IdempotencyHeaders,
  IdParam,
  IncidentTrail,
  NoteRequest,
  PanicRequest,
  RecommendationQuery,
  RecommendationView,
  ResolvePanicRequest,
  ResponseView,
  UnitIdParam,
  UnitView,
} from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { addNote, assignmentAction } from '../../services/dispatch/dispatch-actions.ts';
import { dispatchQueue, incidentTrail, recommendationFor } from '../../services/dispatch/dispatch-reads.ts';
import { destinationsFor, type DestinationSettings } from '../../services/destinations/destinations.ts';
import { assignUnits, readResponse } from '../../services/dispatch/dispatch.ts';
import { fieldAssignment, resolveUnitPanic, unitPanic } from '../../services/dispatch/field.ts';
import type { UnitSettings } from '../../services/dispatch/units.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** Dispatch (issue 5 §3-7): the queue, recommendations, assignments and their steps, notes, panic, the field view, trails. */
export function dispatchRoutes(app: FastifyInstance, services: Services, settings: DestinationSettings & UnitSettings): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const reader = (req: Parameters<typeof contextOf>[0]) => ({ principal: contextOf(req).principal, address: req.ip });

  r.get('/api/dispatch/queue', {
    config: { action: 'dispatch.queue' },
    schema: { tags: ['dispatch'], summary: 'Open incidents waiting for or holding units, most urgent first, with alerts', response: { 200: DispatchQueue, ...errors } },
  }, async (req) => dispatchQueue(services, reader(req), settings));

  r.get('/api/incidents/:id/recommendation', {
    config: { action: 'incident.recommendation' },
    schema: { tags: ['dispatch'], summary: 'Units ranked for the incident’s plan, with reasons, shortfalls and the §30 police fallback', params: IdParam, querystring: RecommendationQuery, response: { 200: RecommendationView, ...errors } },
  }, async (req) => recommendationFor(services, reader(req), req.params.id, req.query.limit, settings));

  r.get('/api/incidents/:id/response', {
    config: { action: 'incident.response' },
    schema: { tags: ['dispatch'], summary: 'Who responds: units and stages, the response clock and intervals, alerts, hazards', params: IdParam, response: { 200: ResponseView, ...errors } },
  }, async (req) => readResponse(services, reader(req), req.params.id, settings));

  r.post('/api/incidents/:id/assignments', {
    config: { action: 'incident.assign' },
    schema: { tags: ['dispatch'], summary: 'Send one or more units (a unit outside the plan needs a justification; police a CESSA §30 ground)', headers: IdempotencyHeaders, params: IdParam, body: AssignRequest, response: { 200: ResponseView, ...errors } },
  }, async (req, reply) => {
    const out = await assignUnits(services, contextOf(req), req.params.id, req.body, settings);
    return reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);
  });

  r.post('/api/incidents/:id/assignments/:unitId', {
    config: { action: 'incident.assignment' },
    schema: { tags: ['dispatch'], summary: 'One unit’s step: acknowledge, en route, on scene, transporting, at destination, clear, check in, panic, release, resolve panic', headers: IdempotencyHeaders, params: AssignmentParams, body: AssignmentActionRequest, response: { 200: ResponseView, ...errors } },
  }, async (req, reply) => {
    const out = await assignmentAction(services, contextOf(req), req.params.id, req.params.unitId, req.body, settings);
    return reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);
  });

  r.post('/api/incidents/:id/notes', {
    config: { action: 'incident.note' },
    schema: { tags: ['dispatch'], summary: 'Record a hazard (told to every responder) or a field note (clinical)', headers: IdempotencyHeaders, params: IdParam, body: NoteRequest, response: { 200: ResponseView, ...errors } },
  }, async (req, reply) => {
    const out = await addNote(services, contextOf(req), req.params.id, req.body, settings);
    return reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);
  });

  r.get('/api/incidents/:id/destinations', {
    config: { action: 'incident.destinations' },
    schema: { tags: ['dispatch'], summary: 'Where the person may go, least restrictive first, with travel time, capacity and reasons; each excluded with its reason', params: IdParam, querystring: DestinationsQuery, response: { 200: DestinationsView, ...errors } },
  }, async (req) => destinationsFor(services, reader(req), req.params.id, req.query, settings));

  r.get('/api/incidents/:id/trail', {
    config: { action: 'incident.trail' },
    schema: { tags: ['dispatch'], summary: 'Where each unit on the call went, from dispatch until it cleared', params: IdParam, response: { 200: IncidentTrail, ...errors } },
  }, async (req) => incidentTrail(services, reader(req), req.params.id));

  r.post('/api/units/:id/panic', {
    config: { action: 'unit.panic' },
    schema: { tags: ['units'], summary: 'The crew’s panic: alerts the dispatcher and the partner units at once', headers: IdempotencyHeaders, params: UnitIdParam, body: PanicRequest, response: { 200: UnitView, ...errors } },
  }, async (req, reply) => {
    const out = await unitPanic(services, contextOf(req), req.params.id, req.body, settings);
    return reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);
  });

  r.post('/api/units/:id/panic/resolve', {
    config: { action: 'unit.panic_resolve' },
    schema: { tags: ['units'], summary: 'Close a crew’s panic once it is safe, saying how (dispatchers)', headers: IdempotencyHeaders, params: UnitIdParam, body: ResolvePanicRequest, response: { 200: UnitView, ...errors } },
  }, async (req, reply) => {
    const out = await resolveUnitPanic(services, contextOf(req), req.params.id, req.body.reason, settings);
    return reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);
  });

  r.get('/api/field/assignment', {
    config: { action: 'field.assignment' },
    schema: { tags: ['dispatch'], summary: 'The signed-in crew’s unit, its call, partners and a directions link', querystring: FieldAssignmentQuery, response: { 200: FieldAssignment, ...errors } },
  }, async (req) => fieldAssignment(services, reader(req), req.query.unit, settings));
}
