package dev.runledger.db.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runledger.db.DatabaseSettings;
import dev.runledger.db.DatabaseVendor;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * PostgreSQL, shared by any number of instances: each instance's writer excludes only its own process, so a
 * transaction that reads a row to decide a write locks it first, and nothing learnt in one transaction is
 * trusted in the next (other instances write without telling).
 */
public final class PostgresVendor implements DatabaseVendor {

    private final DatabaseSettings settings;

    public PostgresVendor(DatabaseSettings settings) {
        this.settings = settings;
    }

    /** Its driver caches prepared statements server-side by itself, so no statement cache here. */
    @Override
    public HikariDataSource openPool() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("runledger");
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(settings.url());
        if (settings.user() != null && !settings.user().isBlank()) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null && !settings.password().isBlank()) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        return new HikariDataSource(config);
    }

    @Override
    public FluentConfiguration migrations(FluentConfiguration flyway) {
        return flyway.locations("classpath:db/migration/postgresql");
    }

    /**
     * Group commit, as on SQLite: one commit (one WAL flush) for many writes. The writer runs a batch in lock order
     * (run ids), so two instances' batches take run locks in one order, and runs a deadlock's victim again alone.
     */
    @Override
    public int writesPerTransaction(int maxBatch) {
        return maxBatch;
    }

    @Override
    public boolean sendsStatementsTogether() {
        return true;
    }

    @Override
    public boolean locksRows() {
        return true;
    }

    @Override
    public boolean ordersJoinedPagesByIndex() {
        return false;
    }

    @Override
    public boolean usesDatabaseClock() {
        return true;
    }

    @Override
    public Optional<Object> changeMark(Connection connection) {
        return Optional.empty();
    }

    @Override
    public void writeProbe(Connection connection) throws SQLException {
        // A transaction id: its commit writes a WAL record, so it fails while the disk is full.
        try (PreparedStatement statement = connection.prepareStatement("SELECT txid_current()")) {
            statement.execute();
        }
    }

    @Override
    public boolean storageFull() {
        return false; // the server says so itself, with SQLSTATE 53100 (DatabaseErrors.storageUnavailable)
    }

    @Override
    public OptionalLong usableSpace() {
        return OptionalLong.empty(); // the server's disk: not visible from here
    }

    @Override
    public Optional<Snapshot> snapshot() {
        return Optional.empty(); // pg_dump or the server's own backups; a copy here would be neither consistent nor close
    }

    @Override
    public void continueKeysAfter(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT setval(pg_get_serial_sequence('events', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM events");
        }
    }
}
