import type { Principal } from '@continuum/domain';
import type { ReportDistricts } from '@continuum/contracts';
import type { Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';

/**
 * The region's districts for the Reports area's map (issue 14 §3): every report reader may read
 * them (boundaries and names are public geography, the admin area's list needs an administrator).
 */
export async function reportDistricts(services: Services, principal: Principal): Promise<ReportDistricts> {
  authorise(principal, 'report.read');
  const districts = await services.store.read.districts.list([principal.regionId]);
  return {
    type: 'FeatureCollection',
    features: districts.map((d) => ({ type: 'Feature', geometry: d.geometry, properties: { id: d.id, name: d.name, kind: d.kind, setting: d.setting } })),
  };
}
