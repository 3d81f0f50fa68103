import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { FeedStatus, FeedSubscription } from '@continuum/sdk';
import { FixOutbox, THINNING, type Fix } from './field-positions.ts';

/** Storage per signed-in person: the next person on a shared phone never sends the last one's fixes. */
const storageKeyOf = (userId: string) => `continuum.field-fixes.${userId}`;

export interface PositionReporting {
  /** Whether the device is being watched: on duty, with a unit, and location allowed. */
  sharing: boolean;
  /** Why not, when location was refused or is unavailable. */
  problem: string | null;
  /** Fixes kept on the device, waiting for the feed. */
  waiting: number;
  /** The device's latest reading while sharing: the field view's map shows it, fresher than the server's and offline too. */
  here: { lat: number; lon: number; heading: number | null } | null;
}

function readingOf(unitId: string, p: GeolocationPosition): Fix {
  const c = p.coords;
  return {
    unitId,
    lat: c.latitude,
    lon: c.longitude,
    at: new Date(p.timestamp).toISOString(),
    ...(Number.isFinite(c.accuracy) ? { accuracy: c.accuracy } : {}),
    ...(c.heading !== null && Number.isFinite(c.heading) ? { heading: c.heading } : {}),
    ...(c.speed !== null && Number.isFinite(c.speed) ? { speed: c.speed } : {}),
  };
}

/**
 * While the crew's unit is on duty, watches the device's location and sends its fixes over the
 * feed socket (ADR 0038): thinned, queued on the device, and flushed whenever the feed is live.
 * A heartbeat reading keeps a parked unit from reading as stale on the board.
 */
export function usePositionReporting(userId: string, unitId: string | undefined, onDuty: boolean, feed: FeedSubscription | null, feedStatus: FeedStatus): PositionReporting {
  const outbox = useMemo(() => new FixOutbox({ storage: window.localStorage, storageKey: storageKeyOf(userId) }), [userId]);
  const waiting = useSyncExternalStore(outbox.subscribe, outbox.snapshot, outbox.snapshot);
  const [problem, setProblem] = useState<string | null>(null);
  const [here, setHere] = useState<PositionReporting['here']>(null);
  const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;
  const active = Boolean(unitId && onDuty && geo);

  // Whatever waits goes as soon as the feed is (back) live, even after the unit went off duty.
  useEffect(() => {
    if (feed && feedStatus === 'live') void outbox.flush((items) => feed.sendPositions(items));
  }, [outbox, feed, feedStatus]);

  useEffect(() => {
    if (!active || !unitId || !geo) return;
    const onReading = (p: GeolocationPosition) => {
      setProblem(null);
      const heading = p.coords.heading !== null && Number.isFinite(p.coords.heading) ? p.coords.heading : null;
      setHere((old) => (old && old.lat === p.coords.latitude && old.lon === p.coords.longitude && old.heading === heading ? old : { lat: p.coords.latitude, lon: p.coords.longitude, heading }));
      if (outbox.add(readingOf(unitId, p)) && feed && feed.status === 'live') void outbox.flush((items) => feed.sendPositions(items));
    };
    const onError = (e: GeolocationPositionError) =>
      setProblem(e.code === e.PERMISSION_DENIED ? 'Location is blocked for this site: the board cannot see where you are.' : 'No location fix yet.');
    const watch = geo.watchPosition(onReading, onError, { enableHighAccuracy: true, maximumAge: THINNING.minIntervalMs });
    // A device standing still may report nothing: ask for a reading at the heartbeat.
    const heartbeat = setInterval(() => geo.getCurrentPosition(onReading, onError, { maximumAge: THINNING.heartbeatMs / 2, timeout: 10_000 }), THINNING.heartbeatMs);
    return () => {
      geo.clearWatch(watch);
      clearInterval(heartbeat);
    };
  }, [active, unitId, geo, outbox, feed]);

  return { sharing: active && problem === null, problem: active ? problem : null, waiting, here: active ? here : null };
}
