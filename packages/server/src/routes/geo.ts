import { ErrorBody, RegionGeography } from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../http/request.ts';
import type { Services } from '../services/context.ts';
import { regionGeographyLoader } from '../services/geography.ts';

/** Reference geography for maps: county outlines, towns and agency positions; no incident data. */
export function geoRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const geographyOf = regionGeographyLoader(services);

  // Any signed-in role: a map of the county holds no one's data, and every screen may draw it.
  r.get('/api/geo/region', {
    config: { action: 'geo.region' },
    schema: {
      tags: ['geo'],
      summary: "The signed-in user's region: county outlines (GeoJSON), bounding box, towns and located agencies",
      response: { 200: RegionGeography, 401: ErrorBody },
    },
  }, async (req) => geographyOf(principalOf(req)));
}
