-- Safety flags the call-taker marked as a threat or a medical concern (issue 12 §2): kept on the
-- incident's projection like 988's unavailability report, so a mark still counts as a factor when
-- the incident is read back (it was folded, then lost with the row).
ALTER TABLE incidents ADD COLUMN marked_flags jsonb;
