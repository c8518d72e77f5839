package dev.runledger.db.migration;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * V2 on SQLite: the Go daemon's spec schema has no {@code runs.daemon_version}; its shipped schema has
 * {@code daemon_version TEXT NOT NULL}. Files of both shapes exist, and SQLite has no
 * {@code ADD COLUMN IF NOT EXISTS}, so this migration looks before it adds. Rows of old files read back
 * with {@code ""}, as the daemon's string would. Immutable, like every applied migration.
 */
public final class DaemonVersionColumn implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "daemon version column";
    }

    @Override
    public Integer getChecksum() {
        return 2;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        try (Statement statement = context.getConnection().createStatement()) {
            if (!hasColumn(statement, "runs", "daemon_version")) {
                statement.execute("ALTER TABLE runs ADD COLUMN daemon_version TEXT NOT NULL DEFAULT ''");
            }
        }
    }

    private static boolean hasColumn(Statement statement, String table, String column) throws SQLException {
        try (ResultSet columns = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (columns.next()) {
                if (column.equals(columns.getString("name"))) {
                    return true;
                }
            }
            return false;
        }
    }
}
