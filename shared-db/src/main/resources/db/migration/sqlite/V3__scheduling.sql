-- Scheduling state (docs/CONTRACT.md, v2 §3). New columns are defaulted or nullable, so the Go daemon's own
-- INSERTs (which name their columns) keep working on a shared file and its rows read back with the defaults;
-- what does not belong to one row goes into new tables. Timestamps are TEXT in the store's one form
-- ('2026-01-05 10:00:00.123456789+00:00'), so that lease_expires_at compares in time order as text.
ALTER TABLE runs ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
ALTER TABLE units ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE units ADD COLUMN lease_owner TEXT;
ALTER TABLE units ADD COLUMN lease_expires_at TEXT;
-- A claim walks a run's pending (or running) units in unitId order and stops at the first ready one.
CREATE INDEX idx_units_run_status_unit ON units (run_id, status, unit_id);

-- unit_id depends on depends_on (both units' composite ids, of the same run).
CREATE TABLE unit_dependencies (
    unit_id     TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    depends_on  TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    PRIMARY KEY (unit_id, depends_on)
);
CREATE INDEX idx_unit_dependencies_depends_on ON unit_dependencies (depends_on);

-- One row per entry of a unit into running; closed by its next status change, or as 'lost' by a reclaim.
CREATE TABLE unit_attempts (
    unit_id       TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    attempt       INTEGER NOT NULL,
    owner         TEXT,
    status        TEXT NOT NULL,
    started_at    TEXT,
    completed_at  TEXT,
    error         TEXT,
    PRIMARY KEY (unit_id, attempt)
);
