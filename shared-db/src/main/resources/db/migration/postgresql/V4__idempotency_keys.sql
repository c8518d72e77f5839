-- Idempotency keys (docs/CONTRACT.md, v2 §2): the same table as on SQLite (its V4 says why it looks as it does).
-- The primary key is what serialises two instances: a second INSERT of the same (function, key) waits for the
-- first one's transaction, then sees its row.
CREATE TABLE idempotency_keys (
    function_name    TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL,
    request_hash     BYTEA NOT NULL,
    status           INTEGER,
    answer           BYTEA,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (function_name, idempotency_key)
);
CREATE INDEX idx_idempotency_keys_created_at ON idempotency_keys (created_at);
