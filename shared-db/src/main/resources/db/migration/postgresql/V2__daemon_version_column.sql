-- V2 on SQLite adds runs.daemon_version to files of the Go daemon's spec schema. No PostgreSQL database
-- predates it (V1 has the column), so here the version exists only to keep the two histories in step.
SELECT 1;
