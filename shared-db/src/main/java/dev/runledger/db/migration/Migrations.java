package dev.runledger.db.migration;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Brings a database to the newest schema with Flyway, from the migrations of its vendor:
 * {@code classpath:db/migration/sqlite} or {@code classpath:db/migration/postgresql}, same version
 * numbers, same logical schema. Versioned and immutable: a change is a new version, never an edit.
 *
 * <p>Baseline at 0: a file the Go daemon created has the tables but no history; Flyway then applies V1
 * ({@code IF NOT EXISTS}, a no-op there) and every later version in place.
 */
public final class Migrations {

    private Migrations() {
    }

    public static MigrateResult apply(DataSource dataSource) {
        String vendor = vendor(dataSource);
        var configuration = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + vendor)
                .baselineOnMigrate(true)
                .baselineVersion("0");
        if (vendor.equals("sqlite")) {
            configuration.javaMigrations(new DaemonVersionColumn());
        }
        return configuration.load().migrate();
    }

    private static String vendor(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("sqlite")) {
                return "sqlite";
            }
            if (product.contains("postgres")) {
                return "postgresql";
            }
            throw new IllegalStateException("RunLedger supports SQLite and PostgreSQL, not " + product);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database to choose its migrations", e);
        }
    }
}
