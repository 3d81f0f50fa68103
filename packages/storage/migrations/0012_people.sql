-- People: a person record held by an agency, linked to the contacts (incidents) about them only by
-- a person's confirmation (ADR 0013). Links are append-only events with a projection of the
-- current link; a wrong link is undone by a later event, never deleted. No pg_trgm: candidates are
-- narrowed here by cheap keys and scored in the domain, so the same SQL runs on PGlite and on a
-- PostgreSQL 15 where extensions may not be created.

CREATE TABLE people (
  id              uuid PRIMARY KEY,
  agency_id       text NOT NULL REFERENCES agencies(id),
  given_name      text NOT NULL,
  family_name     text NOT NULL,
  preferred_name  text,
  -- A calendar day as given, YYYY-MM-DD: text, so no driver turns it into a midnight in some zone.
  date_of_birth   text CHECK (date_of_birth ~ '^\d{4}-\d{2}-\d{2}$'),
  phones          jsonb NOT NULL DEFAULT '[]',
  -- The last ten digits of each phone, for the candidate pre-filter.
  phone_keys      jsonb NOT NULL DEFAULT '[]',
  -- Lower-case first letters of the given and family names, for the candidate pre-filter.
  name_initials   text NOT NULL,
  demographics    jsonb NOT NULL DEFAULT '{}',
  safety_plan     jsonb,
  version         integer NOT NULL,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
-- serves: candidates and search within the agencies in reach, by date of birth
CREATE INDEX people_agency_dob_idx ON people (agency_id, date_of_birth);
-- serves: candidates and search within the agencies in reach, by initials
CREATE INDEX people_agency_initials_idx ON people (agency_id, name_initials);

CREATE TABLE person_link_events (
  id           uuid PRIMARY KEY,
  sequence     bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  incident_id  uuid NOT NULL REFERENCES incidents(id),
  person_id    uuid NOT NULL REFERENCES people(id),
  type         text NOT NULL CHECK (type IN ('person.linked', 'person.unlinked')),
  basis        text,
  score        double precision,
  band         text,
  reason       text,
  actor_id     text NOT NULL,
  agency_id    text NOT NULL,
  occurred_at  timestamptz NOT NULL
);
-- serves: an incident's link history, and a person's contacts over time
CREATE INDEX person_link_events_incident_idx ON person_link_events (incident_id, sequence);
CREATE INDEX person_link_events_person_idx ON person_link_events (person_id, sequence);

-- The projection: the person each incident is linked to now (at most one).
CREATE TABLE person_links (
  incident_id  uuid PRIMARY KEY REFERENCES incidents(id),
  person_id    uuid NOT NULL REFERENCES people(id),
  event_id     uuid NOT NULL REFERENCES person_link_events(id),
  linked_at    timestamptz NOT NULL
);
-- serves: a person's linked incidents, and person-level Part 2 consents over them
CREATE INDEX person_links_person_idx ON person_links (person_id);
