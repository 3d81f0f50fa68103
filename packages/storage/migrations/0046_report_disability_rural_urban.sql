-- The RAC report's equity by disability and by rural or urban (issue 14 §2; ADR 0045).
--
-- Disability is the intake's answer on the person (incident.received's person.disability, a
-- demographics-class field: yes, no or unknown); report_facts copies it in the write transaction.
-- Rural or urban is the `setting` an administrator gives a district in the GeoJSON import;
-- report_facts copies the setting of the incident's district at write, and the district import
-- brings the copies in line when districts or settings change.
ALTER TABLE districts ADD COLUMN setting text CHECK (setting IN ('urban', 'rural'));

ALTER TABLE report_facts ADD COLUMN disability text NOT NULL DEFAULT 'unknown';
ALTER TABLE report_facts ADD COLUMN rural_urban text NOT NULL DEFAULT 'unknown';

-- Backfill: calls recorded before disability was asked keep 'unknown' (nothing recorded it); the
-- answer of any that carry one is copied from the projection.
UPDATE report_facts f SET disability = i.person->>'disability'
FROM incidents i
WHERE i.id = f.incident_id AND i.person->>'disability' IN ('yes', 'no', 'unknown');
