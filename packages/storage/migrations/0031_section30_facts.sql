-- CESSA §30 grounds checked against the call's facts (issue 12 §4): 988's report that no crisis
-- team can meet the regional maximum, with who reported it, and how many grounds a supervisor let
-- stand without their fact (counted for the RAC's report).
ALTER TABLE incidents ADD COLUMN crisis_team_unavailability jsonb;
ALTER TABLE incidents ADD COLUMN ground_overrides integer NOT NULL DEFAULT 0;
