import { DISTRICT_LIMITS, DistrictIdParam, DistrictImportRequest, DistrictImportResult, DistrictList, DistrictListQuery, DistrictRemoved } from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/request.ts';
import { importDistricts, listDistricts, removeDistrict } from '../../services/admin/districts.ts';
import type { Services } from '../../services/context.ts';
import { adminRefusals, sendAdmin } from './organisation.ts';

/** Police districts, municipalities and beats (issue 14 §1): imported from GeoJSON by a region's administrators. */
export function districtRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/admin/districts', {
    config: { action: 'district.list' },
    schema: { tags: ['admin'], summary: 'The police districts, municipalities and beats of a region (default: every region you read)', querystring: DistrictListQuery, response: { 200: DistrictList, ...adminRefusals } },
  }, async (req) => listDistricts(services, contextOf(req), req.query));

  r.post('/api/admin/districts/import', {
    config: { action: 'district.import' },
    // A county's districts drawn at street level are larger than any other request body.
    bodyLimit: DISTRICT_LIMITS.bodyBytes,
    schema: {
      tags: ['admin'],
      summary: 'Import districts from a GeoJSON FeatureCollection (dryRun: say what would change); every problem names the feature index and the rule',
      body: DistrictImportRequest,
      response: { 200: DistrictImportResult, ...adminRefusals },
    },
  }, async (req, reply) => sendAdmin(reply, await importDistricts(services, contextOf(req), req.body)));

  r.delete('/api/admin/districts/:districtId', {
    config: { action: 'district.remove' },
    schema: { tags: ['admin'], summary: 'Remove a district; its incidents are placed again', params: DistrictIdParam, response: { 200: DistrictRemoved, ...adminRefusals } },
  }, async (req, reply) => sendAdmin(reply, await removeDistrict(services, contextOf(req), req.params.districtId)));
}
