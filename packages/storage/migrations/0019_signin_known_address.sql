-- A name that has signed in from an address before is not held up there by the per-address limit
-- (ADR 0017): a stranger spraying passwords from a shared address (NAT, an unlisted proxy) must not
-- stop the dispatchers who work behind it. The pair's own delays still apply to it.
ALTER TABLE sign_in_throttle ADD COLUMN last_success_at timestamptz;
