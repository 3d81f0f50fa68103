import {
  AgencyAdminList,
  AgencyAdminView,
  AgencyIdParam,
  AgencyListQuery,
  CreateAgencyRequest,
  ErrorBody,
  RegionAdminList,
  RegionAdminView,
  RegionIdParam,
  UpdateAgencyRequest,
  UpdateRegionRequest,
} from '@continuum/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/request.ts';
import { createAgency, listAgencies, updateAgency } from '../../services/admin/agencies.ts';
import { getRegion, listRegions, updateRegion } from '../../services/admin/regions.ts';
import type { Services } from '../../services/context.ts';

export const adminRefusals = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

export const sendAdmin = <T>(reply: FastifyReply, out: { status: number; body: T; replayed: boolean }) =>
  reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);

/**
 * The region's organisation (issue 16 §1; ADR 0025): regions and agencies. Administrators read
 * their region and change their own agency; a regional administration grant covers the region.
 */
export function organisationRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/admin/regions', {
    config: { action: 'region.list' },
    schema: { tags: ['admin'], summary: 'The regions you administer or read: your own, and any a regional grant covers', response: { 200: RegionAdminList, ...adminRefusals } },
  }, async (req) => listRegions(services, contextOf(req)));

  r.get('/api/admin/regions/:regionId', {
    config: { action: 'region.read' },
    schema: { tags: ['admin'], summary: 'A region: name, time zone, maximum response times, follow-up provider, backup 988 centre', params: RegionIdParam, response: { 200: RegionAdminView, ...adminRefusals } },
  }, async (req) => getRegion(services, contextOf(req), req.params.regionId));

  r.patch('/api/admin/regions/:regionId', {
    config: { action: 'region.update' },
    schema: { tags: ['admin'], summary: "Change a region's settings (needs a regional administration grant for it)", params: RegionIdParam, body: UpdateRegionRequest, response: { 200: RegionAdminView, ...adminRefusals } },
  }, async (req, reply) => sendAdmin(reply, await updateRegion(services, contextOf(req), req.params.regionId, req.body)));

  r.get('/api/admin/agencies', {
    config: { action: 'agency.list' },
    schema: { tags: ['admin'], summary: 'The agencies of a region (default: every region you read)', querystring: AgencyListQuery, response: { 200: AgencyAdminList, ...adminRefusals } },
  }, async (req) => listAgencies(services, contextOf(req), req.query));

  r.post('/api/admin/agencies', {
    config: { action: 'agency.create' },
    schema: { tags: ['admin'], summary: 'Create an agency in a region (needs a regional administration grant for it)', body: CreateAgencyRequest, response: { 201: AgencyAdminView, ...adminRefusals } },
  }, async (req, reply) => sendAdmin(reply, await createAgency(services, contextOf(req), req.body)));

  r.patch('/api/admin/agencies/:agencyId', {
    config: { action: 'agency.update' },
    schema: { tags: ['admin'], summary: "Change an agency's kind, name, region, county, location or contact (your own agency, or one a grant covers)", params: AgencyIdParam, body: UpdateAgencyRequest, response: { 200: AgencyAdminView, ...adminRefusals } },
  }, async (req, reply) => sendAdmin(reply, await updateAgency(services, contextOf(req), req.params.agencyId, req.body)));
}
