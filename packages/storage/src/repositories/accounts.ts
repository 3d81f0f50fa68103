import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../schema.ts';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  disabled: boolean;
  failedAttempts: number;
  lockedUntil: Date | null;
}

export interface Membership {
  agencyId: string;
  role: string;
  regionId: string;
  agencyName: string;
}

/** Accounts and their memberships of agencies, each with a role. */
export class UserRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async create(u: { id: string; username: string; displayName: string; passwordHash: string; passwordIsDemo: boolean }): Promise<void> {
    await this.db
      .insertInto('users')
      .values({ id: u.id, username: u.username, display_name: u.displayName, password_hash: u.passwordHash, password_is_demo: u.passwordIsDemo })
      .execute();
  }

  /** Adds a membership, or starts an ended one again. True when it was not already in force. */
  async addMembership(userId: string, agencyId: string, role: string): Promise<boolean> {
    const r = await this.db
      .insertInto('memberships')
      .values({ user_id: userId, agency_id: agencyId, role })
      .onConflict((oc) => oc.columns(['user_id', 'agency_id', 'role']).doUpdateSet({ ended_at: null, ended_by: null }).where('memberships.ended_at', 'is not', null))
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Ends a membership in force; its sessions and tokens stop authenticating at once. False when none was in force. */
  async endMembership(userId: string, agencyId: string, role: string, at: Date, by: string | null): Promise<boolean> {
    const r = await this.db
      .updateTable('memberships')
      .set({ ended_at: at, ended_by: by })
      .where('user_id', '=', userId)
      .where('agency_id', '=', agencyId)
      .where('role', '=', role)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Every membership ever held, ended ones included (whose agencies an account belongs to). */
  async allMemberships(userId: string): Promise<(Membership & { endedAt: Date | null })[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('agencies as a', 'a.id', 'm.agency_id')
      .select(['m.agency_id', 'm.role', 'a.region_id', 'a.name', 'm.ended_at'])
      .where('m.user_id', '=', userId)
      .orderBy('m.created_at')
      .orderBy('m.agency_id')
      .execute();
    return rows.map((r) => ({ agencyId: r.agency_id, role: r.role, regionId: r.region_id, agencyName: r.name, endedAt: r.ended_at }));
  }

  /**
   * Accounts that belong (now or before) to any of these agencies, by username, with every
   * membership they hold; `search` matches a part of the username or the name, case aside.
   * One query for the accounts and one for their memberships, however many there are.
   */
  async inAgencies(agencyIds: readonly string[], search: string | null, limit: number): Promise<{ users: (Omit<UserRecord, 'passwordHash'>)[]; memberships: Map<string, (Membership & { endedAt: Date | null })[]> }> {
    if (agencyIds.length === 0) return { users: [], memberships: new Map() };
    let q = this.db
      .selectFrom('users as u')
      .select(['u.id', 'u.username', 'u.display_name', 'u.disabled', 'u.failed_attempts', 'u.locked_until'])
      .where((eb) => eb.exists(eb.selectFrom('memberships as m').select('m.user_id').whereRef('m.user_id', '=', 'u.id').where('m.agency_id', 'in', [...agencyIds])));
    if (search) {
      // LIKE's own wildcards in what was typed match themselves.
      const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb(eb.fn('lower', ['u.username']), 'like', pattern), eb(eb.fn('lower', ['u.display_name']), 'like', pattern)]));
    }
    const rows = await q.orderBy('u.username').limit(limit).execute();
    const users = rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, disabled: r.disabled, failedAttempts: r.failed_attempts, lockedUntil: r.locked_until }));
    const memberships = new Map<string, (Membership & { endedAt: Date | null })[]>(users.map((u) => [u.id, []]));
    if (users.length > 0) {
      const ms = await this.db
        .selectFrom('memberships as m')
        .innerJoin('agencies as a', 'a.id', 'm.agency_id')
        .select(['m.user_id', 'm.agency_id', 'm.role', 'a.region_id', 'a.name', 'm.ended_at'])
        .where('m.user_id', 'in', users.map((u) => u.id))
        .orderBy('m.created_at')
        .orderBy('m.agency_id')
        .execute();
      for (const m of ms) memberships.get(m.user_id)!.push({ agencyId: m.agency_id, role: m.role, regionId: m.region_id, agencyName: m.name, endedAt: m.ended_at });
    }
    return { users, memberships };
  }

  async setDisabled(id: string, disabled: boolean): Promise<boolean> {
    const r = await this.db.updateTable('users').set({ disabled }).where('id', '=', id).where('disabled', '=', !disabled).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async setPasswordHash(id: string, passwordHash: string, passwordIsDemo: boolean): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash, password_is_demo: passwordIsDemo, failed_attempts: 0, locked_until: null }).where('id', '=', id).execute();
  }

  /**
   * Accounts whose password is, or may be, the demo's public one: flagged when it was set, or set
   * before the flag existed (null), with the hash so that the caller can settle those once.
   */
  async demoPasswordSuspects(): Promise<{ id: string; username: string; passwordHash: string; passwordIsDemo: boolean | null }[]> {
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'username', 'password_hash', 'password_is_demo'])
      .where((eb) => eb.or([eb('password_is_demo', '=', true), eb('password_is_demo', 'is', null)]))
      .orderBy('username')
      .execute();
    return rows.map((r) => ({ id: r.id, username: r.username, passwordHash: r.password_hash, passwordIsDemo: r.password_is_demo }));
  }

  /** Records the answer for an account whose password predates the flag. */
  async recordPasswordIsDemo(id: string, passwordIsDemo: boolean): Promise<void> {
    await this.db.updateTable('users').set({ password_is_demo: passwordIsDemo }).where('id', '=', id).where('password_is_demo', 'is', null).execute();
  }

  async byUsername(username: string): Promise<UserRecord | null> {
    const r = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return r ? toUser(r) : null;
  }

  async byId(id: string): Promise<UserRecord | null> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toUser(r) : null;
  }

  async memberships(userId: string): Promise<Membership[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('agencies as a', 'a.id', 'm.agency_id')
      .select(['m.agency_id', 'm.role', 'a.region_id', 'a.name'])
      .where('m.user_id', '=', userId)
      .where('m.ended_at', 'is', null)
      .orderBy('m.created_at')
      .orderBy('m.agency_id')
      .execute();
    return rows.map((r) => ({ agencyId: r.agency_id, role: r.role, regionId: r.region_id, agencyName: r.name }));
  }

  /** The memberships in force in the given agencies, with their accounts: an onboarding export. */
  async membersOf(agencyIds: readonly string[]): Promise<{ userId: string; username: string; displayName: string; disabled: boolean; agencyId: string; role: string }[]> {
    if (agencyIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.username', 'u.display_name', 'u.disabled', 'm.agency_id', 'm.role'])
      .where('m.agency_id', 'in', agencyIds)
      .where('m.ended_at', 'is', null)
      .orderBy('u.username')
      .orderBy('m.created_at')
      .orderBy('m.agency_id')
      .orderBy('m.role')
      .execute();
    return rows.map((r) => ({ userId: r.id, username: r.username, displayName: r.display_name, disabled: r.disabled, agencyId: r.agency_id, role: r.role }));
  }

  async setDisplayName(id: string, displayName: string): Promise<void> {
    await this.db.updateTable('users').set({ display_name: displayName }).where('id', '=', id).execute();
  }

  async recordSignIn(id: string): Promise<void> {
    await this.db.updateTable('users').set({ failed_attempts: 0, locked_until: null }).where('id', '=', id).execute();
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Usernames and names of the given accounts, in one query: for reading audit rows by person. */
  async namesOf(ids: readonly string[]): Promise<Map<string, { username: string; displayName: string }>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', unique).execute();
    return new Map(rows.map((r) => [r.id, { username: r.username, displayName: r.display_name }]));
  }
}

