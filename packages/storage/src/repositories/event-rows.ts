import type { Selectable } from 'kysely';
import type { Tables } from '../schema.ts';

/** The columns an incident's streams share: its own events and its Part 2 events (ADR 0016). */
type EventRow = Selectable<Tables['part2_events']>;

/** A recorded event of either stream, as the domain types it. */
export interface StreamEvent<T extends string, D> {
  incidentId: string;
  sequence: number;
  type: T;
  occurredAt: Date;
  actorId: string;
  reason: string | null;
  data: D;
}

/** An event as its row is inserted: data as JSON text, so both drivers store the same jsonb. */
export const eventRowOf = <E extends StreamEvent<string, unknown>>(e: E) => ({
  incident_id: e.incidentId,
  sequence: e.sequence,
  type: e.type,
  occurred_at: e.occurredAt,
  actor_id: e.actorId,
  reason: e.reason,
  data: JSON.stringify(e.data),
});

/** A stored row as the event the domain recorded. */
export const eventOfRow = <E extends StreamEvent<string, unknown>>(r: EventRow): E =>
  ({
    incidentId: r.incident_id,
    sequence: r.sequence,
    type: r.type,
    occurredAt: r.occurred_at,
    actorId: r.actor_id,
    reason: r.reason,
    data: r.data,
  }) as E;
