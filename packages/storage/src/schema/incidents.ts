import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, Json, StreamEventsTable } from './columns.ts';

/** Incidents, their event streams, the one write path's idempotency and audit rows, and the change feed. */
export interface IncidentTables {
  incidents: {
    id: string;
    agency_id: string;
    region_id: string;
    entry_point: string;
    status: string;
    version: number;
    summary: string;
    location_address: string;
    location_lat: number | null;
    location_lon: number | null;
    caller: Json<Record<string, unknown>>;
    person: Json<Record<string, unknown>>;
    safety_flags: Json<string[]>;
    triage: Json<Record<string, unknown> | null> | null;
    interview: Json<Record<string, unknown> | null> | null;
    response_override: Json<Record<string, unknown> | null> | null;
    risk_level: number | null;
    disposition: string | null;
    response: Json<Record<string, unknown> | null> | null;
    disposition_detail: Json<Record<string, unknown> | null> | null;
    status_before_end: string | null;
    cares_max_response_minutes: Generated<number | null>;
    /** 988's unavailability report and the count of §30 grounds overridden by a supervisor (migration 0031). */
    crisis_team_unavailability: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
    marked_flags: ColumnType<unknown[] | null, string | null | undefined, string | null>;
    ground_overrides: Generated<number>;
    channel: Generated<string | null>;
    preferred_language: Generated<string | null>;
    location_accuracy: Generated<string | null>;
    received_at: Timestamp;
    updated_at: Timestamp;
    closed_at: Timestamp | null;
    /** The district the location lies in (migration 0020); set by the repository on every location change. */
    district_id: Generated<string | null>;
    /** `26-000123` (migration 0030): given at creation from incident_counters. */
    number: string;
    caller_phone_key: string | null;
    names_key: string | null;
    /** A record of the simulator's history writer (migration 0037). */
    simulated: Generated<boolean>;
  };
  incident_counters: {
    region_id: string;
    year: number;
    last: number;
  };
  part2_records: {
    incident_id: string;
    programme_agency_id: string;
    note: string;
    version: number;
    updated_at: Timestamp;
  };
  part2_events: StreamEventsTable;
  incident_events: StreamEventsTable & { simulated: Generated<boolean> };
  part2_consents: {
    id: string;
    record_type: string;
    record_id: string;
    programme_agency_id: string;
    recipient_agency_ids: Json<string[]>;
    purposes: Json<string[]>;
    expires_at: Timestamp;
    revoked_at: Timestamp | null;
    revoked_reason: string | null;
    note: string | null;
    recorded_by: string;
    recorded_at: Timestamp;
  };
  idempotency_keys: {
    actor_id: string;
    key: string;
    request_hash: string;
    status_code: number;
    response: Json<unknown>;
    created_at: Timestamp;
  };
  audit_log: {
    id: Generated<number>;
    at: Timestamp;
    actor_id: string | null;
    role: string | null;
    agency_id: string | null;
    action: string;
    outcome: string;
    resource_type: string | null;
    resource_id: string | null;
    field_classes: Json<string[]>;
    purpose: string | null;
    address: string | null;
    detail: Json<Record<string, unknown>>;
    simulated: Generated<boolean>;
  };
  change_feed: {
    position: Generated<number>;
    entity_type: string;
    entity_id: string;
    version: number;
    region_id: string;
    agency_id: string;
    committed_at: Generated<Date>;
  };
  /** One row: the highest feed position pruned (ADR 0023). */
  change_feed_horizon: {
    id: Generated<boolean>;
    pruned_through: Generated<number>;
  };
}
