import { createContext, useContext } from 'react';
import type { FeedStatus, FeedSubscription } from '@continuum/sdk';

/** The console's one feed socket and its state: the field view sends its fixes on it (ADR 0038). */
export interface LiveFeed {
  status: FeedStatus;
  feed: FeedSubscription | null;
}

export const FeedContext = createContext<LiveFeed>({ status: 'connecting', feed: null });

export const useFeed = (): LiveFeed => useContext(FeedContext);
