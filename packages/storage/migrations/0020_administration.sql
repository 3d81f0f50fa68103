-- Administration of a region's organisation (issue 16 §1) and police districts (issue 14 §1).
--
-- A region's settings are columns of the region: one value each, read with the region and changed
-- by its administrators. The maxima are one JSON document (a default, rows by risk level and by
-- emergency type) because the RAC sets them as one table. The follow-up provider and the backup
-- 988 centre are agencies (the backup may be in another region: the statewide centre).
ALTER TABLE regions
  ADD COLUMN time_zone             text NOT NULL DEFAULT 'America/Chicago',
  ADD COLUMN max_response_minutes  jsonb NOT NULL DEFAULT '{"default": null, "byLevel": {}, "byEmergencyType": {}}',
  ADD COLUMN followup_provider_id  text REFERENCES agencies(id),
  ADD COLUMN backup_988_centre_id  text REFERENCES agencies(id),
  ADD COLUMN version               integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at            timestamptz;

-- How to reach an agency (a name, a phone, an email, an address), replaced whole.
ALTER TABLE agencies
  ADD COLUMN contact     jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN version     integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at  timestamptz;

-- A retired unit keeps its row (its events, trail and past calls point at it) but leaves the
-- board, the recommendation and the lists. Retiring is refused while it is on a call.
ALTER TABLE units ADD COLUMN retired_at timestamptz;

-- Police districts, municipalities and beats as data. The geometry is GeoJSON (Polygon or
-- MultiPolygon); its bounding box is kept beside it so that placing an incident reads only the
-- districts whose box holds the point (no PostGIS on the embedded database).
CREATE TABLE districts (
  id          text PRIMARY KEY,
  region_id   text NOT NULL REFERENCES regions(id),
  agency_id   text REFERENCES agencies(id),
  kind        text NOT NULL CHECK (kind IN ('police_district', 'municipality', 'beat')),
  name        text NOT NULL,
  geometry    jsonb NOT NULL,
  min_lon     double precision NOT NULL,
  min_lat     double precision NOT NULL,
  max_lon     double precision NOT NULL,
  max_lat     double precision NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);
-- serves: the districts of a region whose box holds a point (placing an incident), the list
CREATE INDEX districts_region_box_idx ON districts (region_id, min_lon, max_lon);

-- The district an incident is placed in from its location (null: no location, or in none).
-- No foreign key: a deleted district's past incidents keep the id they were counted under.
ALTER TABLE incidents ADD COLUMN district_id text;
-- serves: reports by district
CREATE INDEX incidents_district_idx ON incidents (district_id, received_at) WHERE district_id IS NOT NULL;
