import { useQuery } from '@tanstack/react-query';
import type { RegionGeography } from '@continuum/contracts';
import { useClient } from './client-context.tsx';

/** The query key of a region's geography. */
export const geographyKey = (regionId: string) => ['geo-region', regionId] as const;

/**
 * The signed-in user's region geography (county outlines, towns). Reference data: fetched once
 * per region and never refetched while the console stays open.
 */
export function useRegionGeography(regionId: string) {
  const client = useClient();
  return useQuery<RegionGeography>({
    queryKey: geographyKey(regionId),
    queryFn: ({ signal }) => client.geoRegion({ signal }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}
