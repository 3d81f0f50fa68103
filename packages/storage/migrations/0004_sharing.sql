-- Privacy: data-sharing agreements between agencies, and break-glass grants (issue #3).

CREATE TABLE sharing_agreements (
  id             uuid PRIMARY KEY,
  name           text NOT NULL,
  agency_ids     jsonb NOT NULL,
  purposes       jsonb NOT NULL,
  field_classes  jsonb NOT NULL,
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz,
  ended_at       timestamptz,
  ended_reason   text,
  created_at     timestamptz NOT NULL,
  created_by     text
);

-- A supervisor's time-boxed access to one record no agreement covers. Never updated: a grant
-- simply expires, and the audit row with its reason stays.
CREATE TABLE break_glass_grants (
  id           uuid PRIMARY KEY,
  user_id      text NOT NULL REFERENCES users(id),
  record_type  text NOT NULL,
  record_id    text NOT NULL,
  reason       text NOT NULL,
  granted_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);
-- serves: the grants a user holds now
CREATE INDEX break_glass_user_idx ON break_glass_grants (user_id, expires_at);
CREATE TRIGGER break_glass_append_only BEFORE UPDATE OR DELETE ON break_glass_grants
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- serves: the incident list of the agencies within a reader's reach
CREATE INDEX incidents_agency_received_idx ON incidents (agency_id, received_at DESC);
