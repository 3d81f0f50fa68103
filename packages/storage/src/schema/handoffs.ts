import type { Generated } from 'kysely';
import type { Timestamp, Json } from './columns.ts';

/** Hand-offs between centres, text and chat transcripts, and the NENA EIDO link with 911 CAD. */
export interface HandoffTables {
  handoffs: {
    id: string;
    incident_id: string;
    region_id: string;
    kind: string;
    from_agency_id: string;
    to_agency_id: string;
    to_agency_kind: string;
    state: string;
    version: number;
    note: string | null;
    offered_at: Timestamp;
    offered_by: string;
    decided_at: Timestamp | null;
    decided_by: string | null;
    decline_reason: string | null;
    rolled_from_id: string | null;
    rolled_to_id: string | null;
    supervisor_alerted_at: Timestamp | null;
    steps: Json<unknown[]>;
    updated_at: Timestamp;
  };
  contact_messages: {
    id: string;
    incident_id: string;
    direction: string;
    body: string;
    sent_at: Timestamp;
    recorded_at: Timestamp;
    recorded_by: string;
    external_id: string | null;
  };
  handoff_events: {
    handoff_id: string;
    sequence: number;
    type: string;
    occurred_at: Timestamp;
    actor_id: string;
    data: Json<unknown>;
  };
  handoff_backups: {
    agency_id: string;
    backup_agency_id: string;
  };
  /** NENA EIDO exchange (migration 0025, ADR 0029). */
  eido_links: {
    incident_id: string;
    eido_id: string;
    cad_agency_id: string;
    version: Timestamp;
    identifiers: Json<Record<string, unknown>>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  eido_subscriptions: { id: string; token_id: string; agency_id: string; url: string; created_at: Timestamp; ended_at: Timestamp | null };
  eido_outbox: {
    id: Generated<string>;
    subscription_id: string;
    incident_id: string;
    incident_version: number;
    eido_id: string;
    document: Json<Record<string, unknown>>;
    created_at: Timestamp;
    attempts: Generated<number>;
    next_attempt_at: Timestamp;
    leased_until: Timestamp | null;
    delivered_at: Timestamp | null;
    gave_up_at: Timestamp | null;
    last_status: number | null;
    last_error: string | null;
  };
}
