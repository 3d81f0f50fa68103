-- Dispatch (issue #5 §4-5): which units answer an incident, each one's stages, the response
-- clock, hazards and field notes. The truth stays in incident_events; `response` is the
-- projection of it that the board and the field view read (null on incidents from before this
-- migration: the reader starts them empty, and a rebuild from the events fills them in).
ALTER TABLE incidents ADD COLUMN response jsonb;

-- The incident a unit is answering, so that the field view finds its call and a status change
-- made on the unit is carried to the incident; null when the unit holds no call.
ALTER TABLE units
  ADD COLUMN current_incident_id uuid REFERENCES incidents(id),
  -- An open panic of the crew: the board shows it on the unit even when no call is held.
  ADD COLUMN panic_at timestamptz;

-- serves: "which open incidents have units on them" for the dispatch queue
CREATE INDEX units_current_incident_idx ON units (current_incident_id) WHERE current_incident_id IS NOT NULL;
