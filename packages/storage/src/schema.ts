import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** Table types for Kysely; the migrations under ../migrations are their source of truth. */
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

export interface Tables {
  schema_migrations: { version: number; name: string; checksum: string; applied_at: Generated<Date> };
  regions: {
    id: string;
    kind: string;
    name: string;
    parent_id: string | null;
    created_at: Generated<Date>;
    time_zone: Generated<string>;
    max_response_minutes: ColumnType<Record<string, unknown>, string | undefined, string>;
    followup_provider_id: string | null;
    backup_988_centre_id: string | null;
    version: Generated<number>;
    updated_at: Timestamp | null;
  };
  agencies: {
    id: string;
    region_id: string;
    kind: string;
    name: string;
    county_fips: string | null;
    lat: number | null;
    lon: number | null;
    created_at: Generated<Date>;
    contact: ColumnType<Record<string, unknown>, string | undefined, string>;
    version: Generated<number>;
    updated_at: Timestamp | null;
  };
  districts: {
    id: string;
    region_id: string;
    agency_id: string | null;
    kind: string;
    name: string;
    setting: string | null;
    geometry: Json<Record<string, unknown>>;
    min_lon: number;
    min_lat: number;
    max_lon: number;
    max_lat: number;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  users: {
    id: string;
    username: string;
    display_name: string;
    password_hash: string;
    disabled: Generated<boolean>;
    failed_attempts: Generated<number>;
    locked_until: Timestamp | null;
    created_at: Generated<Date>;
    /** The demo's public password (migration 0017); null: set before that, not yet checked. */
    password_is_demo: boolean | null;
  };
  demo_marker: { only_row: Generated<boolean>; region_id: string; marked_at: Timestamp };
  memberships: { user_id: string; agency_id: string; role: string; created_at: Generated<Date>; ended_at: Timestamp | null; ended_by: string | null };
  sign_in_throttle: { username: string; address: string; failures: number; last_failure_at: Timestamp; blocked_until: Timestamp | null; last_success_at: Timestamp | null };
  admin_grants: { id: string; user_id: string; region_id: string; reason: string; granted_at: Timestamp; granted_by: string | null; revoked_at: Timestamp | null };
  sessions: {
    id_hash: string;
    user_id: string;
    agency_id: string;
    role: string;
    csrf_token: string;
    created_at: Timestamp;
    expires_at: Timestamp;
    revoked_at: Timestamp | null;
    address: string | null;
  };
  api_tokens: {
    id: string;
    token_hash: string;
    user_id: string;
    agency_id: string;
    role: string;
    name: string;
    scopes: Json<string[] | null> | null;
    created_at: Timestamp;
    expires_at: Timestamp | null;
    revoked_at: Timestamp | null;
  };
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
  protocol_versions: {
    protocol_id: string;
    version: string;
    title: string;
    document: Json<unknown>;
    checksum: string;
    published_at: Timestamp;
    published_by: string | null;
  };
  region_protocols: {
    region_id: string;
    protocol_id: string;
    version: string;
    pinned_at: Timestamp;
    pinned_by: string | null;
  };
  sharing_agreements: {
    id: string;
    name: string;
    agency_ids: Json<string[]>;
    purposes: Json<string[]>;
    field_classes: Json<string[]>;
    starts_at: Timestamp;
    ends_at: Timestamp | null;
    ended_at: Timestamp | null;
    ended_reason: string | null;
    created_at: Timestamp;
    created_by: string | null;
  };
  break_glass_grants: {
    id: string;
    user_id: string;
    record_type: string;
    record_id: string;
    reason: string;
    granted_at: Timestamp;
    expires_at: Timestamp;
  };
  external_identities: {
    issuer: string;
    subject: string;
    user_id: string;
    created_at: Timestamp;
    created_by: string | null;
  };
  oidc_logins: {
    id_hash: string;
    state: string;
    nonce: string;
    code_verifier: string;
    agency_id: string | null;
    created_at: Timestamp;
    expires_at: Timestamp;
  };
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
  facilities: {
    id: string;
    agency_id: string;
    kind: string;
    name: string;
    lat: number;
    lon: number;
    address: string;
    phone: string | null;
    hours: Json<unknown>;
    services: Json<string[]>;
    criteria: Json<unknown>;
    capacity_unit: string;
    total: number | null;
    available: number;
    reported_at: Timestamp | null;
    reported_by: string | null;
    version: number;
  };
  facility_capacity_reports: {
    facility_id: string;
    sequence: number;
    available: number;
    total: number | null;
    reported_at: Timestamp;
    reported_by: string;
    source: string;
  };
  facility_arrivals: {
    id: string;
    facility_id: string;
    incident_id: string | null;
    unit_id: string | null;
    announced_at: Timestamp;
    announced_by: string;
    expected_at: Timestamp | null;
    status: string;
    confirmed_at: Timestamp | null;
    confirmed_by: string | null;
  };
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
  followup_episodes: {
    id: string;
    incident_id: string;
    agency_id: string;
    region_id: string;
    programme: string;
    status: string;
    version: number;
    person_ref: string | null;
    assigned_to: string | null;
    opened_at: Timestamp;
    first_contact_due_at: Timestamp;
    first_contact_at: Timestamp | null;
    minimum_until: Timestamp;
    window_ends_at: Timestamp;
    next_task_due_at: Timestamp | null;
    attempts: Json<unknown[]>;
    tasks: Json<unknown[]>;
    referrals: Json<unknown[]>;
    closure: Json<unknown> | null;
    updated_at: Timestamp;
    closed_at: Timestamp | null;
    simulated: Generated<boolean>;
  };
  followup_events: {
    episode_id: string;
    sequence: number;
    type: string;
    occurred_at: Timestamp;
    actor_id: string;
    reason: string | null;
    data: Json<unknown>;
    simulated: Generated<boolean>;
  };
  people: {
    id: string;
    agency_id: string;
    given_name: string;
    family_name: string;
    preferred_name: string | null;
    date_of_birth: string | null;
    phones: Json<string[]>;
    phone_keys: Json<string[]>;
    name_initials: string;
    demographics: Json<{ gender: string | null; race: string | null; ethnicity: string | null }>;
    safety_plan: Json<unknown> | null;
    version: number;
    created_by: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  person_link_events: {
    id: string;
    sequence: Generated<number>;
    incident_id: string;
    person_id: string;
    type: string;
    basis: string | null;
    score: number | null;
    band: string | null;
    reason: string | null;
    actor_id: string;
    agency_id: string;
    occurred_at: Timestamp;
  };
  person_links: { incident_id: string; person_id: string; event_id: string; linked_at: Timestamp };
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
