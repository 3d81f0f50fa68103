-- 42 CFR Part 2 records as a stream of their own beside the incident's (ADR 0016). That such a
-- record exists is itself Part 2 information: recorded as an incident event it moved the
-- incident's version and time and woke every reader's feed. Here it has its own append-only
-- events, its own version, and a projection the reach rule reads (the programme that holds it).

CREATE TABLE part2_records (
  incident_id          uuid PRIMARY KEY REFERENCES incidents(id),
  programme_agency_id  text NOT NULL REFERENCES agencies(id),
  note                 text NOT NULL,
  version              integer NOT NULL,
  updated_at           timestamptz NOT NULL
);

CREATE TABLE part2_events (
  incident_id  uuid NOT NULL REFERENCES part2_records(incident_id),
  sequence     integer NOT NULL,
  type         text NOT NULL,
  occurred_at  timestamptz NOT NULL,
  actor_id     text NOT NULL,
  reason       text,
  data         jsonb NOT NULL,
  PRIMARY KEY (incident_id, sequence)
);

CREATE TRIGGER part2_events_append_only BEFORE UPDATE OR DELETE ON part2_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER part2_events_no_truncate BEFORE TRUNCATE ON part2_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Recordings made before this migration move out of the incident stream, numbered afresh in
-- their own. The incident's later events are renumbered without the gap, and its version and
-- time are those of its last remaining event, as if the recording had never been an incident
-- event: a gap or a kept version would still tell that something was taken out.
INSERT INTO part2_records (incident_id, programme_agency_id, note, version, updated_at)
SELECT DISTINCT ON (incident_id)
  incident_id, data->>'programmeAgencyId', data->>'note', count(*) OVER (PARTITION BY incident_id), occurred_at
FROM incident_events
WHERE type = 'incident.substance_use_recorded'
ORDER BY incident_id, sequence DESC;

INSERT INTO part2_events (incident_id, sequence, type, occurred_at, actor_id, reason, data)
SELECT incident_id, row_number() OVER (PARTITION BY incident_id ORDER BY sequence), 'part2.substance_use_recorded',
  occurred_at, actor_id, reason, data
FROM incident_events
WHERE type = 'incident.substance_use_recorded';

-- The invalidations those recordings published would replay to a console resuming from before.
DELETE FROM change_feed f
USING incident_events e
WHERE e.type = 'incident.substance_use_recorded'
  AND f.entity_type = 'incident' AND f.entity_id = e.incident_id::text AND f.version = e.sequence;

-- The one sanctioned rewrite of the incident stream: this migration, in its own transaction.
ALTER TABLE incident_events DISABLE TRIGGER incident_events_append_only;
DELETE FROM incident_events WHERE type = 'incident.substance_use_recorded';
-- In two steps (negative, then back), so that no renumbered row meets a unique key still in use.
UPDATE incident_events e SET sequence = -r.n
FROM (
  SELECT incident_id, sequence, row_number() OVER (PARTITION BY incident_id ORDER BY sequence) AS n
  FROM incident_events
  WHERE incident_id IN (SELECT incident_id FROM part2_records)
) r
WHERE e.incident_id = r.incident_id AND e.sequence = r.sequence;
UPDATE incident_events SET sequence = -sequence WHERE sequence < 0;
ALTER TABLE incident_events ENABLE TRIGGER incident_events_append_only;

UPDATE incidents i SET version = x.version, updated_at = x.updated_at
FROM (
  SELECT incident_id, max(sequence) AS version, max(occurred_at) AS updated_at
  FROM incident_events
  WHERE incident_id IN (SELECT incident_id FROM part2_records)
  GROUP BY incident_id
) x
WHERE i.id = x.incident_id;

ALTER TABLE incidents DROP COLUMN substance_use;
