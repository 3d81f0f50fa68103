-- The unit catalogue's detail (issue 5 item 1): what a team can do, where it may be sent, who
-- rides it and when it is staffed (DOMAIN.md §3-4).
--
-- Capabilities and the service area are one value each per unit, read with the unit and
-- replaced whole, so they are columns. A null service area means "the owning agency's county",
-- resolved when read, so a unit follows its county outline without a copy of it per row.
ALTER TABLE units
  ADD COLUMN capabilities  jsonb NOT NULL DEFAULT '{"youth": false, "languages": [], "naloxone": false, "canTransport": false}',
  ADD COLUMN service_area  jsonb;

-- The crew set for a unit (replaced whole by a dispatcher at shift change). Staff data, not
-- caller data. Dates are calendar days: a hire date has no time zone.
CREATE TABLE unit_crew (
  unit_id               text NOT NULL REFERENCES units(id),
  ordinal               integer NOT NULL,
  name                  text NOT NULL,
  user_id               text REFERENCES users(id),
  role                  text NOT NULL,
  hired_on              date,
  credential            text CHECK (credential IN ('CRSS', 'CPRS')),
  credential_earned_on  date,
  cit_trained           boolean NOT NULL DEFAULT false,
  PRIMARY KEY (unit_id, ordinal),
  CHECK ((credential IS NULL) = (credential_earned_on IS NULL))
);
-- serves: the units a signed-in user rides (the field view)
CREATE INDEX unit_crew_user_idx ON unit_crew (user_id) WHERE user_id IS NOT NULL;

-- Scheduled shifts. Overlap is refused by the service under the unit's row lock (an exclusion
-- constraint would need btree_gist, which the embedded database does not ship).
CREATE TABLE unit_shifts (
  id          text PRIMARY KEY,
  unit_id     text NOT NULL REFERENCES units(id),
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL,
  CHECK (ends_at > starts_at)
);
-- serves: the shifts of a unit around a time (on shift now, the overlap check, upcoming shifts)
CREATE INDEX unit_shifts_unit_idx ON unit_shifts (unit_id, ends_at);
