-- Simulated history (issue 13 §5, ADR 0037): every record the simulator's history writer puts in
-- the database says so, so that nothing simulated is ever mistaken for a real call. Real writes
-- leave the default; reports leave simulated calls out unless asked.
ALTER TABLE incidents ADD COLUMN simulated boolean NOT NULL DEFAULT false;
ALTER TABLE incident_events ADD COLUMN simulated boolean NOT NULL DEFAULT false;
ALTER TABLE followup_episodes ADD COLUMN simulated boolean NOT NULL DEFAULT false;
ALTER TABLE followup_events ADD COLUMN simulated boolean NOT NULL DEFAULT false;
ALTER TABLE audit_log ADD COLUMN simulated boolean NOT NULL DEFAULT false;
-- "Does this database hold real calls?" is asked before every write of history.
CREATE INDEX incidents_real_idx ON incidents (region_id) WHERE NOT simulated;
