import type { ContinuumClient } from '@continuum/sdk';
import type { QueuedAction } from './field-queue.ts';

/** Sends one queued tap through the SDK with the key made when it was tapped. */
export function sendQueued(client: ContinuumClient, entry: QueuedAction): Promise<unknown> {
  const opts = { idempotencyKey: entry.key };
  switch (entry.kind) {
    case 'assignment':
      return client.assignmentAction(entry.incidentId, entry.unitId, entry.body, opts);
    case 'panic':
      return client.panic(entry.unitId, entry.body, opts);
    case 'unit_status':
      return client.changeUnitStatus(entry.unitId, entry.body, opts);
    case 'note':
      return client.addNote(entry.incidentId, entry.body, opts);
    case 'close':
      return client.transitionIncident(entry.incidentId, entry.body, opts);
  }
}

/** Where the device is, if it says within `waitMs`: a panic never waits on a slow or refused fix. */
export function currentFix(waitMs = 1_500): Promise<{ lat: number; lon: number; at: string } | undefined> {
  const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;
  if (!geo) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    // The timeout option does not run while a permission prompt is open; this timer does.
    const timer = setTimeout(() => resolve(undefined), waitMs);
    geo.getCurrentPosition(
      (p) => {
        clearTimeout(timer);
        resolve({ lat: p.coords.latitude, lon: p.coords.longitude, at: new Date(p.timestamp).toISOString() });
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
      { enableHighAccuracy: false, maximumAge: 60_000, timeout: waitMs },
    );
  });
}
