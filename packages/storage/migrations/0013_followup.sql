-- Follow-up episodes (issue 6 §6-7): after a crisis, a programme's team follows the person up for
-- its window (DOMAIN.md §7). As incidents: followup_events is the append-only truth, and
-- followup_episodes is its projection, rebuilt from it. Attempts, tasks and referrals live in the
-- projection as jsonb (they are read with their episode, never across episodes); the due times
-- the caseload sorts and filters on are columns.
-- 0011 and 0012 are taken by work in progress elsewhere; nothing here depends on them.

CREATE TABLE followup_episodes (
  id                    uuid PRIMARY KEY,
  incident_id           uuid NOT NULL REFERENCES incidents(id),
  agency_id             text NOT NULL REFERENCES agencies(id),
  region_id             text NOT NULL REFERENCES regions(id),
  programme             text NOT NULL CHECK (programme IN ('program_590_mcrt', 'co_response', 'youth_cares')),
  status                text NOT NULL CHECK (status IN ('open', 'engaged', 'referred', 'closed')),
  version               integer NOT NULL,
  person_ref            text,
  assigned_to           text REFERENCES users(id),
  opened_at             timestamptz NOT NULL,
  first_contact_due_at  timestamptz NOT NULL,
  first_contact_at      timestamptz,
  minimum_until         timestamptz NOT NULL,
  window_ends_at        timestamptz NOT NULL,
  -- The earliest open task's due time, kept with the projection so the caseload can find
  -- reminders without unpacking the tasks.
  next_task_due_at      timestamptz,
  attempts              jsonb NOT NULL DEFAULT '[]',
  tasks                 jsonb NOT NULL DEFAULT '[]',
  referrals             jsonb NOT NULL DEFAULT '[]',
  closure               jsonb,
  updated_at            timestamptz NOT NULL,
  closed_at             timestamptz
);

-- serves: a case manager's caseload (open episodes assigned to them, by first contact due)
CREATE INDEX followup_episodes_assignee_open_idx ON followup_episodes (assigned_to, first_contact_due_at) WHERE closed_at IS NULL;
-- serves: an agency's caseload, unassigned episodes included (by first contact due)
CREATE INDEX followup_episodes_agency_open_idx ON followup_episodes (agency_id, first_contact_due_at) WHERE closed_at IS NULL;
-- serves: reminders across an agency (open tasks coming due)
CREATE INDEX followup_episodes_agency_task_due_idx ON followup_episodes (agency_id, next_task_due_at) WHERE closed_at IS NULL AND next_task_due_at IS NOT NULL;
-- serves: "is there already an open episode for this incident and programme" (the close of an
-- incident and a manual open must not both open one)
CREATE UNIQUE INDEX followup_episodes_incident_open_idx ON followup_episodes (incident_id, programme) WHERE closed_at IS NULL;

CREATE TABLE followup_events (
  episode_id   uuid NOT NULL REFERENCES followup_episodes(id),
  sequence     integer NOT NULL,
  type         text NOT NULL,
  occurred_at  timestamptz NOT NULL,
  actor_id     text NOT NULL,
  reason       text,
  data         jsonb NOT NULL,
  PRIMARY KEY (episode_id, sequence)
);

CREATE TRIGGER followup_events_append_only BEFORE UPDATE OR DELETE ON followup_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER followup_events_no_truncate BEFORE TRUNCATE ON followup_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
