import { sql, type Kysely } from 'kysely';
import type { Tables } from '../schema.ts';

/** An incident a CAD sent, with the CAD's identifiers (migration 0025). */
export interface EidoLink {
  incidentId: string;
  eidoId: string;
  cadAgencyId: string;
  version: Date;
  identifiers: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface EidoSubscription {
  id: string;
  tokenId: string;
  agencyId: string;
  url: string;
  createdAt: Date;
  endedAt: Date | null;
}

/** Who an update is for: a subscription and the account its token acts as. */
export interface EidoSubscriber {
  subscriptionId: string;
  incidentId: string;
  eidoId: string;
  userId: string;
  username: string;
  displayName: string;
  role: string;
  agencyId: string;
  regionId: string;
  identifiers: Record<string, unknown>;
}

export interface EidoDelivery {
  id: string;
  subscriptionId: string;
  incidentId: string;
  incidentVersion: number;
  eidoId: string;
  url: string;
  document: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
  deliveredAt: Date | null;
  gaveUpAt: Date | null;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
}

const toLink = (r: { incident_id: string; eido_id: string; cad_agency_id: string; version: Date; identifiers: Record<string, unknown>; created_at: Date; updated_at: Date }): EidoLink => ({
  incidentId: r.incident_id,
  eidoId: r.eido_id,
  cadAgencyId: r.cad_agency_id,
  version: new Date(r.version),
  identifiers: r.identifiers,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

const toSubscription = (r: { id: string; token_id: string; agency_id: string; url: string; created_at: Date; ended_at: Date | null }): EidoSubscription => ({
  id: r.id,
  tokenId: r.token_id,
  agencyId: r.agency_id,
  url: r.url,
  createdAt: new Date(r.created_at),
  endedAt: r.ended_at ? new Date(r.ended_at) : null,
});

/** EIDO links, CAD subscriptions and the delivery outbox (ADR 0029). */
export class EidoRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** The link of a document id; `lock` holds it so two deliveries of one EIDO queue up. */
  async linkByEidoId(eidoId: string, opts: { lock?: boolean } = {}): Promise<EidoLink | null> {
    let q = this.db.selectFrom('eido_links').selectAll().where('eido_id', '=', eidoId);
    if (opts.lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? toLink(row) : null;
  }

  async linkOf(incidentId: string): Promise<EidoLink | null> {
    const row = await this.db.selectFrom('eido_links').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
    return row ? toLink(row) : null;
  }

  async saveLink(link: EidoLink): Promise<void> {
    const values = {
      eido_id: link.eidoId,
      cad_agency_id: link.cadAgencyId,
      version: link.version,
      identifiers: JSON.stringify(link.identifiers),
      updated_at: link.updatedAt,
    };
    await this.db
      .insertInto('eido_links')
      .values({ incident_id: link.incidentId, created_at: link.createdAt, ...values })
      .onConflict((oc) => oc.column('incident_id').doUpdateSet(values))
      .execute();
  }

  async subscribe(s: Omit<EidoSubscription, 'endedAt'>): Promise<void> {
    await this.db.insertInto('eido_subscriptions').values({ id: s.id, token_id: s.tokenId, agency_id: s.agencyId, url: s.url, created_at: s.createdAt }).execute();
  }

  async subscription(id: string): Promise<EidoSubscription | null> {
    const row = await this.db.selectFrom('eido_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSubscription(row) : null;
  }

  /** The subscriptions of the given agencies (all of them when null), newest first. */
  async subscriptions(agencyIds: readonly string[] | null, opts: { includeEnded?: boolean } = {}): Promise<EidoSubscription[]> {
    if (agencyIds && agencyIds.length === 0) return [];
    let q = this.db.selectFrom('eido_subscriptions').selectAll().orderBy('created_at', 'desc').orderBy('id');
    if (agencyIds) q = q.where('agency_id', 'in', [...agencyIds]);
    if (!opts.includeEnded) q = q.where('ended_at', 'is', null);
    return (await q.execute()).map(toSubscription);
  }

  async endSubscription(id: string, at: Date): Promise<void> {
    await this.db.updateTable('eido_subscriptions').set({ ended_at: at }).where('id', '=', id).where('ended_at', 'is', null).execute();
  }

  /**
   * The live subscriptions that follow the given incidents (those their CAD's agency sent), with
   * the account each subscription's token acts as, so that the update is redacted for it. A
   * revoked or expired token, or a disabled account, receives nothing.
   */
  async subscribersOf(incidentIds: readonly string[], now: Date): Promise<EidoSubscriber[]> {
    if (incidentIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('eido_links as l')
      .innerJoin('eido_subscriptions as s', (j) => j.onRef('s.agency_id', '=', 'l.cad_agency_id').on('s.ended_at', 'is', null))
      .innerJoin('api_tokens as t', 't.id', 's.token_id')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .innerJoin('agencies as a', 'a.id', 't.agency_id')
      .select(['s.id as subscription_id', 'l.incident_id', 'l.eido_id', 'l.identifiers', 'u.id as user_id', 'u.username', 'u.display_name', 't.role', 't.agency_id', 'a.region_id'])
      .where('l.incident_id', 'in', [...new Set(incidentIds)])
      .where('t.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now)]))
      .where('u.disabled', '=', false)
      .execute();
    return rows.map((r) => ({
      subscriptionId: r.subscription_id,
      incidentId: r.incident_id,
      eidoId: r.eido_id,
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      agencyId: r.agency_id,
      regionId: r.region_id,
      identifiers: r.identifiers,
    }));
  }

  /** Queues an update; a second row for the same subscription and incident version is ignored. */
  async enqueue(rows: { subscriptionId: string; incidentId: string; incidentVersion: number; eidoId: string; document: Record<string, unknown>; at: Date }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('eido_outbox')
      .values(rows.map((r) => ({
        subscription_id: r.subscriptionId,
        incident_id: r.incidentId,
        incident_version: r.incidentVersion,
        eido_id: r.eidoId,
        document: JSON.stringify(r.document),
        created_at: r.at,
        next_attempt_at: r.at,
      })))
      .onConflict((oc) => oc.columns(['subscription_id', 'incident_id', 'incident_version']).doNothing())
      .execute();
  }

  /**
   * Claims up to `limit` due deliveries for `leaseMs`: rows locked by another process's claim are
   * skipped (FOR UPDATE SKIP LOCKED), and a claimed row's lease keeps every other process off it
   * until it is marked sent or failed, or the claimer dies and the lease runs out. Only the oldest
   * waiting update of each subscription and incident is due, so a CAD receives them in order.
   */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<EidoDelivery[]> {
    const rows = await sql<{
      id: string; subscription_id: string; incident_id: string; incident_version: number; eido_id: string; url: string; document: Record<string, unknown>;
      attempts: number; created_at: Date; delivered_at: Date | null; gave_up_at: Date | null; next_attempt_at: Date; last_status: number | null; last_error: string | null;
    }>`
      WITH due AS (
        SELECT o.id FROM eido_outbox o
        WHERE o.delivered_at IS NULL AND o.gave_up_at IS NULL AND o.next_attempt_at <= ${now}
          AND (o.leased_until IS NULL OR o.leased_until <= ${now})
          AND EXISTS (SELECT 1 FROM eido_subscriptions s WHERE s.id = o.subscription_id AND s.ended_at IS NULL)
          AND NOT EXISTS (
            SELECT 1 FROM eido_outbox e
            WHERE e.subscription_id = o.subscription_id AND e.incident_id = o.incident_id
              AND e.delivered_at IS NULL AND e.gave_up_at IS NULL AND e.id < o.id)
        ORDER BY o.id
        LIMIT ${limit}
        FOR UPDATE OF o SKIP LOCKED
      )
      UPDATE eido_outbox x SET leased_until = ${new Date(now.getTime() + leaseMs)}
      FROM due, eido_subscriptions s
      WHERE x.id = due.id AND s.id = x.subscription_id
      RETURNING x.id, x.subscription_id, x.incident_id, x.incident_version, x.eido_id, s.url, x.document, x.attempts,
        x.created_at, x.delivered_at, x.gave_up_at, x.next_attempt_at, x.last_status, x.last_error`.execute(this.db);
    return rows.rows.map(toDelivery).sort((a, b) => Number(a.id) - Number(b.id));
  }

  async markDelivered(id: string, at: Date, status: number): Promise<void> {
    await this.db
      .updateTable('eido_outbox')
      .set((eb) => ({ delivered_at: at, leased_until: null, last_status: status, last_error: null, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  /** Records a failed attempt: the next is due at `retryAt`, or never when `giveUp`. */
  async markFailed(id: string, at: Date, outcome: { status: number | null; error: string; retryAt: Date; giveUp: boolean }): Promise<void> {
    await this.db
      .updateTable('eido_outbox')
      .set((eb) => ({
        leased_until: null,
        last_status: outcome.status,
        last_error: outcome.error.slice(0, 500),
        attempts: eb('attempts', '+', 1),
        next_attempt_at: outcome.retryAt,
        gave_up_at: outcome.giveUp ? at : null,
      }))
      .where('id', '=', id)
      .execute();
  }

  /** The latest deliveries of the given subscriptions, newest first: what the console's CAD links page shows. */
  async recentDeliveries(subscriptionIds: readonly string[], limit: number): Promise<EidoDelivery[]> {
    if (subscriptionIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('eido_outbox as x')
      .innerJoin('eido_subscriptions as s', 's.id', 'x.subscription_id')
      .select(['x.id', 'x.subscription_id', 'x.incident_id', 'x.incident_version', 'x.eido_id', 's.url', 'x.document', 'x.attempts', 'x.created_at', 'x.delivered_at', 'x.gave_up_at', 'x.next_attempt_at', 'x.last_status', 'x.last_error'])
      .where('x.subscription_id', 'in', [...subscriptionIds])
      .orderBy('x.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }

  /** The live API tokens of the given agencies given the `eido.write` scope: the CAD links an administrator sees. */
  async eidoTokens(agencyIds: readonly string[]): Promise<{ id: string; name: string; username: string; agencyId: string; createdAt: Date; expiresAt: Date | null; revokedAt: Date | null }[]> {
    if (agencyIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id', 't.name', 'u.username', 't.agency_id', 't.created_at', 't.expires_at', 't.revoked_at'])
      .where('t.agency_id', 'in', [...agencyIds])
      .where(sql<boolean>`t.scopes::jsonb @> '["eido.write"]'::jsonb`)
      .orderBy('t.created_at', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, username: r.username, agencyId: r.agency_id, createdAt: new Date(r.created_at), expiresAt: r.expires_at ? new Date(r.expires_at) : null, revokedAt: r.revoked_at ? new Date(r.revoked_at) : null }));
  }

  /** Delivered, waiting and failed counts of each subscription. */
  async deliveryCounts(subscriptionIds: readonly string[]): Promise<Map<string, { delivered: number; waiting: number; failed: number }>> {
    if (subscriptionIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('eido_outbox')
      .select((eb) => [
        'subscription_id',
        eb.fn.count<string>('delivered_at').as('delivered'),
        eb.fn.count<string>('gave_up_at').as('failed'),
        sql<string>`count(*) FILTER (WHERE delivered_at IS NULL AND gave_up_at IS NULL)`.as('waiting'),
      ])
      .where('subscription_id', 'in', [...subscriptionIds])
      .groupBy('subscription_id')
      .execute();
    return new Map(rows.map((r) => [r.subscription_id, { delivered: Number(r.delivered), waiting: Number(r.waiting), failed: Number(r.failed) }]));
  }
}

function toDelivery(r: {
  id: string; subscription_id: string; incident_id: string; incident_version: number; eido_id: string; url: string; document: Record<string, unknown>;
  attempts: number; created_at: Date; delivered_at: Date | null; gave_up_at: Date | null; next_attempt_at: Date; last_status: number | null; last_error: string | null;
}): EidoDelivery {
  return {
    id: String(r.id),
    subscriptionId: r.subscription_id,
    incidentId: r.incident_id,
    incidentVersion: Number(r.incident_version),
    eidoId: r.eido_id,
    url: r.url,
    document: typeof r.document === 'string' ? (JSON.parse(r.document) as Record<string, unknown>) : r.document,
    attempts: Number(r.attempts),
    createdAt: new Date(r.created_at),
    deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
    gaveUpAt: r.gave_up_at ? new Date(r.gave_up_at) : null,
    nextAttemptAt: new Date(r.next_attempt_at),
    lastStatus: r.last_status,
    lastError: r.last_error,
  };
}
