package dev.runledger.db.unit;

import dev.runledger.db.event.LogWatch;
import dev.runledger.db.time.Timestamps;
import io.micronaut.core.annotation.Nullable;
import dev.runledger.db.JdbcStatements;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rows of {@code unit_attempts}: each unit's history of entries into {@code running}. */
@Singleton
final class UnitAttempts {

    private final JdbcStatements sql;
    private final LogWatch watch;

    UnitAttempts(JdbcStatements sql, LogWatch watch) {
        this.sql = sql;
        this.watch = watch;
    }

    /** Opens attempt {@code attempt}, in the current transaction. */
    void open(String unitId, int attempt, @Nullable String owner, Instant startedAt) {
        sql.write("INSERT INTO unit_attempts (unit_id, attempt, owner, status, started_at) "
                + "VALUES (?, ?, ?, 'running', ?)", statement -> {
            statement.setString(1, unitId);
            statement.setInt(2, attempt);
            statement.setString(3, owner);
            statement.setString(4, Timestamps.format(startedAt));
            return statement.executeUpdate();
        });
    }

    /**
     * Closes attempt {@code attempt} with the status it ended in, in the current transaction; the followers of its
     * output learn it once the transaction commits (a stream of it ends).
     */
    void close(String unitId, int attempt, String status, Instant completedAt, @Nullable String error) {
        watch.changed(new LogWatch.AttemptOutput(unitId, attempt));
        sql.write("UPDATE unit_attempts SET status = ?, completed_at = ?, error = ? "
                + "WHERE unit_id = ? AND attempt = ?", statement -> {
            statement.setString(1, status);
            statement.setString(2, Timestamps.format(completedAt));
            statement.setString(3, error);
            statement.setString(4, unitId);
            statement.setInt(5, attempt);
            return statement.executeUpdate();
        });
    }

    /** The unit's attempts, ordered; never their prompts (only whether there is one). */
    List<UnitAttempt> of(String unitId) {
        return sql.read(SELECT + " WHERE unit_id = ? ORDER BY attempt", statement -> {
            statement.setString(1, unitId);
            List<UnitAttempt> attempts = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    attempts.add(attempt(rows));
                }
            }
            return attempts;
        });
    }

    /** One attempt, or null when the unit never had it. */
    @Nullable UnitAttempt one(String unitId, int attempt) {
        return sql.read(SELECT + " WHERE unit_id = ? AND attempt = ?", statement -> {
            statement.setString(1, unitId);
            statement.setInt(2, attempt);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? attempt(rows) : null;
            }
        });
    }

    /** The attempt's prompt (null when none is recorded). */
    @Nullable String prompt(String unitId, int attempt) {
        return sql.read("SELECT prompt FROM unit_attempts WHERE unit_id = ? AND attempt = ?", statement -> {
            statement.setString(1, unitId);
            statement.setInt(2, attempt);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        });
    }

    /** Sets the change's columns of the attempt, in the current transaction. */
    void record(String unitId, int attempt, AttemptChange change) {
        Map<String, Object> columns = change.columns();
        // The column names come from AttemptChange's fixed table, never from a request.
        String assignments = String.join(", ", columns.keySet().stream().map(column -> column + " = ?").toList());
        sql.write("UPDATE unit_attempts SET " + assignments + " WHERE unit_id = ? AND attempt = ?", statement -> {
            int index = 1;
            for (Object value : columns.values()) {
                if (value == null) {
                    statement.setNull(index++, java.sql.Types.NULL);
                } else if (value instanceof Long number) {
                    statement.setLong(index++, number);
                } else if (value instanceof Integer number) {
                    statement.setInt(index++, number);
                } else {
                    statement.setString(index++, (String) value);
                }
            }
            statement.setString(index++, unitId);
            statement.setInt(index, attempt);
            return statement.executeUpdate();
        });
    }

    /**
     * The context a claimed unit gets from the units it depends on, ordered by their unitId: each one's current
     * attempt's summary and head after (nulls where not recorded).
     */
    List<DependencyContext> contextOf(String unitId) {
        return sql.read("SELECT u.unit_id, u.attempt, a.summary, a.git_head_after FROM unit_dependencies d "
                + "JOIN units u ON u.id = d.depends_on "
                + "LEFT JOIN unit_attempts a ON a.unit_id = u.id AND a.attempt = u.attempt "
                + "WHERE d.unit_id = ? ORDER BY u.unit_id", statement -> {
            statement.setString(1, unitId);
            List<DependencyContext> context = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    context.add(new DependencyContext(rows.getString(1), rows.getInt(2), rows.getString(3), rows.getString(4)));
                }
            }
            return context;
        });
    }

    private static final String SELECT = "SELECT attempt, owner, status, started_at, completed_at, error, "
            + "agent_name, agent_provider, agent_model, agent_session_id, agent_pid, "
            + "git_branch, git_worktree_path, git_base_commit, git_head_before, git_head_after, "
            + "summary, exit_code, result_json, prompt IS NOT NULL, output_chunks, output_pruned FROM unit_attempts";

    private static UnitAttempt attempt(ResultSet rows) throws java.sql.SQLException {
        long pid = rows.getLong(11);
        Long agentPid = rows.wasNull() ? null : pid;
        int exit = rows.getInt(18);
        Integer exitCode = rows.wasNull() ? null : exit;
        AttemptWork work = new AttemptWork(
                AttemptWork.Agent.of(rows.getString(7), rows.getString(8), rows.getString(9), rows.getString(10), agentPid),
                AttemptWork.Git.of(rows.getString(12), rows.getString(13), rows.getString(14), rows.getString(15),
                        rows.getString(16)),
                rows.getString(17), exitCode, rows.getString(19), rows.getBoolean(20), rows.getLong(21),
                rows.getInt(22) != 0);
        return new UnitAttempt(rows.getInt(1), rows.getString(2), rows.getString(3),
                instant(rows.getString(4)), instant(rows.getString(5)), rows.getString(6), work);
    }

    private static @Nullable Instant instant(@Nullable String stored) {
        return stored == null ? null : Timestamps.parse(stored);
    }
}
