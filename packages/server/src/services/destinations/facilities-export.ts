import type { Principal } from '@continuum/domain';
import type { Services } from '../context.ts';
import { toHsds } from './facilities-hsds.ts';

/** The reader's region's directory as HSDS 3.0 JSON, for 211 lines and state directories. */
export async function exportHsds(services: Services, principal: Principal) {
  const repos = services.store.read;
  const [facilities, agencies] = await Promise.all([repos.facilities.list({ regionId: principal.regionId }), repos.organisations.agencies(principal.regionId)]);
  return toHsds(facilities, new Map(agencies.map((a) => [a.id, a.name])));
}