function toUser(r: {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  disabled: boolean;
  failed_attempts: number;
  locked_until: Date | null;
}): UserRecord {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    disabled: r.disabled,
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until,
  };
}

export interface SessionRecord {
  idHash: string;
  userId: string;
  agencyId: string;
  role: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Server-side sessions: the cookie holds a random secret, the table only its hash. */
export class SessionRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async create(s: Omit<SessionRecord, 'revokedAt'> & { address: string | null }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: s.idHash,
        user_id: s.userId,
        agency_id: s.agencyId,
        role: s.role,
        csrf_token: s.csrfToken,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        address: s.address,
      })
      .execute();
  }

  async get(idHash: string): Promise<SessionRecord | null> {
    const r = await this.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return r
      ? {
          idHash: r.id_hash,
          userId: r.user_id,
          agencyId: r.agency_id,
          role: r.role,
          csrfToken: r.csrf_token,
          createdAt: r.created_at,
          expiresAt: r.expires_at,
          revokedAt: r.revoked_at,
        }
      : null;
  }

  async revoke(idHash: string, at: Date): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: at }).where('id_hash', '=', idHash).where('revoked_at', 'is', null).execute();
  }

  /** Revokes the open sessions of one membership; returns their id hashes. */
  async revokeForMembership(userId: string, agencyId: string, role: string, at: Date): Promise<string[]> {
    const rows = await this.db.updateTable('sessions').set({ revoked_at: at })
      .where('user_id', '=', userId).where('agency_id', '=', agencyId).where('role', '=', role).where('revoked_at', 'is', null)
      .returning('id_hash').execute();
    return rows.map((r) => r.id_hash);
  }

  /** Revokes every open session of a user; returns their id hashes (the feed closes their sockets). */
  async revokeAllFor(userId: string, at: Date): Promise<string[]> {
    const rows = await this.db.updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).returning('id_hash').execute();
    return rows.map((r) => r.id_hash);
  }
}

