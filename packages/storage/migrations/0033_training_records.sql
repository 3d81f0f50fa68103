-- CIT and training records (issue 12 §6): a course taken by a police officer or a
-- telecommunicator, with its date, hours and expiry. Staff data, not caller data.
--
-- A person is their user account when they have one, else their name within the agency (a
-- crew member without a sign-in), so the recommender can match a roster's officer to records.
CREATE TABLE training_records (
  id            text PRIMARY KEY,
  agency_id     text NOT NULL REFERENCES agencies(id),
  user_id       text REFERENCES users(id),
  person_name   text NOT NULL,
  person_role   text NOT NULL CHECK (person_role IN ('police_officer', 'telecommunicator')),
  course        text NOT NULL CHECK (course IN ('cit_40_hour', 'telecommunicator_8_hour', 'mental_health_first_aid', 'cit_refresher', 'youth_cit')),
  completed_on  date NOT NULL,
  hours         numeric(5, 1) NOT NULL CHECK (hours > 0),
  expires_on    date CHECK (expires_on IS NULL OR expires_on > completed_on),
  recorded_by   text NOT NULL,
  recorded_at   timestamptz NOT NULL
);
-- serves: an agency's records (the supervisor's list, the refresher list, the recommender's match)
CREATE INDEX training_records_agency_idx ON training_records (agency_id, person_name);
-- serves: a signed-in officer's records
CREATE INDEX training_records_user_idx ON training_records (user_id) WHERE user_id IS NOT NULL;

-- The crew's old yes/no flag becomes a record of the 40-hour course. Its date was never kept:
-- the hire date stands in (or the day of this migration), marked as migrated by its recorder.
INSERT INTO training_records (id, agency_id, user_id, person_name, person_role, course, completed_on, hours, expires_on, recorded_by, recorded_at)
SELECT 'migrated-cit-' || c.unit_id || '-' || c.ordinal, u.agency_id, c.user_id, c.name, 'police_officer', 'cit_40_hour',
       COALESCE(c.hired_on, CURRENT_DATE), 40, NULL, 'migration-0033', now()
FROM unit_crew c JOIN units u ON u.id = c.unit_id
WHERE c.cit_trained AND c.role = 'police_officer';

ALTER TABLE unit_crew DROP COLUMN cit_trained;
