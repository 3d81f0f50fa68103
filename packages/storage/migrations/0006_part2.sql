-- 42 CFR Part 2: substance-use treatment information on an incident, held by the programme that
-- recorded it, and the consents that let it leave that programme.

ALTER TABLE incidents ADD COLUMN substance_use jsonb;

CREATE TABLE part2_consents (
  id                   uuid PRIMARY KEY,
  record_type          text NOT NULL,
  record_id            text NOT NULL,
  programme_agency_id  text NOT NULL REFERENCES agencies(id),
  recipient_agency_ids jsonb NOT NULL,
  purposes             jsonb NOT NULL,
  expires_at           timestamptz NOT NULL,
  revoked_at           timestamptz,
  revoked_reason       text,
  note                 text,
  recorded_by          text NOT NULL,
  recorded_at          timestamptz NOT NULL
);
-- serves: the consents of the records a reader is shown
CREATE INDEX part2_consents_record_idx ON part2_consents (record_id);
