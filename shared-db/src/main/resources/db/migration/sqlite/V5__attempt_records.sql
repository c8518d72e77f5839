-- What each attempt did (docs/CONTRACT.md, v3 §5): nullable columns of RunLedger's own unit_attempts table, one per
-- member, so that recordAttempt merges agent and git member by member with one UPDATE, and a read that does not
-- ask for the prompt never loads it. The Go daemon's tables are untouched.
ALTER TABLE unit_attempts ADD COLUMN agent_name TEXT;
ALTER TABLE unit_attempts ADD COLUMN agent_provider TEXT;
ALTER TABLE unit_attempts ADD COLUMN agent_model TEXT;
ALTER TABLE unit_attempts ADD COLUMN agent_session_id TEXT;
ALTER TABLE unit_attempts ADD COLUMN agent_pid BIGINT;
ALTER TABLE unit_attempts ADD COLUMN git_branch TEXT;
ALTER TABLE unit_attempts ADD COLUMN git_worktree_path TEXT;
ALTER TABLE unit_attempts ADD COLUMN git_base_commit TEXT;
ALTER TABLE unit_attempts ADD COLUMN git_head_before TEXT;
ALTER TABLE unit_attempts ADD COLUMN git_head_after TEXT;
ALTER TABLE unit_attempts ADD COLUMN prompt TEXT;
ALTER TABLE unit_attempts ADD COLUMN summary TEXT;
ALTER TABLE unit_attempts ADD COLUMN exit_code INTEGER;
ALTER TABLE unit_attempts ADD COLUMN result_json TEXT;
