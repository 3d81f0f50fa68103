-- OIDC sign-in (issue 3 item 6): identities at an agency's identity provider linked to local
-- accounts, and the short-lived state of sign-ins in flight. Roles and agencies stay in Continuum:
-- a link only says which local account a provider's subject signs in as.

CREATE TABLE external_identities (
  issuer      text NOT NULL,
  subject     text NOT NULL,
  user_id     text NOT NULL REFERENCES users(id),
  created_at  timestamptz NOT NULL,
  created_by  text,
  PRIMARY KEY (issuer, subject)
);
-- serves: listing and unlinking the identities of one account
CREATE INDEX external_identities_user_idx ON external_identities (user_id);

-- One row per sign-in started and not yet finished. Kept in the database, not in memory, so that
-- the callback may reach a different server process than the one that started the sign-in.
CREATE TABLE oidc_logins (
  id_hash        text PRIMARY KEY,
  state          text NOT NULL,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  agency_id      text,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL
);
-- serves: purging sign-ins that were started and never finished
CREATE INDEX oidc_logins_expires_idx ON oidc_logins (expires_at);
