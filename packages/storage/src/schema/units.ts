import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, Json } from './columns.ts';

/** Units, their crews, shifts, positions and the training that makes a crew CIT-trained. */
export interface UnitTables {
  units: {
    id: string;
    agency_id: string;
    name: string;
    model: string;
    composition: Json<string[]>;
    partner_agency_ids: Json<string[]>;
    home_lat: number;
    home_lon: number;
    home_label: string | null;
    created_at: Generated<Date>;
    status: Generated<string>;
    status_changed_at: Timestamp | null;
    version: Generated<number>;
    last_lat: number | null;
    last_lon: number | null;
    last_position_at: Timestamp | null;
    last_accuracy: number | null;
    last_heading: number | null;
    last_speed: number | null;
    current_incident_id: string | null;
    panic_at: Timestamp | null;
    capabilities: ColumnType<Record<string, unknown>, string | undefined, string>;
    service_area: Json<Record<string, unknown> | null> | null;
    retired_at: Timestamp | null;
  };
  unit_crew: {
    unit_id: string;
    ordinal: number;
    name: string;
    user_id: string | null;
    role: string;
    /** `date`: always read through to_char (the drivers would turn it into a local-midnight Date). */
    hired_on: string | null;
    credential: string | null;
    credential_earned_on: string | null;
  };
  training_records: {
    id: string;
    agency_id: string;
    user_id: string | null;
    person_name: string;
    person_role: string;
    course: string;
    /** `date`: always read through to_char. */
    completed_on: string;
    /** numeric: the drivers read it as a string. */
    hours: number | string;
    expires_on: string | null;
    recorded_by: string;
    recorded_at: Timestamp;
  };
  unit_shifts: {
    id: string;
    unit_id: string;
    starts_at: Timestamp;
    ends_at: Timestamp;
    created_by: string;
    created_at: Timestamp;
  };
  unit_events: {
    unit_id: string;
    sequence: number;
    type: string;
    occurred_at: Timestamp;
    actor_id: string;
    reason: string | null;
    data: Json<Record<string, unknown>>;
    lat: number | null;
    lon: number | null;
  };
  unit_positions: {
    unit_id: string;
    at: Timestamp;
    lat: number;
    lon: number;
    accuracy: number | null;
    heading: number | null;
    speed: number | null;
    received_at: Generated<Date>;
    /** The unit's call when the fix arrived: the fix is then the incident's trail, kept with it (ADR 0023). */
    incident_id: string | null;
  };
}
