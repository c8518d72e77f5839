-- An attempt's raw output (docs/CONTRACT.md, v3 §7), kept apart from the event log: chunks numbered 1, 2, 3, ... per
-- attempt whatever the stream, each with its stream's byte offset. The attempt's row counts its chunks and each
-- stream's bytes, so an append finds its chunk number and offset in the row it updates (and, where rows are locked,
-- locks: one append per attempt at a time, on every instance). Deleting a run deletes its attempts' output.
ALTER TABLE unit_attempts ADD COLUMN output_chunks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE unit_attempts ADD COLUMN output_pruned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE unit_attempts ADD COLUMN agent_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE unit_attempts ADD COLUMN stdout_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE unit_attempts ADD COLUMN stderr_bytes BIGINT NOT NULL DEFAULT 0;
CREATE TABLE output_chunks (
    unit_id        TEXT NOT NULL,
    attempt        INTEGER NOT NULL,
    chunk          INTEGER NOT NULL,
    stream         TEXT NOT NULL,
    stream_offset  BIGINT NOT NULL,
    byte_length    BIGINT NOT NULL,
    text           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (unit_id, attempt, chunk),
    FOREIGN KEY (unit_id, attempt) REFERENCES unit_attempts (unit_id, attempt) ON DELETE CASCADE
);
-- output_pruned: 0 kept, 2 being removed by retention (answered as removed), 1 removed. Retention finds the closed
-- attempts whose output is not yet removed without reading every attempt.
CREATE INDEX idx_unit_attempts_output_kept ON unit_attempts (completed_at) WHERE output_chunks > 0 AND output_pruned <> 1;
