package dev.runledger.db;

import dev.runledger.db.run.Run;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.model.query.builder.sql.SqlQueryConfiguration;
import io.micronaut.data.repository.GenericRepository;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one clock that lease times are judged by: the database's where several instances share it (their own
 * clocks may differ), this server's on SQLite (one process owns the writes).
 */
@Singleton
public final class StoreClock {

    private final DatabaseVendor vendor;
    private final DatabaseTime databaseTime;

    public StoreClock(DatabaseVendor vendor, DatabaseTime databaseTime) {
        this.vendor = vendor;
        this.databaseTime = databaseTime;
    }

    public Instant now() {
        return vendor.usesDatabaseClock()
                ? Instant.EPOCH.plus(databaseTime.postgresMicros(), ChronoUnit.MICROS)
                : Instant.now();
    }

    /** The database's clock; PostgreSQL only. Inside a transaction, the time it began. */
    @JdbcRepository(dialect = Dialect.MYSQL)
    @SqlQueryConfiguration(@SqlQueryConfiguration.DialectConfiguration(dialect = Dialect.MYSQL, escapeQueries = false))
    public interface DatabaseTime extends GenericRepository<Run, String> {

        @Query("SELECT CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000000 AS BIGINT)")
        long postgresMicros();
    }
}
