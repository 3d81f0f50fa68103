-- Units' status machine and live positions (issue #5 §1-2).
--
-- Status follows incidents: unit_events is the append-only truth (who changed what, when, why and
-- where the unit was), the status columns on units are its projection. Positions are different:
-- a device sends one every 5 s, so they are plain rows, keyed by (unit, time) so that a retried
-- fix is a no-op, not audited per fix (docs/adr/0010), with the latest copied onto the units row
-- so the board reads one row per unit instead of searching the history.

ALTER TABLE units
  ADD COLUMN status             text NOT NULL DEFAULT 'off_duty'
    CHECK (status IN ('off_duty', 'available', 'dispatched', 'en_route', 'on_scene', 'transporting', 'at_destination', 'out_of_service')),
  ADD COLUMN status_changed_at  timestamptz,
  ADD COLUMN version            integer NOT NULL DEFAULT 0,
  ADD COLUMN last_lat           double precision,
  ADD COLUMN last_lon           double precision,
  ADD COLUMN last_position_at   timestamptz,
  ADD COLUMN last_accuracy      real,
  ADD COLUMN last_heading       real,
  ADD COLUMN last_speed         real;

CREATE TABLE unit_events (
  unit_id      text NOT NULL REFERENCES units(id),
  sequence     integer NOT NULL,
  type         text NOT NULL,
  occurred_at  timestamptz NOT NULL,
  actor_id     text NOT NULL,
  reason       text,
  data         jsonb NOT NULL,
  -- Where the unit was when its status changed (null when it had no fix): columns, not only in
  -- data, so that response-time and coverage reports can query them without unpacking JSON.
  lat          double precision,
  lon          double precision,
  PRIMARY KEY (unit_id, sequence)
);

CREATE TRIGGER unit_events_append_only BEFORE UPDATE OR DELETE ON unit_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER unit_events_no_truncate BEFORE TRUNCATE ON unit_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The position history. The primary key serves both the duplicate check (a retried fix conflicts
-- and is dropped) and the breadcrumb query "unit X between t1 and t2".
--
-- Statewide this table takes ~170 million rows a month (10,000 units every 5 s). On PostgreSQL it
-- is then partitioned by month, which the key already allows because it contains `at`:
--   CREATE TABLE unit_positions (...same columns...) PARTITION BY RANGE (at);
--   CREATE TABLE unit_positions_2026_11 PARTITION OF unit_positions
--     FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
-- with next month's partition created ahead by a scheduled job, and retention done by detaching
-- and dropping whole months rather than DELETE. It is not partitioned here because the embedded
-- database serves one county, and a partition must exist before a row can land in it.
-- No foreign key to units: a fix is written only after its unit was read under lock, and a
-- monthly partition's rows should be droppable without touching units.
CREATE TABLE unit_positions (
  unit_id      text NOT NULL,
  at           timestamptz NOT NULL,
  lat          double precision NOT NULL,
  lon          double precision NOT NULL,
  accuracy     real,
  heading      real,
  speed        real,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (unit_id, at)
);
