import { ErrorBody, GeocodeQuery, GeocodeView, RegionGeography } from '@continuum/contracts';
import { auditOf } from '../services/context.ts';
import { authorise } from '../services/incident/incidents.ts';
import type { Geocoder } from '../routing/geocoder.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../http/request.ts';
import type { Services } from '../services/context.ts';
import { regionGeographyLoader } from '../services/geography.ts';

/** Reference geography for maps: county outlines, towns and agency positions; no incident data. */
export function geoRoutes(app: FastifyInstance, services: Services, geocoder: Geocoder | null = null): void {
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

  // Call-takers place an address; the address typed is location data, so the use is audited
  // (without the text) and only roles that take calls in may ask.
  r.get('/api/geo/geocode', {
    config: { action: 'geo.geocode' },
    schema: { tags: ['geo'], summary: "Where an address is, from the agency's geocoding server (configured: false when there is none)", querystring: GeocodeQuery, response: { 200: GeocodeView, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody } },
  }, async (req) => {
    const principal = principalOf(req);
    authorise(principal, 'incident.create');
    if (!geocoder) return { configured: false, results: [] };
    const region = await geographyOf(principal);
    const results = await geocoder.search(req.query.q, region.bbox ? { bbox: region.bbox } : null);
    await services.store.read.audit.write(auditOf({ principal, address: req.ip }, services.clock(), { action: 'geo.geocode', outcome: 'allowed', detail: { results: results.length } }));
    return { configured: true, results };
  });
}
