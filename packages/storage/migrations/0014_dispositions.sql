-- How a call ended beyond its outcome code (issue #6 §4): transport (by whom, where), an
-- involuntary petition (who initiated it), arrest, use of force, injuries, the deflection pathway
-- and diversion. The truth is on the incident.closed event; this is its projection, kept as one
-- document because the RAC's reports read it whole (null before this migration, and while open).
ALTER TABLE incidents ADD COLUMN disposition_detail jsonb;
