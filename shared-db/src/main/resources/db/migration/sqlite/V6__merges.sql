-- Merges (docs/CONTRACT.md, v3 §6): a run's branch, or one of its units' attempts, merged into a target branch,
-- directly or through a pull request. A table of RunLedger's own; deleting a run deletes its merges.
CREATE TABLE merges (
    id              TEXT PRIMARY KEY,
    run_id          TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    unit_id         TEXT,
    attempt         INTEGER,
    target_branch   TEXT NOT NULL,
    kind            TEXT NOT NULL,
    merge_commit    TEXT,
    merge_base      TEXT,
    pr_number       BIGINT,
    pr_url          TEXT,
    pr_status       TEXT,
    merged_at       TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX idx_merges_run_created ON merges (run_id, created_at, id);
