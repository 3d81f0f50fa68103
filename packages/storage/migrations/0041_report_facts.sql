-- The monthly RAC report's per-incident facts (issue 14 §2, §4; ADR 0040).
--
-- One row per incident, written by the incident repository in the same transaction as the
-- projection (domain reports/facts.ts computes it from the folded state), so a month's report reads
-- the month's rows by index and never folds or scans the event history. Incidents that existed
-- before this migration are filled in once by the repository's backfill (report_facts_backfill).

-- Simulated incidents (the simulator's history writer, issue 13) are left out of reports unless
-- asked. IF NOT EXISTS: the history writer's migration may add the same column.
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS simulated boolean NOT NULL DEFAULT false;

CREATE TABLE report_facts (
  incident_id           uuid PRIMARY KEY REFERENCES incidents(id),
  region_id             text NOT NULL,
  agency_ids            text[] NOT NULL,
  version               integer NOT NULL,
  received_at           timestamptz NOT NULL,
  entry_point           text NOT NULL,
  risk_level            smallint,
  response_given        text NOT NULL,
  police_ground         text,
  eligible_for_team     boolean NOT NULL,
  no_team_reason        text,
  override_reason       text,
  emergency_type        text NOT NULL,
  response_seconds      integer,
  max_seconds           integer,
  disposition           text,
  transport_destination text,
  destination_facility_id text,
  arrest                boolean NOT NULL,
  use_of_force          boolean NOT NULL,
  injury                boolean NOT NULL,
  petition_by           text,
  deflection_pathway    text,
  diversion             text,
  age_band              text NOT NULL,
  district_id           text,
  simulated             boolean NOT NULL DEFAULT false
);
-- serves: a region's month (the report), and a supervisor's own agencies within it
CREATE INDEX report_facts_region_month_idx ON report_facts (region_id, received_at);
CREATE INDEX report_facts_agencies_idx ON report_facts USING gin (agency_ids);

-- serves: the follow-up figures of a month's calls (episodes by the incident they came from)
CREATE INDEX IF NOT EXISTS followup_episodes_incident_idx ON followup_episodes (incident_id);

-- Incidents written before this table existed: the backfill folds their projection rows into
-- facts in batches, then removes this marker.
CREATE TABLE report_facts_backfill (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row));
INSERT INTO report_facts_backfill DEFAULT VALUES;
