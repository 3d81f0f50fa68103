import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { subscribeFeed, type FeedStatus, type FeedSubscription, type UnitList } from '@continuum/sdk';
import type { LiveFeed } from './feed-context.tsx';
import { FOLLOWUP_KEY } from './components/followup/followup-queries.ts';
import { SESSION_KEY } from './query-client.ts';
import { applyFixes } from './unit-positions.ts';

/** Cache keys of lists the feed keeps fresh. */
export const INCIDENTS_KEY = ['incidents'] as const;
export const PRIVACY_ALERTS_KEY = ['privacy-alerts'] as const;
export const AGREEMENTS_KEY = ['agreements'] as const;
/** The dispatch board's queue, unit list and the selected incident's recommendation. */
export const DISPATCH_QUEUE_KEY = ['dispatch-queue'] as const;
export const UNITS_KEY = ['units'] as const;
export const RECOMMENDATION_KEY = ['recommendation'] as const;
/** The field view's assignment: it changes with the crew's unit and with the call it holds. */
export const FIELD_ASSIGNMENT_KEY = ['field-assignment'] as const;
export const FACILITIES_KEY = ['facilities'] as const;
export const PEOPLE_KEY = ['people'] as const;
/** Hand-offs (the inbox, a call's status); use-handoffs.ts keys its queries under it. */
export const HANDOFFS_KEY = ['handoffs'] as const;
/** A text or chat contact's transcript (use-transcript.ts). */
export const TRANSCRIPT_KEY = ['transcript'] as const;
/** The supervisor's live dashboard (issue 14 §3): any call, unit or hand-off change refetches it. */
export const DASHBOARD_KEY = ['report-dashboard'] as const;

/** Which cached queries each kind of feed message makes stale. */
const KEYS_OF_ENTITY: Record<string, readonly (readonly string[])[]> = {
  // An incident's change moves it in the queue; a unit's changes who is free, so both re-rank.
  // The field view cannot filter by the id it holds: a new call for the crew arrives as an
  // incident it does not know yet.
  incident: [INCIDENTS_KEY, DISPATCH_QUEUE_KEY, RECOMMENDATION_KEY, FIELD_ASSIGNMENT_KEY, DASHBOARD_KEY],
  // The incident's Part 2 record (ADR 0016), heard only by readers who may read it: the views
  // that show it refetch.
  incident_part2: [INCIDENTS_KEY, DISPATCH_QUEUE_KEY, FIELD_ASSIGNMENT_KEY],
  unit: [UNITS_KEY, DISPATCH_QUEUE_KEY, RECOMMENDATION_KEY, FIELD_ASSIGNMENT_KEY, DASHBOARD_KEY],
  privacy_alert: [PRIVACY_ALERTS_KEY],
  // A figure, an arrival or a directory change: the directory and the capacity page refetch.
  facility: [FACILITIES_KEY],
  person: [PEOPLE_KEY],
  // An agreement that starts or ends changes which incidents a reader may list.
  sharing_agreement: [AGREEMENTS_KEY, INCIDENTS_KEY],
  followup_episode: [FOLLOWUP_KEY],
  // A hand-off offered, taken, declined or rolled over: the inbox, the header's count and the
  // sender's status line refetch, and the call itself (its reader may have changed).
  handoff: [HANDOFFS_KEY, INCIDENTS_KEY, DASHBOARD_KEY],
  // A message of a text or chat contact: heard only by readers of its clinical class (the hub
  // filters), so the open transcript refetches without a poll.
  contact_message: [TRANSCRIPT_KEY],
};

// A burst of commits (a bulk import, a simulator) becomes one refetch, not one per message.
const COALESCE_MS = 100;

/**
 * Keeps the console's cached data fresh from the live feed for as long as the caller is
 * mounted, folds pushed fixes into the unit list (ADR 0038), and reports the connection state
 * for the indicator; the subscription itself is handed out for the field view to send fixes on.
 */
export function useLiveFeed(): LiveFeed {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<FeedStatus>('connecting');
  const [subscription, setSubscription] = useState<FeedSubscription | null>(null);

  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | null = null;
    let everything = false;
    const stale = new Set<readonly string[]>();
    const flush = () => {
      pending = null;
      // The default cancelRefetch restarts a fetch already in flight: it may have read
      // before the commit this message announces.
      if (everything) void queryClient.invalidateQueries();
      else for (const queryKey of stale) void queryClient.invalidateQueries({ queryKey });
      everything = false;
      stale.clear();
    };
    const schedule = (keys: readonly (readonly string[])[] | 'all') => {
      if (keys !== 'all' && keys.length === 0) return;
      if (keys === 'all') everything = true;
      else for (const k of keys) stale.add(k);
      pending ??= setTimeout(flush, COALESCE_MS);
    };

    const feed = subscribeFeed({
      onMessage: (message) => {
        if (message.type === 'reset') schedule('all');
        // On (re)connect, refetch once: lists may have been read before the feed's position.
        else if (message.type === 'ready') schedule(Object.values(KEYS_OF_ENTITY).flat());
        else schedule(KEYS_OF_ENTITY[message.entity] ?? []);
      },
      // Positions arrive as data, not as an invalidation: the board shows them without a refetch.
      onPositions: (fixes) => queryClient.setQueryData<UnitList>(UNITS_KEY, (list) => (list ? applyFixes(list, fixes, new Date()) : list)),
      onStatus: (next) => {
        setStatus(next);
        // Refused by the server: most likely the session ended; re-ask so sign-in shows.
        if (next === 'denied') void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      },
    });
    setSubscription(feed);
    return () => {
      if (pending) clearTimeout(pending);
      feed.close();
      setSubscription(null);
    };
  }, [queryClient]);

  return { status, feed: subscription };
}
