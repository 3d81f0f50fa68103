import { dueTimerAction, decideHandoff, rolloverOffer, type Handoff, type HandoffTimerSettings } from '@continuum/domain';
import type { FeedEntry } from '@continuum/storage';
import type { Services } from '../context.ts';
import { feedOfHandoff } from './handoffs.ts';

const SYSTEM = 'system';
const SWEEP_BATCH = 100;

/**
 * Runs the hand-off clocks at `now`: a 988 contact left waiting expires and rolls to the
 * receiving centre's backup; an escalation left waiting alerts the supervisor. Each hand-off is
 * settled in a transaction of its own, under its row lock and re-checked there, so two server
 * processes sweeping at once act once. Returns what it did, for logs and tests.
 */
export async function sweepHandoffs(services: Services, settings: HandoffTimerSettings, now = services.clock()): Promise<{ expired: string[]; rolledOver: string[]; alerted: string[] }> {
  const done = { expired: [] as string[], rolledOver: [] as string[], alerted: [] as string[] };
  const earliest = Math.min(settings.rolloverSeconds, settings.escalationAlertSeconds);
  const candidates = await services.store.read.handoffs.openOfferedBefore(new Date(now.getTime() - earliest * 1000), SWEEP_BATCH);
  for (const candidate of candidates) {
    if (!dueTimerAction(candidate, now, settings)) continue;
    await services.store.transaction(async (tx) => {
      const h = await tx.handoffs.get(candidate.id, { lock: true });
      const due = h && dueTimerAction(h, now, settings);
      if (!h || !due) return;
      const feed: Omit<FeedEntry, 'position'>[] = [];
      const audit = (action: string, resourceId: string, detail: Record<string, unknown>) =>
        tx.audit.write({ at: now, actorId: null, role: null, agencyId: h.toAgencyId, action, outcome: 'allowed', resourceType: 'handoff', resourceId, fieldClasses: ['operational'], purpose: null, address: null, detail: { by: 'system', ...detail } });
      if (due === 'alert_supervisor') {
        const alerted = await tx.handoffs.append(h.id, h, [decideHandoff(h, { action: 'alert_supervisor' })], { actorId: SYSTEM, occurredAt: now });
        await audit('handoff.supervisor_alert', h.id, { incidentId: h.incidentId, waitedSeconds: Math.round((now.getTime() - h.offeredAt.getTime()) / 1000) });
        feed.push(...feedOfHandoff(alerted));
        done.alerted.push(h.id);
      } else {
        let expired: Handoff = await tx.handoffs.append(h.id, h, [decideHandoff(h, { action: 'expire' })], { actorId: SYSTEM, occurredAt: now });
        await audit('handoff.expire', h.id, { incidentId: h.incidentId });
        done.expired.push(h.id);
        const backupId = await tx.handoffs.backupOf(h.toAgencyId);
        const backup = backupId ? await tx.organisations.agency(backupId) : null;
        // One rollover per contact: a backup's own timeout is the supervisor's to handle, not a loop.
        if (backup && !h.rolledFromId && backup.id !== h.fromAgencyId) {
          const nextId = services.newId();
          const next = await tx.handoffs.append(nextId, null, [rolloverOffer(expired, backup)], { actorId: SYSTEM, occurredAt: now });
          expired = await tx.handoffs.append(h.id, expired, [decideHandoff(expired, { action: 'roll_over', toHandoffId: nextId, toAgencyId: backup.id })], { actorId: SYSTEM, occurredAt: now });
          await audit('handoff.roll_over', h.id, { incidentId: h.incidentId, toHandoffId: nextId, toAgencyId: backup.id });
          feed.push(...feedOfHandoff(next));
          done.rolledOver.push(h.id);
        }
        feed.push(...feedOfHandoff(expired));
      }
      await tx.feed.publish(feed);
    });
  }
  return done;
}

/** Each server process sweeps every few seconds; the row locks keep several processes from acting twice. */
export function startHandoffTimer(services: Services, settings: HandoffTimerSettings, everyMs = 5_000): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepHandoffs(services, settings)
      .then((r) => {
        if (r.expired.length + r.alerted.length > 0) services.logger.info(r, 'hand-off timers acted');
      })
      .catch((err) => services.logger.warn({ err: { message: (err as Error).message } }, 'hand-off sweep failed; will retry'))
      .finally(() => (running = null));
  }, everyMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
