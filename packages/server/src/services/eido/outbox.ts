import { isRole, type Principal } from '@continuum/domain';
import type { FeedEntry, Repositories } from '@continuum/storage';
import { presentEido, type CadIdentifiers } from '../../presenters/eido.ts';
import type { Services } from '../context.ts';
import { accessFor, reachOver } from '../reach.ts';

/**
 * Writes the EIDO updates a change owes the CADs that follow its incidents, in the change's own
 * transaction (performWrite calls it): committed with the change or not at all (ADR 0029). Each
 * update is the incident as the subscription's token may see it now, kept as sent, one row per
 * subscription and incident version (a replayed write adds none).
 */
export async function enqueueEidoUpdates(tx: Repositories, feed: readonly Omit<FeedEntry, 'position'>[], now: Date): Promise<void> {
  const incidentIds = [...new Set(feed.filter((f) => f.entityType === 'incident').map((f) => f.entityId))];
  if (incidentIds.length === 0) return;
  const subscribers = await tx.eido.subscribersOf(incidentIds, now);
  if (subscribers.length === 0) return;
  const rows = [];
  for (const s of subscribers) {
    if (!isRole(s.role)) continue;
    const state = await tx.incidents.get(s.incidentId);
    if (!state) continue;
    const principal: Principal = { userId: s.userId, username: s.username, displayName: s.displayName, role: s.role, agencyId: s.agencyId, regionId: s.regionId, via: 'token', scopes: ['eido.write'] };
    const reach = reachOver(principal, state, await accessFor(tx, principal, [state.id], now), now);
    if (!reach) continue;
    const document = presentEido(state, principal, reach.classes, { eidoId: s.eidoId, identifiers: s.identifiers as unknown as CadIdentifiers });
    rows.push({ subscriptionId: s.subscriptionId, incidentId: state.id, incidentVersion: state.version, eidoId: s.eidoId, document, at: now });
  }
  await tx.eido.enqueue(rows);
}

export interface EidoDeliverySettings {
  /** How often an idle worker looks for due deliveries. */
  pollMs: number;
  /** The first retry's wait; each further one doubles it, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Attempts before a delivery is given up (shown as failed on the CAD links page). */
  maxAttempts: number;
  /** How long one POST to a CAD may take. */
  timeoutMs: number;
}

/** The wait before attempt `attempts + 1` after `attempts` failures: base · 2^(attempts−1), capped. */
export const retryDelayMs = (attempts: number, s: Pick<EidoDeliverySettings, 'retryBaseMs' | 'retryMaxMs'>): number =>
  Math.min(s.retryMaxMs, s.retryBaseMs * 2 ** Math.max(0, attempts - 1));

/**
 * One delivery worker per server process: claims due rows (FOR UPDATE SKIP LOCKED, then a lease,
 * so two processes never send one row at once), POSTs each to its CAD with the EIDO id and version
 * in `EIDO-Id`, `EIDO-Version` and `Idempotency-Key` (a CAD drops a repeat after a crash between
 * sending and marking), marks it delivered on 2xx, else retries with exponential backoff. Rows
 * live in the database, so a restart resumes where the last process stopped.
 */
export function startEidoDelivery(services: Services, settings: EidoDeliverySettings): { stop(): Promise<void>; nudge(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const leaseMs = settings.timeoutMs * 3;

  const sendOne = async (d: Awaited<ReturnType<Repositories['eido']['claimDue']>>[number]) => {
    let status: number | null = null;
    let error: string;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'eido-id': d.eidoId, 'eido-version': String(d.incidentVersion), 'idempotency-key': `eido:${d.incidentId}:${d.incidentVersion}` },
        body: JSON.stringify(d.document),
        signal: AbortSignal.timeout(settings.timeoutMs),
        redirect: 'manual',
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        await services.store.read.eido.markDelivered(d.id, services.clock(), res.status);
        return;
      }
      error = `the CAD answered ${res.status}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const attempts = d.attempts + 1;
    const now = services.clock();
    await services.store.read.eido.markFailed(d.id, now, { status, error, retryAt: new Date(now.getTime() + retryDelayMs(attempts, settings)), giveUp: attempts >= settings.maxAttempts });
  };

  const round = async (): Promise<void> => {
    for (;;) {
      if (stopped) return;
      const due = await services.store.read.eido.claimDue(services.clock(), 20, leaseMs);
      if (due.length === 0) return;
      // In order within an incident (claimDue gives one per incident); incidents in parallel.
      await Promise.all(due.map(sendOne));
    }
  };

  const tick = () => {
    timer = null;
    if (stopped) return;
    running = round()
      .catch((e: unknown) => services.logger.warn({ err: e }, 'EIDO delivery round failed; retrying'))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, settings.pollMs);
      });
  };
  timer = setTimeout(tick, 0);

  return {
    nudge: () => {
      if (!stopped && !running && timer) {
        clearTimeout(timer);
        timer = setTimeout(tick, 0);
      }
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