export interface ApiTokenRecord {
  id: string;
  userId: string;
  agencyId: string;
  role: string;
  name: string;
  scopes: string[] | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** API tokens for machine clients (CAD bridges, field devices); stored as hashes. */
export class ApiTokenRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async create(t: Omit<ApiTokenRecord, 'revokedAt'> & { tokenHash: string }): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({
        id: t.id,
        token_hash: t.tokenHash,
        user_id: t.userId,
        agency_id: t.agencyId,
        role: t.role,
        name: t.name,
        scopes: t.scopes ? JSON.stringify(t.scopes) : null,
        created_at: t.createdAt,
        expires_at: t.expiresAt,
      })
      .execute();
  }

  async byHash(tokenHash: string): Promise<ApiTokenRecord | null> {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return r ? toToken(r) : null;
  }

  async revoke(id: string, at: Date): Promise<void> {
    await this.db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  /** Revokes the tokens of one membership; returns their ids. */
  async revokeForMembership(userId: string, agencyId: string, role: string, at: Date): Promise<string[]> {
    const rows = await this.db.updateTable('api_tokens').set({ revoked_at: at })
      .where('user_id', '=', userId).where('agency_id', '=', agencyId).where('role', '=', role).where('revoked_at', 'is', null)
      .returning('id').execute();
    return rows.map((r) => r.id);
  }

  /** A user's tokens, newest first, never with their secrets (only hashes are kept anyway). */
  async listFor(userId: string): Promise<ApiTokenRecord[]> {
    const rows = await this.db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
    return rows.map(toToken);
  }

  async byId(id: string): Promise<ApiTokenRecord | null> {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toToken(r) : null;
  }
}

function toToken(r: Selectable<Tables['api_tokens']>): ApiTokenRecord {
  return {
    id: r.id,
    userId: r.user_id,
    agencyId: r.agency_id,
    role: r.role,
    name: r.name,
    scopes: r.scopes,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

/** Everything a request needs to know about its caller, in one round trip. */
export interface ResolvedCredential {
  userId: string;
  username: string;
  displayName: string;
  disabled: boolean;
  agencyId: string;
  role: string;
  regionId: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  csrfToken: string | null;
  scopes: string[] | null;
  /** For API tokens: the token's id, which its revocation names to the live feed. */
  tokenId?: string;
}

/**
 * Resolves a session or API token with its user and membership in one query. The membership
 * join means that removing someone from an agency ends their sessions' access at once.
 */
export class CredentialRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async session(idHash: string): Promise<ResolvedCredential | null> {
    return (await this.sessions([idHash])).get(idHash) ?? null;
  }

  async token(tokenHash: string): Promise<ResolvedCredential | null> {
    return (await this.tokens([tokenHash])).get(tokenHash) ?? null;
  }

  /** Several sessions in one query (the feed socket checks many messages' credentials at once), by id hash. */
  async sessions(idHashes: readonly string[]): Promise<Map<string, ResolvedCredential>> {
    if (idHashes.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 's.user_id').onRef('m.agency_id', '=', 's.agency_id').onRef('m.role', '=', 's.role').on('m.ended_at', 'is', null))
      .innerJoin('agencies as a', 'a.id', 's.agency_id')
      .select(['s.id_hash', 's.user_id', 'u.username', 'u.display_name', 'u.disabled', 's.agency_id', 's.role', 'a.region_id', 's.expires_at', 's.revoked_at', 's.csrf_token'])
      .where('s.id_hash', 'in', [...new Set(idHashes)])
      .execute();
    return new Map(rows.map((r) => [r.id_hash, { userId: r.user_id, username: r.username, displayName: r.display_name, disabled: r.disabled, agencyId: r.agency_id, role: r.role, regionId: r.region_id, expiresAt: r.expires_at, revokedAt: r.revoked_at, csrfToken: r.csrf_token, scopes: null }]));
  }

  /** Several API tokens in one query, by token hash. */
  async tokens(tokenHashes: readonly string[]): Promise<Map<string, ResolvedCredential>> {
    if (tokenHashes.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 't.user_id').onRef('m.agency_id', '=', 't.agency_id').onRef('m.role', '=', 't.role').on('m.ended_at', 'is', null))
      .innerJoin('agencies as a', 'a.id', 't.agency_id')
      .select(['t.id', 't.token_hash', 't.user_id', 'u.username', 'u.display_name', 'u.disabled', 't.agency_id', 't.role', 'a.region_id', 't.expires_at', 't.revoked_at', 't.scopes'])
      .where('t.token_hash', 'in', [...new Set(tokenHashes)])
      .execute();
    return new Map(rows.map((r) => [r.token_hash, { userId: r.user_id, username: r.username, displayName: r.display_name, disabled: r.disabled, agencyId: r.agency_id, role: r.role, regionId: r.region_id, expiresAt: r.expires_at, revokedAt: r.revoked_at, csrfToken: null, scopes: r.scopes, tokenId: r.id }]));
  }
}
