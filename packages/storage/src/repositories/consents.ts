import type { Part2Consent, Purpose } from '@continuum/domain';
import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../schema.ts';

export interface ConsentRecord extends Part2Consent {
  note: string | null;
  revokedReason: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** Consents to disclose Part 2 information; revoked, never deleted. */
export class ConsentRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async create(c: ConsentRecord): Promise<void> {
    await this.db
      .insertInto('part2_consents')
      .values({
        id: c.id, record_type: c.recordType ?? 'incident', record_id: c.recordId, programme_agency_id: c.programmeAgencyId,
        recipient_agency_ids: JSON.stringify(c.recipientAgencyIds), purposes: JSON.stringify(c.purposes),
        expires_at: c.expiresAt, revoked_at: null, revoked_reason: null, note: c.note, recorded_by: c.recordedBy, recorded_at: c.recordedAt,
      })
      .execute();
  }

  async revoke(id: string, at: Date, reason: string): Promise<boolean> {
    const r = await this.db.updateTable('part2_consents').set({ revoked_at: at, revoked_reason: reason }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** The consents of the given records (all of them: the caller checks them against its clock). */
  async forRecords(recordIds: string[]): Promise<ConsentRecord[]> {
    if (recordIds.length === 0) return [];
    const rows = await this.db.selectFrom('part2_consents').selectAll().where('record_id', 'in', recordIds).orderBy('recorded_at').execute();
    return rows.map(toConsent);
  }
}

function toConsent(r: Selectable<Tables['part2_consents']>): ConsentRecord {
  return {
    id: r.id, recordType: r.record_type === 'person' ? 'person' : 'incident', recordId: r.record_id, programmeAgencyId: r.programme_agency_id, recipientAgencyIds: r.recipient_agency_ids,
    purposes: r.purposes as Purpose[], expiresAt: r.expires_at, revokedAt: r.revoked_at, revokedReason: r.revoked_reason,
    note: r.note, recordedBy: r.recorded_by, recordedAt: r.recorded_at,
  };
}
