-- A production start (issue 16 §3, ADR 0021).

-- Written by the demo seed: the one database whose accounts may keep the demo's public password.
-- At most one row. A database without it refuses to start while an account has that password.
CREATE TABLE demo_marker (
  only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  region_id text NOT NULL,
  marked_at timestamptz NOT NULL
);

-- Whether the account's password is the demo's public one, recorded whenever a password is set,
-- so that start-up reads a flag instead of running an argon2 verify per account. NULL: the
-- password was set before this migration; the next start verifies it once and records the answer.
ALTER TABLE users ADD COLUMN password_is_demo boolean;
