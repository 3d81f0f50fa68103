import type { RegionGeography } from '@continuum/contracts';
import type { Principal } from '@continuum/domain';
import type { RegionRecord } from '@continuum/storage';
import { buildRegionGeography } from '../geo/region-geography.ts';
import type { Services } from './context.ts';

/** The region and every region below it: a state user's map covers the state's EMS regions. */
export function regionsUnder(regionId: string, regions: readonly RegionRecord[]): Set<string> {
  const under = new Set([regionId]);
  // Parents come before children in no guaranteed order, so sweep until nothing is added.
  for (let added = true; added; ) {
    added = false;
    for (const r of regions) {
      if (r.parentId && under.has(r.parentId) && !under.has(r.id)) {
        under.add(r.id);
        added = true;
      }
    }
  }
  return under;
}

/**
 * The signed-in user's region geography, built once per region and kept: outlines and towns
 * come from packaged reference data and agencies rarely move, so no invalidation is needed
 * (a restart picks up a moved agency). The promise is cached so that concurrent first
 * requests build it once; a failed build is forgotten so the next request tries again.
 */
export function regionGeographyLoader(services: Services): (principal: Principal) => Promise<RegionGeography> {
  const cache = new Map<string, Promise<RegionGeography>>();
  const build = async (regionId: string): Promise<RegionGeography> => {
    const organisations = services.store.read.organisations;
    const under = regionsUnder(regionId, await organisations.regions());
    const agencies = (await organisations.agencies()).filter((a) => under.has(a.regionId));
    return buildRegionGeography(regionId, agencies, (fips, error) =>
      services.logger.warn({ fips, regionId, err: { message: error.message } }, 'county left off the region map'),
    );
  };
  return (principal) => {
    let geography = cache.get(principal.regionId);
    if (!geography) {
      geography = build(principal.regionId);
      cache.set(principal.regionId, geography);
      geography.catch(() => cache.delete(principal.regionId));
    }
    return geography;
  };
}
