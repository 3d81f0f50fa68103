-- Hand-offs between agencies (issue 11 §1, ADR 0028): a call offered by one agency (911, 988,
-- CARES …) to another, which accepts or declines it, or lets it expire (a 988 contact then rolls
-- over to the backup centre). As incidents: handoff_events is the append-only truth, handoffs its
-- projection. While a hand-off is offered or accepted it opens its incident to the receiving
-- agency by the classes its kind needs (services/reach.ts reads them here).

CREATE TABLE handoffs (
  id                     uuid PRIMARY KEY,
  incident_id            uuid NOT NULL REFERENCES incidents(id),
  region_id              text NOT NULL REFERENCES regions(id),
  kind                   text NOT NULL CHECK (kind IN ('cold_referral', 'warm_transfer', 'emergency_escalation')),
  from_agency_id         text NOT NULL REFERENCES agencies(id),
  to_agency_id           text NOT NULL REFERENCES agencies(id),
  to_agency_kind         text NOT NULL,
  state                  text NOT NULL CHECK (state IN ('offered', 'accepted', 'declined', 'expired', 'rolled_over')),
  version                integer NOT NULL,
  note                   text,
  offered_at             timestamptz NOT NULL,
  offered_by             text NOT NULL,
  decided_at             timestamptz,
  decided_by             text,
  decline_reason         text,
  rolled_from_id         uuid REFERENCES handoffs(id),
  rolled_to_id           uuid,
  supervisor_alerted_at  timestamptz,
  steps                  jsonb NOT NULL,
  updated_at             timestamptz NOT NULL
);

-- serves: a receiving agency's inbox (open first, newest first)
CREATE INDEX handoffs_inbox_idx ON handoffs (to_agency_id, offered_at DESC);
-- serves: a sending agency's sent list
CREATE INDEX handoffs_outbox_idx ON handoffs (from_agency_id, offered_at DESC);
-- serves: an incident's hand-offs, and the reach of readers over an incident
CREATE INDEX handoffs_incident_idx ON handoffs (incident_id);
-- serves: the timer sweep (open hand-offs only, oldest first)
CREATE INDEX handoffs_open_idx ON handoffs (offered_at) WHERE state = 'offered';
-- serves: the monthly report (a region's hand-offs by time offered)
CREATE INDEX handoffs_region_month_idx ON handoffs (region_id, offered_at);
-- At most one open offer per incident: two senders cannot offer one call twice at once.
CREATE UNIQUE INDEX handoffs_one_open_idx ON handoffs (incident_id) WHERE state = 'offered';

CREATE TABLE handoff_events (
  handoff_id   uuid NOT NULL REFERENCES handoffs(id),
  sequence     integer NOT NULL,
  type         text NOT NULL,
  occurred_at  timestamptz NOT NULL,
  actor_id     text NOT NULL,
  data         jsonb NOT NULL,
  PRIMARY KEY (handoff_id, sequence)
);

CREATE TRIGGER handoff_events_append_only BEFORE UPDATE OR DELETE ON handoff_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER handoff_events_no_truncate BEFORE TRUNCATE ON handoff_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The centre an agency's unanswered contacts roll over to (a 988 centre's statewide backup).
CREATE TABLE handoff_backups (
  agency_id         text PRIMARY KEY REFERENCES agencies(id),
  backup_agency_id  text NOT NULL REFERENCES agencies(id),
  CHECK (agency_id <> backup_agency_id)
);
