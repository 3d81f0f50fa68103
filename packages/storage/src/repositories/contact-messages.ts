import type { ContactMessage } from '@continuum/domain';
import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../schema.ts';

type Row = Selectable<Tables['contact_messages']>;

const toMessage = (r: Row): ContactMessage => ({
  id: r.id,
  incidentId: r.incident_id,
  direction: r.direction as ContactMessage['direction'],
  body: r.body,
  sentAt: new Date(r.sent_at),
  recordedAt: new Date(r.recorded_at),
  recordedBy: r.recorded_by,
  externalId: r.external_id,
});

/** The transcript of a text or chat contact: append-only messages, in the order they were sent. */
export class ContactMessageRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async append(m: ContactMessage): Promise<void> {
    await this.db
      .insertInto('contact_messages')
      .values({ id: m.id, incident_id: m.incidentId, direction: m.direction, body: m.body, sent_at: m.sentAt, recorded_at: m.recordedAt, recorded_by: m.recordedBy, external_id: m.externalId })
      .execute();
  }

  /** The message a platform already sent under this id for this contact, if any. */
  async byExternalId(incidentId: string, externalId: string): Promise<ContactMessage | null> {
    const r = await this.db.selectFrom('contact_messages').selectAll().where('incident_id', '=', incidentId).where('external_id', '=', externalId).executeTakeFirst();
    return r ? toMessage(r) : null;
  }

  async list(incidentId: string, limit: number): Promise<ContactMessage[]> {
    const rows = await this.db.selectFrom('contact_messages').selectAll().where('incident_id', '=', incidentId).orderBy('sent_at').orderBy('recorded_at').orderBy('id').limit(limit).execute();
    return rows.map(toMessage);
  }
}
