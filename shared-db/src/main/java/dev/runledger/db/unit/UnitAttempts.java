package dev.runledger.db.unit;

import dev.runledger.db.time.Timestamps;
import io.micronaut.core.annotation.Nullable;
import dev.runledger.db.JdbcStatements;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Rows of {@code unit_attempts}: each unit's history of entries into {@code running}. */
@Singleton
final class UnitAttempts {

    private final JdbcStatements sql;

    UnitAttempts(JdbcStatements sql) {
        this.sql = sql;
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

    /** Closes attempt {@code attempt} with the status it ended in, in the current transaction. */
    void close(String unitId, int attempt, String status, Instant completedAt, @Nullable String error) {
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

    /** The unit's attempts, ordered. */
    List<UnitAttempt> of(String unitId) {
        return sql.read("SELECT attempt, owner, status, started_at, completed_at, error "
                + "FROM unit_attempts WHERE unit_id = ? ORDER BY attempt", statement -> {
            statement.setString(1, unitId);
            List<UnitAttempt> attempts = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    attempts.add(new UnitAttempt(rows.getInt(1), rows.getString(2), rows.getString(3),
                            instant(rows.getString(4)), instant(rows.getString(5)), rows.getString(6)));
                }
            }
            return attempts;
        });
    }

    private static @Nullable Instant instant(@Nullable String stored) {
        return stored == null ? null : Timestamps.parse(stored);
    }
}
