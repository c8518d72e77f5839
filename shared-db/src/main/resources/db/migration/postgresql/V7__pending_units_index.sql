-- A claim's pick (the first pending ready unit of a run in unitId order, LIMIT 1) must cost the same at the end of a
-- run as at its start. PostgreSQL's planner sees most of a run's units pending, expects the first in unitId order to
-- come soon, and walks the unique (run_id, unit_id) index, filtering out every completed unit on the way: a scan that
-- grows with the run's completed units. This index holds only pending units, in the pick's order, so the pick reads
-- one entry (plus those of units locked by other claimers, which SKIP LOCKED passes).
CREATE INDEX idx_units_pending ON units (run_id, unit_id) WHERE status = 'pending';
