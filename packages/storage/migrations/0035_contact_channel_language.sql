-- Issue 11 §2: a contact is a call, a text or a chat; the person's preferred language is recorded;
-- a location may be approximate (a town's centre) or unknown (a 988 contact needs no address).
ALTER TABLE incidents ADD COLUMN channel text;
ALTER TABLE incidents ADD COLUMN preferred_language text;
ALTER TABLE incidents ADD COLUMN location_accuracy text;
