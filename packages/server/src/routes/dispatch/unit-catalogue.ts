import { CapabilitiesRequest, CrewRequest, ErrorBody, IdempotencyHeaders, ServiceAreaRequest, ShiftIdParam, ShiftRequest, UnitDetail, UnitIdParam } from '@continuum/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { getUnitDetail } from '../../services/dispatch/unit-catalogue.ts';
import { addShift, removeShift, setCapabilities, setCrew, setServiceArea } from '../../services/dispatch/unit-catalogue-writes.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

const send = (reply: FastifyReply, out: { status: number; body: UnitDetail; replayed: boolean }) =>
  reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);

/** The unit catalogue: one unit's crew, credentials, capabilities, service area and shifts. */
export function unitCatalogueRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const write = { headers: IdempotencyHeaders, response: { 200: UnitDetail, ...errors } };

  r.get('/api/units/:id', {
    config: { action: 'unit.detail' },
    schema: { tags: ['units'], summary: 'One unit: crew with credential warnings, capabilities, service area, shifts', params: UnitIdParam, response: { 200: UnitDetail, ...errors } },
  }, async (req) => getUnitDetail(services, { principal: contextOf(req).principal }, req.params.id));

  r.put('/api/units/:id/crew', {
    config: { action: 'unit.crew' },
    schema: { tags: ['units'], summary: 'Set the members on shift (dispatchers and supervisors of the owning or a partner agency)', params: UnitIdParam, body: CrewRequest, ...write },
  }, async (req, reply) => send(reply, await setCrew(services, contextOf(req), req.params.id, req.body)));

  r.put('/api/units/:id/capabilities', {
    config: { action: 'unit.capabilities' },
    schema: { tags: ['units'], summary: 'Set youth, languages, naloxone and transport (administrators and supervisors of the owning agency)', params: UnitIdParam, body: CapabilitiesRequest, ...write },
  }, async (req, reply) => send(reply, await setCapabilities(services, contextOf(req), req.params.id, req.body)));

  r.put('/api/units/:id/service-area', {
    config: { action: 'unit.service_area' },
    schema: { tags: ['units'], summary: 'Set the service area (GeoJSON Polygon or MultiPolygon; null: the county)', params: UnitIdParam, body: ServiceAreaRequest, ...write },
  }, async (req, reply) => send(reply, await setServiceArea(services, contextOf(req), req.params.id, req.body)));

  r.post('/api/units/:id/shifts', {
    config: { action: 'unit.shift_add' },
    schema: { tags: ['units'], summary: 'Schedule a shift: ends after it starts, overlaps no other', params: UnitIdParam, body: ShiftRequest, ...write },
  }, async (req, reply) => send(reply, await addShift(services, contextOf(req), req.params.id, req.body)));

  r.delete('/api/units/:id/shifts/:shiftId', {
    config: { action: 'unit.shift_remove' },
    schema: { tags: ['units'], summary: 'Remove a scheduled shift', params: ShiftIdParam, ...write },
  }, async (req, reply) => send(reply, await removeShift(services, contextOf(req), req.params.id, req.params.shiftId)));
}
