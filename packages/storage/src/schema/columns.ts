import type { ColumnType } from 'kysely';

/** Column shapes the table types share; the migrations under ../../migrations are their source of truth. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type Json<T> = ColumnType<T, string, string>;

/** An incident's event streams share one shape: its own events and its Part 2 events (ADR 0016). */
export interface StreamEventsTable {
  incident_id: string;
  sequence: number;
  type: string;
  occurred_at: Timestamp;
  actor_id: string;
  reason: string | null;
  data: Json<Record<string, unknown>>;
}
