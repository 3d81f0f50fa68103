-- A call routed to the CARES line runs on the statewide youth maximum (2 hours), not the region's
-- plan for its level (issue 11 §3): the projection keeps the figure the routing recorded.
ALTER TABLE incidents ADD COLUMN cares_max_response_minutes integer;
