-- V7 on PostgreSQL adds a partial index of pending units for a claim's pick, where its planner otherwise walks the
-- (run_id, unit_id) index past every completed unit. SQLite's planner takes idx_units_run_status_unit (an equality on
-- run_id and status, ordered by unit_id) already, so here the version exists only to keep the two histories in step.
SELECT 1;
