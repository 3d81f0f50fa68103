-- Issue 11 §2: the transcript of a text or chat contact. Messages received from the person
-- (inbound, usually posted by a texting platform through the API) and typed by the counsellor
-- (outbound). Append-only: a message is never changed or deleted. The body is clinical.
CREATE TABLE contact_messages (
  id           uuid PRIMARY KEY,
  incident_id  uuid NOT NULL REFERENCES incidents(id),
  direction    text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  body         text NOT NULL,
  -- When the platform says the message was sent (the person's phone); recorded_at when it arrived here.
  sent_at      timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL,
  recorded_by  text NOT NULL,
  -- The texting platform's own id of the message, when it gives one: one row per id and contact.
  external_id  text
);

-- serves: an incident's transcript in order
CREATE INDEX contact_messages_incident_idx ON contact_messages (incident_id, sent_at, recorded_at);
-- A platform that sends a message twice under two request keys still records it once.
CREATE UNIQUE INDEX contact_messages_external_idx ON contact_messages (incident_id, external_id) WHERE external_id IS NOT NULL;
