import type { BreakGlassGrant, FieldClass, Purpose, SharingAgreement } from '@continuum/domain';
import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../schema.ts';

export interface AgreementRecord extends SharingAgreement {
  endedReason: string | null;
  createdAt: Date;
  createdBy: string | null;
}

/** Data-sharing agreements and break-glass grants: what lets a record cross an agency line. */
export class SharingRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async create(a: AgreementRecord): Promise<void> {
    await this.db
      .insertInto('sharing_agreements')
      .values({
        id: a.id,
        name: a.name,
        agency_ids: JSON.stringify(a.agencyIds),
        purposes: JSON.stringify(a.purposes),
        field_classes: JSON.stringify(a.fieldClasses),
        starts_at: a.startsAt,
        ends_at: a.endsAt,
        ended_at: a.endedAt,
        ended_reason: a.endedReason,
        created_at: a.createdAt,
        created_by: a.createdBy,
      })
      .execute();
  }

  /** Ends an agreement now; returns false when it had already ended. */
  async end(id: string, at: Date, reason: string): Promise<boolean> {
    const r = await this.db
      .updateTable('sharing_agreements')
      .set({ ended_at: at, ended_reason: reason })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async get(id: string): Promise<AgreementRecord | null> {
    const r = await this.db.selectFrom('sharing_agreements').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toAgreement(r) : null;
  }

  /** All agreements, ended ones included (they are the record of what was shared when). */
  async all(): Promise<AgreementRecord[]> {
    return (await this.db.selectFrom('sharing_agreements').selectAll().orderBy('created_at').execute()).map(toAgreement);
  }

  /** Agreements that may be in force: not ended; the caller checks the dates against its clock. */
  async current(): Promise<AgreementRecord[]> {
    const rows = await this.db.selectFrom('sharing_agreements').selectAll().where('ended_at', 'is', null).execute();
    return rows.map(toAgreement);
  }

  async grant(g: { id: string; userId: string; recordType: string; recordId: string; reason: string; grantedAt: Date; expiresAt: Date }): Promise<void> {
    await this.db
      .insertInto('break_glass_grants')
      .values({ id: g.id, user_id: g.userId, record_type: g.recordType, record_id: g.recordId, reason: g.reason, granted_at: g.grantedAt, expires_at: g.expiresAt })
      .execute();
  }

  async grantsOf(userId: string, now: Date): Promise<BreakGlassGrant[]> {
    const rows = await this.db
      .selectFrom('break_glass_grants')
      .select(['user_id', 'record_id', 'expires_at'])
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .execute();
    return rows.map((r) => ({ userId: r.user_id, recordId: r.record_id, expiresAt: r.expires_at }));
  }
}

function toAgreement(r: Selectable<Tables['sharing_agreements']>): AgreementRecord {
  return {
    id: r.id,
    name: r.name,
    agencyIds: r.agency_ids,
    purposes: r.purposes as Purpose[],
    fieldClasses: r.field_classes as FieldClass[],
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    endedAt: r.ended_at,
    endedReason: r.ended_reason,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}
