import type { Kysely } from 'kysely';
import type { Tables } from '../schema.ts';

export interface ExternalIdentity {
  issuer: string;
  subject: string;
  userId: string;
  createdAt: Date;
  createdBy: string | null;
}

/** Links from an identity provider's (issuer, subject) to a local account; made by administrators. */
export class ExternalIdentityRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Returns false when the identity is already linked (to this account or another). */
  async link(i: ExternalIdentity): Promise<boolean> {
    const rows = await this.db
      .insertInto('external_identities')
      .values({ issuer: i.issuer, subject: i.subject, user_id: i.userId, created_at: i.createdAt, created_by: i.createdBy })
      .onConflict((oc) => oc.doNothing())
      .returning('subject')
      .execute();
    return rows.length === 1;
  }

  /** Returns false when the account had no such identity. */
  async unlink(userId: string, issuer: string, subject: string): Promise<boolean> {
    const rows = await this.db
      .deleteFrom('external_identities')
      .where('user_id', '=', userId)
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .returning('subject')
      .execute();
    return rows.length === 1;
  }

  async find(issuer: string, subject: string): Promise<ExternalIdentity | null> {
    const r = await this.db
      .selectFrom('external_identities')
      .selectAll()
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .executeTakeFirst();
    return r ? toIdentity(r) : null;
  }

  async forUser(userId: string): Promise<ExternalIdentity[]> {
    const rows = await this.db
      .selectFrom('external_identities')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map(toIdentity);
  }
}

const toIdentity = (r: { issuer: string; subject: string; user_id: string; created_at: Date; created_by: string | null }): ExternalIdentity => ({
  issuer: r.issuer,
  subject: r.subject,
  userId: r.user_id,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export interface OidcLogin {
  /** sha256 of the secret in the browser's sign-in cookie: the row is bound to that browser. */
  idHash: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  agencyId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** OIDC sign-ins in flight: state, nonce and PKCE verifier between the redirect and the callback. */
export class OidcLoginRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async create(l: OidcLogin): Promise<void> {
    await this.db
      .insertInto('oidc_logins')
      .values({
        id_hash: l.idHash,
        state: l.state,
        nonce: l.nonce,
        code_verifier: l.codeVerifier,
        agency_id: l.agencyId,
        created_at: l.createdAt,
        expires_at: l.expiresAt,
      })
      .execute();
  }

  /**
   * Removes and returns the sign-in, if it has not expired. Deleting on read makes each one
   * single-use, even when two callbacks race on two server processes.
   */
  async take(idHash: string, now: Date): Promise<OidcLogin | null> {
    const r = await this.db.deleteFrom('oidc_logins').where('id_hash', '=', idHash).returningAll().executeTakeFirst();
    if (!r || r.expires_at <= now) return null;
    return {
      idHash: r.id_hash,
      state: r.state,
      nonce: r.nonce,
      codeVerifier: r.code_verifier,
      agencyId: r.agency_id,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
    };
  }

  /** Drops sign-ins that were started and never finished. */
  async purgeExpired(now: Date): Promise<void> {
    await this.db.deleteFrom('oidc_logins').where('expires_at', '<=', now).execute();
  }
}
