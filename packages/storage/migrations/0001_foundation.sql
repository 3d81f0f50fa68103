-- Foundation: tenancy, accounts, incidents as events with a projection, idempotency, audit, change feed.
-- Written for PostgreSQL 15 and PGlite alike: no extensions, no syntax newer than 15.

CREATE TABLE regions (
  id          text PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('state', 'ems_region', 'subregion')),
  name        text NOT NULL,
  parent_id   text REFERENCES regions(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agencies (
  id          text PRIMARY KEY,
  region_id   text NOT NULL REFERENCES regions(id),
  kind        text NOT NULL,
  name        text NOT NULL,
  county_fips text,
  lat         double precision,
  lon         double precision,
  created_at  timestamptz NOT NULL DEFAULT now()
);
-- serves: agencies of a region (seeding, admin lists)
CREATE INDEX agencies_region_idx ON agencies (region_id);

CREATE TABLE users (
  id              text PRIMARY KEY,
  username        text NOT NULL UNIQUE,
  display_name    text NOT NULL,
  password_hash   text NOT NULL,
  disabled        boolean NOT NULL DEFAULT false,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
  user_id    text NOT NULL REFERENCES users(id),
  agency_id  text NOT NULL REFERENCES agencies(id),
  role       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, agency_id, role)
);

CREATE TABLE sessions (
  id_hash      text PRIMARY KEY,
  user_id      text NOT NULL REFERENCES users(id),
  agency_id    text NOT NULL REFERENCES agencies(id),
  role         text NOT NULL,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  address      text
);
-- serves: revoking every session of a user
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id          text PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  user_id     text NOT NULL REFERENCES users(id),
  agency_id   text NOT NULL REFERENCES agencies(id),
  role        text NOT NULL,
  name        text NOT NULL,
  scopes      jsonb,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz,
  revoked_at  timestamptz
);

CREATE TABLE incidents (
  id                 uuid PRIMARY KEY,
  agency_id          text NOT NULL REFERENCES agencies(id),
  region_id          text NOT NULL REFERENCES regions(id),
  entry_point        text NOT NULL,
  status             text NOT NULL,
  version            integer NOT NULL,
  summary            text NOT NULL,
  location_address   text NOT NULL,
  location_lat       double precision,
  location_lon       double precision,
  caller             jsonb NOT NULL,
  person             jsonb NOT NULL,
  safety_flags       jsonb NOT NULL,
  triage             jsonb,
  risk_level         smallint,
  disposition        text,
  status_before_end  text,
  received_at        timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  closed_at          timestamptz
);
-- serves: the live incident list of a region, newest first
CREATE INDEX incidents_region_received_idx ON incidents (region_id, received_at DESC);
-- serves: open-incident queues by status
CREATE INDEX incidents_region_status_idx ON incidents (region_id, status);

-- The truth: append-only. Projections are rebuilt from it.
CREATE TABLE incident_events (
  incident_id  uuid NOT NULL REFERENCES incidents(id),
  sequence     integer NOT NULL,
  type         text NOT NULL,
  occurred_at  timestamptz NOT NULL,
  actor_id     text NOT NULL,
  reason       text,
  data         jsonb NOT NULL,
  PRIMARY KEY (incident_id, sequence)
);

CREATE TABLE idempotency_keys (
  actor_id      text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status_code   integer NOT NULL,
  response      jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (actor_id, key)
);

CREATE TABLE audit_log (
  id             bigserial PRIMARY KEY,
  at             timestamptz NOT NULL,
  actor_id       text,
  role           text,
  agency_id      text,
  action         text NOT NULL,
  outcome        text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
  resource_type  text,
  resource_id    text,
  field_classes  jsonb NOT NULL DEFAULT '[]',
  purpose        text,
  address        text,
  detail         jsonb NOT NULL DEFAULT '{}'
);
-- serves: an auditor's search by record and by person, newest first
CREATE INDEX audit_resource_idx ON audit_log (resource_type, resource_id, at DESC);
CREATE INDEX audit_actor_idx ON audit_log (actor_id, at DESC);

-- The audit trail and the event history are append-only for everyone, the application included.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER incident_events_append_only BEFORE UPDATE OR DELETE ON incident_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER incident_events_no_truncate BEFORE TRUNCATE ON incident_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Committed changes in commit order, for the live feed and its resume. Rows are written last in a
-- transaction under a lock, so a position is never visible before a smaller one.
CREATE TABLE change_feed (
  position      bigserial PRIMARY KEY,
  entity_type   text NOT NULL,
  entity_id     text NOT NULL,
  version       integer NOT NULL,
  region_id     text NOT NULL,
  agency_id     text NOT NULL,
  committed_at  timestamptz NOT NULL DEFAULT now()
);
