-- The seed schema on PostgreSQL: the same tables, columns, constraints, cascades and indexes as on SQLite.
-- Timestamps are TEXT in the same form ('2026-01-05 10:00:00.123456789+00:00'), so that both vendors store
-- and read them through one converter; the id column of events comes first (Micronaut Data reads the
-- generated key from column 1 of RETURNING *, STACK.md).
CREATE TABLE runs (
    id              TEXT PRIMARY KEY,
    feature_branch  TEXT NOT NULL,
    repo_path       TEXT NOT NULL,
    target_branch   TEXT NOT NULL,
    tasks_dir       TEXT NOT NULL,
    parallelism     INTEGER NOT NULL,
    status          TEXT NOT NULL,
    daemon_version  TEXT NOT NULL DEFAULT '',
    started_at      TEXT,
    completed_at    TEXT,
    error           TEXT,
    config_json     TEXT,
    UNIQUE (feature_branch, repo_path)
);

CREATE TABLE units (
    id              TEXT PRIMARY KEY,
    run_id          TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    unit_id         TEXT NOT NULL,
    status          TEXT NOT NULL,
    branch          TEXT,
    worktree_path   TEXT,
    started_at      TEXT,
    completed_at    TEXT,
    error           TEXT,
    UNIQUE (run_id, unit_id)
);

CREATE TABLE events (
    id              BIGSERIAL PRIMARY KEY,
    run_id          TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    sequence        BIGINT NOT NULL,
    event_type      TEXT NOT NULL,
    unit_id         TEXT,
    payload_json    TEXT,
    created_at      TEXT,
    UNIQUE (run_id, sequence)
);

CREATE INDEX idx_runs_status ON runs (status);
CREATE INDEX idx_units_run_id ON units (run_id);
CREATE INDEX idx_units_status ON units (status);
CREATE INDEX idx_events_run_id ON events (run_id);
CREATE INDEX idx_events_sequence ON events (run_id, sequence);
