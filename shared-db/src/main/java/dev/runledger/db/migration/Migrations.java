package dev.runledger.db.migration;

import dev.runledger.db.DatabaseVendor;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Brings a database to the newest schema with Flyway, from the migrations of its vendor
 * ({@code classpath:db/migration/sqlite} or {@code classpath:db/migration/postgresql}: same version numbers,
 * same logical schema). Versioned and immutable: a change is a new version, never an edit.
 *
 * <p>Baseline at 0: a file the Go daemon created has the tables but no history; Flyway then applies V1
 * ({@code IF NOT EXISTS}, a no-op there) and every later version in place.
 *
 * <p>A database whose history already records every version up to {@link #NEWEST} as applied, and nothing failed or
 * newer, is current: then one query decides and Flyway is not started at all. Starting Flyway (its configuration,
 * its resource scan of the jar, Jackson for its settings, the validation of every applied migration's checksum) was
 * the largest part of a start that RunLedger's own code does (BENCHMARKS.md, round fourteen); the checksums are
 * still validated by every start that has something to migrate.
 */
public final class Migrations {

    /** The newest migration version (the same on both vendors); MigrationsTest checks it against the files. */
    public static final int NEWEST = 8;

    private Migrations() {
    }

    public static void apply(DataSource dataSource, DatabaseVendor vendor) {
        if (current(dataSource)) {
            return;
        }
        vendor.migrations(Flyway.configure()
                        .dataSource(dataSource)
                        .baselineOnMigrate(true)
                        .baselineVersion("0"))
                .load()
                .migrate();
    }

    /**
     * Whether the database's Flyway history records versions 1 to {@link #NEWEST} as applied successfully, and no
     * failed or newer one; false also when there is no history to read (a new database, a Go daemon's file).
     */
    static boolean current(DataSource dataSource) {
        Set<Integer> applied = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, success FROM flyway_schema_history")) {
            while (rows.next()) {
                String version = rows.getString(1);
                if (version == null) {
                    continue; // a repeatable migration (RunLedger has none)
                }
                if (!rows.getBoolean(2) || !version.matches("\\d+") || Integer.parseInt(version) > NEWEST) {
                    return false;
                }
                applied.add(Integer.parseInt(version));
            }
        } catch (SQLException noHistory) {
            return false;
        }
        for (int version = 1; version <= NEWEST; version++) {
            if (!applied.contains(version)) {
                return false;
            }
        }
        return true;
    }
}
