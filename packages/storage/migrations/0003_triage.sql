-- Triage: the guided interview and overrides on the incident projection, and the protocol
-- registry. A published protocol version is immutable; each region pins the version it uses.

ALTER TABLE incidents ADD COLUMN interview jsonb;
ALTER TABLE incidents ADD COLUMN response_override jsonb;

CREATE TABLE protocol_versions (
  protocol_id   text NOT NULL,
  version       text NOT NULL,
  title         text NOT NULL,
  document      jsonb NOT NULL,
  checksum      text NOT NULL,
  published_at  timestamptz NOT NULL,
  published_by  text,
  PRIMARY KEY (protocol_id, version)
);
CREATE TRIGGER protocol_versions_immutable BEFORE UPDATE OR DELETE ON protocol_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE region_protocols (
  region_id    text PRIMARY KEY REFERENCES regions(id),
  protocol_id  text NOT NULL,
  version      text NOT NULL,
  pinned_at    timestamptz NOT NULL,
  pinned_by    text,
  FOREIGN KEY (protocol_id, version) REFERENCES protocol_versions (protocol_id, version)
);
