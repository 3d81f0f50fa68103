import type { Principal } from '@continuum/domain';
import type { AuditEntry, Store } from '@continuum/storage';
import type { Logger } from 'pino';
import type { PositionPublisher } from '../realtime/positions-relay.ts';

/** What every use case is handed: the store, a clock and id source (replaceable in tests). */
export interface Services {
  store: Store;
  clock: () => Date;
  newId: () => string;
  logger: Logger;
  /** Where stored fixes are pushed to the boards (the feed hub; ADR 0038); absent, nobody is told. */
  positions?: PositionPublisher;
}

/** Who asks, from where, and with which idempotency key. */
export interface RequestContext {
  principal: Principal;
  address: string | null;
  idempotencyKey: string | null;
  /** Hash of method, path and body: a reused key with a different request is refused. */
  requestHash: string;
}

/** An audit row for a principal's action; the caller fills in the rest. */
export function auditOf(
  ctx: Pick<RequestContext, 'principal' | 'address'>,
  at: Date,
  entry: Pick<AuditEntry, 'action' | 'outcome'> & Partial<AuditEntry>,
): AuditEntry {
  return {
    at,
    actorId: ctx.principal.userId,
    role: ctx.principal.role,
    agencyId: ctx.principal.agencyId,
    resourceType: null,
    resourceId: null,
    fieldClasses: [],
    purpose: null,
    address: ctx.address,
    detail: {},
    ...entry,
  };
}
