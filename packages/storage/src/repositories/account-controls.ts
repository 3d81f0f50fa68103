import type { Kysely } from 'kysely';
import type { Tables } from '../schema.ts';

/**
 * The sign-in throttle by (username as typed, address): growing delays for the pair that keeps
 * failing, never a lock on the account for everyone (ADR 0017).
 */
export class SignInThrottleRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /**
   * Counts an attempt of the pair and sets the wait its new count earns (`delaySeconds`), unless
   * the pair is waiting: then nothing changes and `waitingUntil` says until when (the attempt must
   * be refused). Run inside a transaction: the row lock makes concurrent attempts take turns, so
   * the fifth's wait is in force for every attempt after it, on PostgreSQL as on PGlite.
   */
  async attempt(username: string, address: string, at: Date, delaySeconds: (failures: number) => number): Promise<{ failures: number; waitingUntil: Date | null }> {
    await this.db
      .insertInto('sign_in_throttle')
      .values({ username, address, failures: 0, last_failure_at: at, blocked_until: null })
      .onConflict((oc) => oc.columns(['username', 'address']).doNothing())
      .execute();
    const pair = this.db.selectFrom('sign_in_throttle').where('username', '=', username).where('address', '=', address);
    const row = await pair.select(['failures', 'blocked_until']).forUpdate().executeTakeFirstOrThrow();
    if (row.blocked_until && row.blocked_until > at) return { failures: row.failures, waitingUntil: row.blocked_until };
    const failures = row.failures + 1;
    const delay = delaySeconds(failures);
    await this.db
      .updateTable('sign_in_throttle')
      .set({ failures, last_failure_at: at, blocked_until: delay ? new Date(at.getTime() + delay * 1000) : null })
      .where('username', '=', username)
      .where('address', '=', address)
      .execute();
    return { failures, waitingUntil: null };
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
