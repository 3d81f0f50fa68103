import {
  ArrivalIdParam,
  ArrivalRequest,
  CapacityRequest,
  ErrorBody,
  FacilityIdParam,
  FacilityList,
  FacilityListQuery,
  FacilityView,
  HsdsDocument,
  HsdsImportQuery,
  HsdsImportResult,
  IdempotencyHeaders,
} from '@continuum/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, principalOf } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { exportHsds } from '../../services/destinations/facilities-export.ts';
import { importHsds } from '../../services/destinations/facilities-hsds-import.ts';
import { getFacility, listFacilities, type FacilitySettings } from '../../services/destinations/facilities.ts';
import { announceArrival, reportCapacity, settleArrival } from '../../services/destinations/facilities-writes.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

const send = <T>(reply: FastifyReply, out: { status: number; body: T; replayed: boolean }) =>
  reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);

/** Somewhere to go: the facility directory, live capacity, announced arrivals, HSDS in and out. */
export function facilityRoutes(app: FastifyInstance, services: Services, settings: FacilitySettings): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const write = { headers: IdempotencyHeaders, response: { 200: FacilityView, 201: FacilityView, ...errors } };

  r.get('/api/facilities', {
    config: { action: 'facility.list' },
    schema: { tags: ['facilities'], summary: 'The region’s facilities with live figures: available, pending arrivals, availableNow, age, stale', querystring: FacilityListQuery, response: { 200: FacilityList, ...errors } },
  }, async (req) => listFacilities(services, principalOf(req), req.query.kind, settings));

  // Registered before /:id so that the static path wins.
  r.get('/api/facilities/export.hsds', {
    config: { action: 'facility.export' },
    schema: { tags: ['facilities'], summary: 'The region’s facilities as Open Referral HSDS 3.0 JSON', response: { 200: z.record(z.string(), z.unknown()), ...errors } },
  }, async (req, reply) => reply.type('application/json').send(await exportHsds(services, principalOf(req))));

  r.post('/api/facilities/import.hsds', {
    config: { action: 'facility.import' },
    schema: { tags: ['facilities'], summary: 'Upsert facilities from HSDS 3.0 JSON (administrators); ?dryRun=true reports what would change', headers: IdempotencyHeaders, querystring: HsdsImportQuery, body: HsdsDocument, response: { 200: HsdsImportResult, ...errors } },
  }, async (req, reply) => send(reply, await importHsds(services, contextOf(req), req.body, req.query.dryRun)));

  r.get('/api/facilities/:id', {
    config: { action: 'facility.detail' },
    schema: { tags: ['facilities'], summary: 'One facility with its live figure and pending arrivals', params: FacilityIdParam, response: { 200: FacilityView, ...errors } },
  }, async (req) => getFacility(services, principalOf(req), req.params.id, settings));

  r.put('/api/facilities/:id/capacity', {
    config: { action: 'facility.capacity' },
    schema: { tags: ['facilities'], summary: 'Report free beds or chairs now (the facility’s own staff)', params: FacilityIdParam, body: CapacityRequest, ...write },
  }, async (req, reply) => send(reply, await reportCapacity(services, contextOf(req), req.params.id, req.body, settings)));

  r.post('/api/facilities/:id/arrivals', {
    config: { action: 'facility.arrival_announce' },
    schema: { tags: ['facilities'], summary: 'Announce an arrival (a responding crew or a dispatcher): counts against the figure until confirmed', params: FacilityIdParam, body: ArrivalRequest, ...write },
  }, async (req, reply) => send(reply, await announceArrival(services, contextOf(req), req.params.id, req.body, settings)));

  for (const [path, outcome] of [['confirm', 'confirmed'], ['cancel', 'cancelled']] as const) {
    r.post(`/api/facilities/:id/arrivals/:arrivalId/${path}`, {
      config: { action: outcome === 'confirmed' ? 'facility.arrival_confirm' : 'facility.arrival_cancel' },
      schema: { tags: ['facilities'], summary: `${outcome === 'confirmed' ? 'Confirm' : 'Cancel'} an announced arrival (the facility’s own staff)`, params: ArrivalIdParam, body: z.object({}).strict().optional(), ...write },
    }, async (req, reply) => send(reply, await settleArrival(services, contextOf(req), req.params.id, req.params.arrivalId, outcome, settings)));
  }
}
