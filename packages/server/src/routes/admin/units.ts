import { CreateUnitRequest, RetireUnitRequest, ServiceAreaImportRequest, UnitAdminList, UnitAdminListQuery, UnitAdminView, UnitIdParam, UpdateUnitRequest } from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/request.ts';
import { createUnit, importServiceArea, listAdminUnits, retireUnit, updateUnit } from '../../services/admin/units.ts';
import type { Services } from '../../services/context.ts';
import { adminRefusals, sendAdmin } from './organisation.ts';

/**
 * Units as administrators create and change them (issue 16 §1). Crew, shifts, capabilities and
 * the bare service area stay on the catalogue's routes (routes/dispatch/unit-catalogue.ts).
 */
export function adminUnitRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/admin/units', {
    config: { action: 'unit.admin_list' },
    schema: { tags: ['admin'], summary: 'The units of an agency (default: every agency of the regions you read); retired=true adds retired ones', querystring: UnitAdminListQuery, response: { 200: UnitAdminList, ...adminRefusals } },
  }, async (req) => listAdminUnits(services, contextOf(req), req.query));

  r.post('/api/admin/units', {
    config: { action: 'unit.create' },
    schema: { tags: ['admin'], summary: 'Create a unit of your agency (or one a regional grant covers), off duty', body: CreateUnitRequest, response: { 201: UnitAdminView, ...adminRefusals } },
  }, async (req, reply) => sendAdmin(reply, await createUnit(services, contextOf(req), req.body)));

  r.patch('/api/admin/units/:id', {
    config: { action: 'unit.update' },
    schema: { tags: ['admin'], summary: "Change a unit's name, model, agency, composition, partners, base or capabilities", params: UnitIdParam, body: UpdateUnitRequest, response: { 200: UnitAdminView, ...adminRefusals } },
  }, async (req, reply) => sendAdmin(reply, await updateUnit(services, contextOf(req), req.params.id, req.body)));

  r.put('/api/admin/units/:id/service-area', {
    config: { action: 'unit.service_area_import' },
    schema: { tags: ['admin'], summary: 'Set the service area from a GeoJSON file: a Polygon or MultiPolygon, a Feature, or a FeatureCollection of one feature', params: UnitIdParam, body: ServiceAreaImportRequest, response: { 200: UnitAdminView, ...adminRefusals } },
  }, async (req, reply) => sendAdmin(reply, await importServiceArea(services, contextOf(req), req.params.id, req.body)));

  r.post('/api/admin/units/:id/retire', {
    config: { action: 'unit.retire' },
    schema: { tags: ['admin'], summary: 'Retire a unit for good: it leaves the board and the recommendation; refused while on a call', params: UnitIdParam, body: RetireUnitRequest, response: { 200: UnitAdminView, ...adminRefusals } },
  }, async (req, reply) => sendAdmin(reply, await retireUnit(services, contextOf(req), req.params.id, req.body)));
}
