import type { Kysely, Selectable } from 'kysely';
import { applyPart2Event, type DecidedEvent, type Part2Event, type Part2Record, type RecordedPart2Event } from '@continuum/domain';
import type { Tables } from '../schema.ts';
import { eventOfRow, eventRowOf } from './event-rows.ts';

/**
 * The Part 2 stream of incidents (ADR 0016): append-only events and their projection, apart from
 * the incident's own, so that recording Part 2 data never touches the incident's row or events.
 */
export class Part2Repository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** The record of one incident; `lock` holds it until commit so concurrent recordings queue up. */
  async get(incidentId: string, opts: { lock?: boolean } = {}): Promise<Part2Record | null> {
    let q = this.db.selectFrom('part2_records').selectAll().where('incident_id', '=', incidentId);
    if (opts.lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** The records of the given incidents, by incident id: what decides Part 2 reach over them. */
  async recordsOf(incidentIds: readonly string[]): Promise<Map<string, Part2Record>> {
    if (incidentIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('part2_records').selectAll().where('incident_id', 'in', [...new Set(incidentIds)]).execute();
    return new Map(rows.map((r) => [r.incident_id, toRecord(r)]));
  }

  /** Appends decided events after `current` (null for the incident's first) and saves the record. */
  async append(
    incidentId: string,
    current: Part2Record | null,
    decided: DecidedEvent<Part2Event>[],
    meta: { actorId: string; occurredAt: Date },
  ): Promise<{ record: Part2Record; events: RecordedPart2Event[] }> {
    let record = current;
    const events: RecordedPart2Event[] = [];
    for (const { event, reason } of decided) {
      const sequence = (record?.version ?? 0) + 1;
      record = applyPart2Event(record, event, { incidentId, sequence, occurredAt: meta.occurredAt });
      events.push({ incidentId, sequence, type: event.type, occurredAt: meta.occurredAt, actorId: meta.actorId, reason, data: event.data });
    }
    if (!record) throw new Error('append needs at least one event');
    const values = { programme_agency_id: record.programmeAgencyId, note: record.note, version: record.version, updated_at: record.updatedAt };
    // The record must exist before its events reference it.
    if (current === null) await this.db.insertInto('part2_records').values({ incident_id: incidentId, ...values }).execute();
    else await this.db.updateTable('part2_records').set(values).where('incident_id', '=', incidentId).execute();
    await this.db
      .insertInto('part2_events')
      .values(events.map(eventRowOf))
      .execute();
    return { record, events };
  }

  async events(incidentId: string): Promise<RecordedPart2Event[]> {
    const rows = await this.db.selectFrom('part2_events').selectAll().where('incident_id', '=', incidentId).orderBy('sequence').execute();
    return rows.map((r) => eventOfRow<RecordedPart2Event>(r));
  }
}

const toRecord = (r: Selectable<Tables['part2_records']>): Part2Record => ({
  incidentId: r.incident_id,
  programmeAgencyId: r.programme_agency_id,
  note: r.note,
  version: r.version,
  updatedAt: r.updated_at,
});
