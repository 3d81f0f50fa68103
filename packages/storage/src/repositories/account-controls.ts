import type { Kysely } from 'kysely';
import type { Tables } from '../schema.ts';

/** Failed sign-ins of one (username, address) pair. */
export interface ThrottleRecord {
  failures: number;
  lastFailureAt: Date;
  blockedUntil: Date | null;
}

/**
 * The sign-in throttle by (username as typed, address): growing delays for the pair that keeps
 * failing, never a lock on the account for everyone (ADR 0017).
 */
export class SignInThrottleRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async get(username: string, address: string): Promise<ThrottleRecord | null> {
    const r = await this.db.selectFrom('sign_in_throttle').selectAll().where('username', '=', username).where('address', '=', address).executeTakeFirst();
    return r ? { failures: r.failures, lastFailureAt: r.last_failure_at, blockedUntil: r.blocked_until } : null;
  }

  /** Stores the pair's new count and block; the caller computes both (a pure rule). */
  async put(username: string, address: string, record: ThrottleRecord): Promise<void> {
    const values = { failures: record.failures, last_failure_at: record.lastFailureAt, blocked_until: record.blockedUntil };
    await this.db
      .insertInto('sign_in_throttle')
      .values({ username, address, ...values })
      .onConflict((oc) => oc.columns(['username', 'address']).doUpdateSet(values))
      .execute();
  }

  /** A successful sign-in from this address clears its pair. */
  async clear(username: string, address: string): Promise<void> {
    await this.db.deleteFrom('sign_in_throttle').where('username', '=', username).where('address', '=', address).execute();
  }

  /** An administrator's unlock: every address's delays for this name. Returns how many pairs were cleared. */
  async clearUsername(username: string): Promise<number> {
    const r = await this.db.deleteFrom('sign_in_throttle').where('username', '=', username).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Pairs quiet since `before` are forgotten, so guessed names do not pile up. */
  async prune(before: Date): Promise<void> {
    await this.db.deleteFrom('sign_in_throttle').where('last_failure_at', '<', before).execute();
  }
}

export interface AdminGrant {
  id: string;
  userId: string;
  regionId: string;
  reason: string;
  grantedAt: Date;
  grantedBy: string | null;
  revokedAt: Date | null;
}

/** Regional administration grants: an administrator may manage accounts in every agency of a region. */
export class AdminGrantRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async create(g: Omit<AdminGrant, 'revokedAt'>): Promise<void> {
    await this.db
      .insertInto('admin_grants')
      .values({ id: g.id, user_id: g.userId, region_id: g.regionId, reason: g.reason, granted_at: g.grantedAt, granted_by: g.grantedBy })
      .execute();
  }

  /** The grants in force for one user. */
  async inForce(userId: string): Promise<AdminGrant[]> {
    const rows = await this.db.selectFrom('admin_grants').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('granted_at').execute();
    return rows.map((r) => ({ id: r.id, userId: r.user_id, regionId: r.region_id, reason: r.reason, grantedAt: r.granted_at, grantedBy: r.granted_by, revokedAt: r.revoked_at }));
  }

  /** Revokes the user's grants for a region; returns how many were in force. */
  async revoke(userId: string, regionId: string, at: Date): Promise<number> {
    const r = await this.db.updateTable('admin_grants').set({ revoked_at: at }).where('user_id', '=', userId).where('region_id', '=', regionId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
