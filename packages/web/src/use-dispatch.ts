import { useCallback } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeedStatus, UnitList } from '@continuum/sdk';
import { useClient } from './client-context.tsx';
import { DISPATCH_QUEUE_KEY, RECOMMENDATION_KEY, UNITS_KEY } from './use-live-feed.ts';
import { useNow } from './use-now.ts';
import { withAges } from './unit-positions.ts';

// The feed says when to refetch; polling is only the fallback while it is down.
const fallbackPolling = (feedStatus: FeedStatus) => (feedStatus === 'live' ? false : 10_000);

/** How often positions' ages are counted again, so a unit turns stale once its phone stops sending. */
export const POSITION_AGE_TICK_MS = 2_000;

/** The board's live data: the queue (most urgent first) and every unit in reach. */
export function useDispatchData(feedStatus: FeedStatus) {
  const client = useClient();
  const queue = useQuery({
    queryKey: DISPATCH_QUEUE_KEY,
    queryFn: ({ signal }) => client.dispatchQueue({ signal }),
    refetchInterval: fallbackPolling(feedStatus),
  });
  const now = useNow(POSITION_AGE_TICK_MS);
  const aged = useCallback((list: UnitList) => withAges(list, now), [now]);
  const units = useQuery({
    queryKey: UNITS_KEY,
    queryFn: ({ signal }) => client.listUnits({ signal }),
    // Fixes are pushed over the feed and folded into this list (ADR 0038): polled only while it is down.
    refetchInterval: fallbackPolling(feedStatus),
    select: aged,
  });
  return { queue, units };
}

/** The ranked units for one incident awaiting dispatch; nothing is fetched while `incidentId` is null. */
export function useRecommendation(incidentId: string | null, feedStatus: FeedStatus) {
  const client = useClient();
  return useQuery({
    queryKey: [...RECOMMENDATION_KEY, incidentId],
    queryFn: ({ signal }) => client.recommendation(incidentId!, { signal }),
    enabled: incidentId !== null,
    refetchInterval: fallbackPolling(feedStatus),
  });
}

/** Refetches what a dispatch write changed, without waiting for the feed's message. */
export function useRefreshBoard(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([DISPATCH_QUEUE_KEY, UNITS_KEY, RECOMMENDATION_KEY].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };
}
