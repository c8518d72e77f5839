-- Idempotency keys (docs/CONTRACT.md, v2 §2): one row per (function, key) whose first request succeeded, written
-- in the same transaction as that request's effect. A new table only: the Go daemon never reads or writes it.
-- request_hash is the SHA-256 of the request body as a JSON value; answer is the exact bytes first answered.
-- created_at is epoch milliseconds, so that the retention sweep compares numbers on either vendor.
-- A rowid table with the key in a separate unique index, not a WITHOUT ROWID table keyed by it: keys arrive in
-- random order, so each insert lands on a random page of the key's B-tree; kept to the narrow index, those pages
-- stay few and cached, while the rows with their answers are appended in order.
CREATE TABLE idempotency_keys (
    function_name    TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL,
    request_hash     BLOB NOT NULL,
    status           INTEGER,
    answer           BLOB,
    created_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX idx_idempotency_keys_key ON idempotency_keys (function_name, idempotency_key);
CREATE INDEX idx_idempotency_keys_created_at ON idempotency_keys (created_at);
