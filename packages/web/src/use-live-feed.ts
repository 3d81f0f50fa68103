import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { subscribeFeed, type FeedStatus } from '@continuum/sdk';
import { SESSION_KEY } from './query-client.ts';

export const INCIDENTS_KEY = ['incidents'] as const;

// A burst of commits (a bulk import, a simulator) becomes one refetch, not one per message.
const COALESCE_MS = 100;

/**
 * Keeps the console's cached data fresh from the live feed for as long as the caller is
 * mounted, and reports the connection state for the indicator.
 */
export function useLiveFeed(): FeedStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<FeedStatus>('connecting');

  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | null = null;
    let everything = false;
    const flush = () => {
      pending = null;
      // The default cancelRefetch restarts a fetch already in flight: it may have read
      // before the commit this message announces.
      void queryClient.invalidateQueries(everything ? undefined : { queryKey: INCIDENTS_KEY });
      everything = false;
    };
    const schedule = (all: boolean) => {
      everything ||= all;
      pending ??= setTimeout(flush, COALESCE_MS);
    };

    const feed = subscribeFeed({
      onMessage: (message) => {
        if (message.type === 'reset') schedule(true);
        // On (re)connect, refetch once: the list may have been read before the feed's position.
        else if (message.type === 'ready' || message.entity === 'incident') schedule(false);
      },
      onStatus: (next) => {
        setStatus(next);
        // Refused by the server: most likely the session ended; re-ask so sign-in shows.
        if (next === 'denied') void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      },
    });
    return () => {
      if (pending) clearTimeout(pending);
      feed.close();
    };
  }, [queryClient]);

  return status;
}
