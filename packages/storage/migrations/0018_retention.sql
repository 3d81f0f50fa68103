-- Retention (issue 16 §6, ADR 0023): the change feed and the position history are pruned by age.

-- The highest feed position pruned so far. A console resuming from a position below it may have
-- missed changes that are gone, so it is told to reset instead of being replayed a partial log.
-- Positions have gaps of their own (a rolled-back publish uses up its number), so the lowest
-- position left cannot tell a pruned range from a gap: hence this row.
CREATE TABLE change_feed_horizon (
  id              boolean PRIMARY KEY DEFAULT true CHECK (id),
  pruned_through  bigint NOT NULL DEFAULT 0
);
INSERT INTO change_feed_horizon DEFAULT VALUES;

-- serves: the pruning DELETE, "feed rows committed before t", oldest first
CREATE INDEX change_feed_committed_idx ON change_feed (committed_at);

-- The incident a fix was sent for (the unit's call when the fix arrived; null between calls).
-- Fixes on a call are the incident's trail (GET /api/incidents/{id}/trail) and are kept with the
-- incident; the others are pruned after CONTINUUM_POSITION_RETENTION_DAYS. No foreign key, as for
-- the rest of this table (0008): a month of fixes must stay droppable without touching incidents.
ALTER TABLE unit_positions ADD COLUMN incident_id uuid;

-- The fixes already stored that fall in an assignment window of an incident's response (from
-- dispatch until the unit cleared or was released; still open: up to now) join its trail.
UPDATE unit_positions p SET incident_id = w.incident_id
FROM (
  SELECT i.id AS incident_id, a->>'unitId' AS unit_id, (a->>'assignedAt')::timestamptz AS from_at,
    COALESCE((a->>'clearedAt')::timestamptz, (a->>'releasedAt')::timestamptz, 'infinity'::timestamptz) AS to_at
  FROM incidents i, jsonb_array_elements(i.response->'assignments') a
  WHERE i.response IS NOT NULL AND jsonb_typeof(i.response->'assignments') = 'array'
) w
WHERE p.unit_id = w.unit_id AND p.at >= w.from_at AND p.at <= w.to_at;

-- serves: the pruning DELETE, "fixes between calls older than t"; fixes on a call never match it
CREATE INDEX unit_positions_prunable_idx ON unit_positions (at) WHERE incident_id IS NULL;
