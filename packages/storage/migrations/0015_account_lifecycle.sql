-- Account lifecycle (issue 10, ADR 0017): ended memberships, the sign-in throttle by account and
-- address, and regional administration grants.

-- A membership is ended, never deleted: who held which role when stays readable. An ended
-- membership no longer authenticates (the credential join requires ended_at IS NULL).
ALTER TABLE memberships ADD COLUMN ended_at timestamptz;
ALTER TABLE memberships ADD COLUMN ended_by text;

-- Failed sign-ins per (username as typed, address): growing delays for that pair only, so a
-- stranger elsewhere cannot lock an account out. Keyed by the name, not the account, so an
-- unknown name is throttled exactly like a known one (no enumeration).
CREATE TABLE sign_in_throttle (
  username        text NOT NULL,
  address         text NOT NULL,
  failures        integer NOT NULL,
  last_failure_at timestamptz NOT NULL,
  blocked_until   timestamptz,
  PRIMARY KEY (username, address)
);
-- serves: pruning pairs that have been quiet for a day
CREATE INDEX sign_in_throttle_last_idx ON sign_in_throttle (last_failure_at);

-- An administrator manages accounts of their own agency only; this grant, given from the command
-- line, widens that to every agency of one region. Every use is audited and alerts the privacy officer.
CREATE TABLE admin_grants (
  id          text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users(id),
  region_id   text NOT NULL REFERENCES regions(id),
  reason      text NOT NULL,
  granted_at  timestamptz NOT NULL,
  granted_by  text,
  revoked_at  timestamptz
);
-- serves: the grants in force for one administrator
CREATE INDEX admin_grants_user_idx ON admin_grants (user_id) WHERE revoked_at IS NULL;
