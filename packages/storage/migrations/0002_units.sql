-- Response units (teams): the catalogue entry a dispatch recommendation will rank (issue #5 adds
-- status, shifts and positions). Composition is the roles on board (DOMAIN.md §4).
CREATE TABLE units (
  id                  text PRIMARY KEY,
  agency_id           text NOT NULL REFERENCES agencies(id),
  name                text NOT NULL,
  model               text NOT NULL,
  composition         jsonb NOT NULL,
  partner_agency_ids  jsonb NOT NULL DEFAULT '[]',
  home_lat            double precision NOT NULL,
  home_lon            double precision NOT NULL,
  home_label          text,
  created_at          timestamptz NOT NULL DEFAULT now()
);
-- serves: the units of an agency
CREATE INDEX units_agency_idx ON units (agency_id);
