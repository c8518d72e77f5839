-- The Go daemon's shipped schema, as its migrate() runs it on every open (GoDaemonFile derives the
-- spec variant, which lacks daemon_version, from it).
CREATE TABLE IF NOT EXISTS runs (
    id              TEXT PRIMARY KEY,
    feature_branch  TEXT NOT NULL,
    repo_path       TEXT NOT NULL,
    target_branch   TEXT NOT NULL,
    tasks_dir       TEXT NOT NULL,
    parallelism     INTEGER NOT NULL,
    status          TEXT NOT NULL,
    daemon_version  TEXT NOT NULL,
    started_at      DATETIME,
    completed_at    DATETIME,
    error           TEXT,
    config_json     TEXT,
    UNIQUE(feature_branch, repo_path)
);
CREATE TABLE IF NOT EXISTS units (
    id              TEXT PRIMARY KEY,
    run_id          TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    unit_id         TEXT NOT NULL,
    status          TEXT NOT NULL,
    branch          TEXT,
    worktree_path   TEXT,
    started_at      DATETIME,
    completed_at    DATETIME,
    error           TEXT,
    UNIQUE(run_id, unit_id)
);
CREATE TABLE IF NOT EXISTS events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id          TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    sequence        INTEGER NOT NULL,
    event_type      TEXT NOT NULL,
    unit_id         TEXT,
    payload_json    TEXT,
    created_at      DATETIME DEFAULT CURRENT_TIMESTAMP,
    UNIQUE(run_id, sequence)
);
CREATE INDEX IF NOT EXISTS idx_runs_status ON runs(status);
CREATE INDEX IF NOT EXISTS idx_units_run_id ON units(run_id);
CREATE INDEX IF NOT EXISTS idx_units_status ON units(status);
CREATE INDEX IF NOT EXISTS idx_events_run_id ON events(run_id);
CREATE INDEX IF NOT EXISTS idx_events_sequence ON events(run_id, sequence);
