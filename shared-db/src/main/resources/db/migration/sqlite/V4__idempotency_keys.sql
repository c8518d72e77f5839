-- Idempotency keys (docs/CONTRACT.md, v2 §2): one row per (function, key) whose first request succeeded, written
-- in the same transaction as that request's effect. A new table only: the Go daemon never reads or writes it.
-- request_hash is the SHA-256 of the request body as a JSON value; answer is the exact bytes first answered.
-- created_at is epoch milliseconds, so that the retention sweep compares numbers on either vendor.
CREATE TABLE idempotency_keys (
    function_name    TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL,
    request_hash     BLOB NOT NULL,
    status           INTEGER,
    answer           BLOB,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (function_name, idempotency_key)
) WITHOUT ROWID;
CREATE INDEX idx_idempotency_keys_created_at ON idempotency_keys (created_at);
