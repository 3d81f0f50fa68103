import {
  CreateIncidentRequest,
  ErrorBody,
  IdempotencyHeaders,
  IdParam,
  IncidentEventList,
  IncidentList,
  IncidentListQuery,
  IncidentTransitionRequest,
  IncidentView,
} from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { closeIncident } from '../../services/incident/close.ts';
import { isHandoffAction, transitionAsHandoff } from '../../services/handoff/handoffs.ts';
import { createIncident, incidentHistory, listIncidents, readIncident, transitionIncident } from '../../services/incident/incidents.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** Incidents: take a call in, read, list, and move along the state machine. */
export function incidentRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/incidents', {
    config: { action: 'incident.create' },
    schema: { tags: ['incidents'], summary: 'Take a crisis call in', headers: IdempotencyHeaders, body: CreateIncidentRequest, response: { 201: IncidentView, 200: IncidentView, ...errors } },
  }, async (req, reply) => {
    const out = await createIncident(services, contextOf(req), req.body);
    return reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);
  });

  r.get('/api/incidents', {
    config: { action: 'incident.list' },
    schema: { tags: ['incidents'], summary: 'Incidents within your reach, newest first: filtered by status, level, disposition, unit and time received, searched by number, phone, address or name', querystring: IncidentListQuery, response: { 200: IncidentList, ...errors } },
  }, async (req) => listIncidents(services, { principal: contextOf(req).principal, address: req.ip }, req.query));

  r.get('/api/incidents/:id', {
    config: { action: 'incident.read' },
    schema: { tags: ['incidents'], summary: 'One incident, redacted for your role', params: IdParam, response: { 200: IncidentView, ...errors } },
  }, async (req) => readIncident(services, { principal: contextOf(req).principal, address: req.ip }, req.params.id));

  r.get('/api/incidents/:id/events', {
    config: { action: 'incident.history' },
    schema: { tags: ['incidents'], summary: 'The event history of an incident', params: IdParam, response: { 200: IncidentEventList, ...errors } },
  }, async (req) => incidentHistory(services, { principal: contextOf(req).principal, address: req.ip }, req.params.id));

  r.post('/api/incidents/:id/transitions', {
    config: { action: 'incident.transition' },
    schema: { tags: ['incidents'], summary: 'Move an incident along (triage, dispatch, close, …); a transfer to 988, an escalation to 911 or a routing to CARES is offered as a hand-off to the region’s one agency of that kind (400 naming POST /api/handoffs when there are none or several)', headers: IdempotencyHeaders, params: IdParam, body: IncidentTransitionRequest, response: { 200: IncidentView, ...errors } },
  }, async (req, reply) => {
    // Closing also clears the units on the call, so it has a use case of its own.
    // A transfer, escalation or CARES routing is a hand-off its receiver sees (ADR 0028).
    const body = req.body;
    const out = body.action === 'close'
      ? await closeIncident(services, contextOf(req), req.params.id, body)
      : isHandoffAction(body.action)
        ? await transitionAsHandoff(services, contextOf(req), req.params.id, body as Parameters<typeof transitionAsHandoff>[3])
        : await transitionIncident(services, contextOf(req), req.params.id, body);
    return reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);
  });
}
