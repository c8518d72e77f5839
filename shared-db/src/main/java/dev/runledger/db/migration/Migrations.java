package dev.runledger.db.migration;

import dev.runledger.db.DatabaseVendor;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/**
 * Brings a database to the newest schema with Flyway, from the migrations of its vendor
 * ({@code classpath:db/migration/sqlite} or {@code classpath:db/migration/postgresql}: same version numbers,
 * same logical schema). Versioned and immutable: a change is a new version, never an edit.
 *
 * <p>Baseline at 0: a file the Go daemon created has the tables but no history; Flyway then applies V1
 * ({@code IF NOT EXISTS}, a no-op there) and every later version in place.
 */
public final class Migrations {

    private Migrations() {
    }

    public static MigrateResult apply(DataSource dataSource, DatabaseVendor vendor) {
        return vendor.migrations(Flyway.configure()
                        .dataSource(dataSource)
                        .baselineOnMigrate(true)
                        .baselineVersion("0"))
                .load()
                .migrate();
    }
}
