import { sql, type Kysely } from 'kysely';
import type { Tables } from '../schema.ts';

/**
 * The sign-in throttle by (username as typed, address): growing delays for the pair that keeps
 * failing, never a lock on the account for everyone (ADR 0017).
 */
export class SignInThrottleRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /**
   * Counts an attempt of the pair, in one statement so that concurrent attempts each get their own
   * number: unless the pair is waiting, its count goes up by one. Returns the count and the wait in
   * force before this attempt (`waiting`: the attempt was not counted and must be refused).
   */
  async attempt(username: string, address: string, at: Date): Promise<{ failures: number; waitingUntil: Date | null }> {
    const r = await this.db
      .insertInto('sign_in_throttle')
      .values({ username, address, failures: 1, last_failure_at: at, blocked_until: null })
      .onConflict((oc) =>
        oc.columns(['username', 'address']).doUpdateSet({
          failures: sql<number>`CASE WHEN sign_in_throttle.blocked_until > ${at} THEN sign_in_throttle.failures ELSE sign_in_throttle.failures + 1 END`,
          last_failure_at: sql<Date>`CASE WHEN sign_in_throttle.blocked_until > ${at} THEN sign_in_throttle.last_failure_at ELSE ${at} END`,
        }),
      )
      .returning(['failures', 'blocked_until'])
      .executeTakeFirstOrThrow();
    return { failures: r.failures, waitingUntil: r.blocked_until && r.blocked_until > at ? r.blocked_until : null };
  }

  /** Makes the pair wait until `until` (set when an attempt is counted, before its password is checked). */
  async block(username: string, address: string, until: Date): Promise<void> {
    await this.db.updateTable('sign_in_throttle').set({ blocked_until: until }).where('username', '=', username).where('address', '=', address).execute();
  }

  /**
   * Whether this name has signed in successfully from this address since `since`: such a pair is
   * not held up by the per-address limit (ADR 0017), only by its own delays.
   */
  async signedInFrom(username: string, address: string, since: Date): Promise<boolean> {
    const r = await this.db
      .selectFrom('sign_in_throttle')
      .select('last_success_at')
      .where('username', '=', username)
      .where('address', '=', address)
      .where('last_success_at', '>=', since)
      .executeTakeFirst();
    return r !== undefined;
  }

  /**
   * A successful sign-in from this address clears its pair's failures and delays and remembers the
   * success. The pair's row exists: `attempt` counted this sign-in before its password was checked.
   */
  async succeeded(username: string, address: string, at: Date): Promise<void> {
    await this.db
      .updateTable('sign_in_throttle')
      .set({ failures: 0, blocked_until: null, last_success_at: at })
      .where('username', '=', username)
      .where('address', '=', address)
      .execute();
  }

  /**
   * An administrator's unlock (or a password reset): clears the delays of every address for this
   * name, keeping the addresses it signed in from. Returns how many pairs had failures to clear.
   */
  async clearUsername(username: string): Promise<number> {
    const r = await this.db
      .updateTable('sign_in_throttle')
      .set({ failures: 0, blocked_until: null })
      .where('username', '=', username)
      .where('failures', '>', 0)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /**
   * Pairs quiet since `before` are forgotten, so guessed names do not pile up; a pair that signed
   * in since `knownSince` is kept for that long.
   */
  async prune(before: Date, knownSince: Date): Promise<void> {
    await this.db
      .deleteFrom('sign_in_throttle')
      .where('last_failure_at', '<', before)
      .where((eb) => eb.or([eb('last_success_at', 'is', null), eb('last_success_at', '<', knownSince)]))
      .execute();
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
