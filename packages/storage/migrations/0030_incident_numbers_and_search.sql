-- Incident numbers and search (issue 15 §1-2, ADR 0033).

-- One counter per region and calendar year (of the region's time zone). Creating a call takes the
-- next number with INSERT … ON CONFLICT DO UPDATE … RETURNING, which locks the row until the
-- creating transaction ends: two calls created at once queue on it and never share a number, and
-- a call that rolls back gives its number back with its transaction.
CREATE TABLE incident_counters (
  region_id  text NOT NULL REFERENCES regions(id),
  year       integer NOT NULL,
  last       integer NOT NULL,
  PRIMARY KEY (region_id, year)
);

-- The number (`26-000123`). It is given once, at creation, and never in an event: the event
-- history is append-only and a number is the store's name for the call, not a fact of it.
ALTER TABLE incidents ADD COLUMN number text;

-- What search compares, normalised when the projection is saved, so each filter is an index
-- lookup rather than a scan of JSON: the callback number's last ten digits (as people.phoneKey),
-- and the names of the caller and the person, lower-cased.
ALTER TABLE incidents ADD COLUMN caller_phone_key text;
ALTER TABLE incidents ADD COLUMN names_key text;

-- Existing calls are numbered in the order they were received, per region and year.
WITH numbered AS (
  SELECT id, region_id,
    extract(year FROM received_at AT TIME ZONE 'America/Chicago')::integer AS year,
    row_number() OVER (
      PARTITION BY region_id, extract(year FROM received_at AT TIME ZONE 'America/Chicago')
      ORDER BY received_at, id
    ) AS seq
  FROM incidents
)
UPDATE incidents i
SET number = lpad((n.year % 100)::text, 2, '0') || '-' || lpad(n.seq::text, 6, '0')
FROM numbered n WHERE i.id = n.id;

INSERT INTO incident_counters (region_id, year, last)
SELECT region_id, (2000 + split_part(number, '-', 1)::integer), max(split_part(number, '-', 2)::integer)
FROM incidents GROUP BY region_id, split_part(number, '-', 1);

UPDATE incidents SET
  caller_phone_key = CASE
    WHEN length(regexp_replace(coalesce(caller->>'callbackNumber', ''), '\D', '', 'g')) >= 7
    THEN right(regexp_replace(caller->>'callbackNumber', '\D', '', 'g'), 10) END,
  names_key = nullif(lower(trim(coalesce(person->>'name', '') || ' ' || coalesce(caller->>'name', ''))), '');

ALTER TABLE incidents ALTER COLUMN number SET NOT NULL;

-- serves: "the call numbered 26-000123" (and keeps a number unique within its region)
CREATE UNIQUE INDEX incidents_region_number_idx ON incidents (region_id, number);
-- serves: "calls from this phone", newest first
CREATE INDEX incidents_caller_phone_idx ON incidents (caller_phone_key, received_at DESC) WHERE caller_phone_key IS NOT NULL;
