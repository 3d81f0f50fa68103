import { DomainError } from '@continuum/domain';
import type { AuditEntry, FeedEntry, Repositories } from '@continuum/storage';
import { auditOf, type RequestContext, type Services } from './context.ts';
import { enqueueEidoUpdates } from './eido/outbox.ts';

export interface WriteOutcome<T> {
  status: number;
  body: T;
  audit: Pick<AuditEntry, 'action'> & Partial<AuditEntry>;
  feed: Omit<FeedEntry, 'position'>[];
  /** What a replay answers, when the first answer holds a secret that must not be stored (a new API token). */
  replayBody?: T;
}

/**
 * The flow of every change: claim the idempotency key, decide and store, write the audit row,
 * publish to the feed, all in ONE transaction. A retried request with the same key replays the
 * stored answer instead of acting twice.
 */
export async function performWrite<T>(
  services: Services,
  ctx: RequestContext,
  action: string,
  work: (tx: Repositories, now: Date) => Promise<WriteOutcome<T>>,
): Promise<{ status: number; body: T; replayed: boolean }> {
  const now = services.clock();
  return services.store.transaction(async (tx) => {
    const key = ctx.idempotencyKey;
    if (key) {
      const claim = await tx.idempotency.claim(ctx.principal.userId, key, ctx.requestHash, now);
      if (claim.kind === 'mismatch') {
        throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was already used for a different request', { key });
      }
      if (claim.kind === 'replay') {
        await tx.audit.write(auditOf(ctx, now, { action, outcome: 'allowed', detail: { replayed: true, idempotencyKey: key } }));
        return { status: claim.statusCode, body: claim.response as T, replayed: true };
      }
    }
    const outcome = await work(tx, now);
    // The updates owed to CADs following these incidents, committed with the change (ADR 0029).
    await enqueueEidoUpdates(tx, outcome.feed, now);
    await tx.audit.write(auditOf(ctx, now, { outcome: 'allowed', ...outcome.audit }));
    if (key) await tx.idempotency.complete(ctx.principal.userId, key, outcome.status, outcome.replayBody ?? outcome.body);
    // Last, so the feed lock is held only for the commit.
    await tx.feed.publish(outcome.feed);
    return { status: outcome.status, body: outcome.body, replayed: false };
  });
}
