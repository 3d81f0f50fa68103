-- NENA EIDO exchange with 911 CADs (issue 11 §5, ADR 0029).

-- An incident a CAD sent: the CAD's own identifiers are kept, so that its updates find the
-- incident and Continuum's updates name what the CAD knows it by. `eido_id` is the document's $id
-- (the incident tracking identifier), unique across regions: a second CAD naming it is refused.
-- `version` is the lastUpdateTimeStamp of the last document applied (EIDO has no counter).
CREATE TABLE eido_links (
  incident_id    uuid PRIMARY KEY REFERENCES incidents(id),
  eido_id        text NOT NULL UNIQUE,
  cad_agency_id  text NOT NULL REFERENCES agencies(id),
  version        timestamptz NOT NULL,
  identifiers    jsonb NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX eido_links_cad_agency ON eido_links (cad_agency_id);

-- A CAD's webhook: EIDO updates of the incidents its agency sent are POSTed there. The token it
-- was registered with decides what each update may show (its role's field classes) and ends it.
CREATE TABLE eido_subscriptions (
  id          text PRIMARY KEY,
  token_id    text NOT NULL REFERENCES api_tokens(id),
  agency_id   text NOT NULL REFERENCES agencies(id),
  url         text NOT NULL,
  created_at  timestamptz NOT NULL,
  ended_at    timestamptz
);
CREATE INDEX eido_subscriptions_agency ON eido_subscriptions (agency_id) WHERE ended_at IS NULL;

-- The outbox: one row per subscription and incident version, written in the transaction of the
-- change, so a committed change always has its update and a rolled-back one never does. A
-- delivery worker claims due rows (FOR UPDATE SKIP LOCKED, then a lease) and marks them sent.
CREATE TABLE eido_outbox (
  id                bigserial PRIMARY KEY,
  subscription_id   text NOT NULL REFERENCES eido_subscriptions(id),
  incident_id       uuid NOT NULL REFERENCES incidents(id),
  incident_version  integer NOT NULL,
  eido_id           text NOT NULL,
  document          jsonb NOT NULL,
  created_at        timestamptz NOT NULL,
  attempts          integer NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz NOT NULL,
  leased_until      timestamptz,
  delivered_at      timestamptz,
  gave_up_at        timestamptz,
  last_status       integer,
  last_error        text,
  UNIQUE (subscription_id, incident_id, incident_version)
);
CREATE INDEX eido_outbox_due ON eido_outbox (next_attempt_at) WHERE delivered_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX eido_outbox_subscription ON eido_outbox (subscription_id, id DESC);
