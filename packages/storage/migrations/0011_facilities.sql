-- Somewhere to go (issue 6 items 1-2): the facility directory and its live capacity.
--
-- A facility belongs to an agency, and its staff are that agency's members: the same tenancy
-- that decides who sees a record decides who may report the facility's beds. Criteria, hours and
-- services are each one value per facility, read with it and replaced whole, so they are jsonb
-- columns; their shape is the domain's (packages/domain/src/destinations). The latest figure sits
-- on the facility row so the directory reads one row per facility; the history is appended.
CREATE TABLE facilities (
  id             text PRIMARY KEY,
  agency_id      text NOT NULL REFERENCES agencies(id),
  kind           text NOT NULL CHECK (kind IN ('crisis_stabilisation_centre', 'living_room', 'ccbhc', 'emergency_department', 'inpatient_unit', 'withdrawal_management', 'respite')),
  name           text NOT NULL,
  lat            double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon            double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  address        text NOT NULL,
  phone          text,
  hours          jsonb NOT NULL DEFAULT '{"kind": "always"}',
  services       jsonb NOT NULL DEFAULT '[]',
  criteria       jsonb NOT NULL,
  capacity_unit  text NOT NULL DEFAULT 'beds' CHECK (capacity_unit IN ('beds', 'chairs')),
  total          integer CHECK (total >= 0),
  available      integer NOT NULL DEFAULT 0 CHECK (available >= 0),
  reported_at    timestamptz,
  reported_by    text,
  version        integer NOT NULL DEFAULT 0,
  CHECK (total IS NULL OR available <= total)
);
-- serves: the facilities of one agency (who may report a figure; the intake page)
CREATE INDEX facilities_agency_idx ON facilities (agency_id);

-- Every figure ever reported, and by whom: append-only, like the other event tables.
CREATE TABLE facility_capacity_reports (
  facility_id  text NOT NULL REFERENCES facilities(id),
  sequence     integer NOT NULL,
  available    integer NOT NULL CHECK (available >= 0),
  total        integer CHECK (total >= 0),
  reported_at  timestamptz NOT NULL,
  reported_by  text NOT NULL,
  -- 'report' (staff entered it), 'arrival_confirmed' (a confirmed arrival took a place), 'import'.
  source       text NOT NULL,
  PRIMARY KEY (facility_id, sequence)
);
CREATE TRIGGER facility_capacity_reports_append_only BEFORE UPDATE OR DELETE ON facility_capacity_reports
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER facility_capacity_reports_no_truncate BEFORE TRUNCATE ON facility_capacity_reports
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Arrivals a responding team announced. Each counts against the figure until the facility
-- confirms or cancels it (ADR 0012); who settled it and when is on the row and in the audit.
CREATE TABLE facility_arrivals (
  id            text PRIMARY KEY,
  facility_id   text NOT NULL REFERENCES facilities(id),
  incident_id   uuid REFERENCES incidents(id),
  unit_id       text REFERENCES units(id),
  announced_at  timestamptz NOT NULL,
  announced_by  text NOT NULL,
  expected_at   timestamptz,
  status        text NOT NULL DEFAULT 'announced' CHECK (status IN ('announced', 'confirmed', 'cancelled')),
  confirmed_at  timestamptz,
  confirmed_by  text,
  CHECK ((status = 'announced') = (confirmed_at IS NULL))
);
-- serves: the arrivals still pending at each facility (the directory's availableNow)
CREATE INDEX facility_arrivals_pending_idx ON facility_arrivals (facility_id, announced_at) WHERE status = 'announced';
