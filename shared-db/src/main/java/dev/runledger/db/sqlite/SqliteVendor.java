package dev.runledger.db.sqlite;

import com.zaxxer.hikari.HikariDataSource;
import dev.runledger.db.migration.DaemonVersionColumn;
import dev.runledger.db.DatabaseVendor;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * SQLite: one file, one writer. The writer's transactions are {@code BEGIN IMMEDIATE}
 * ({@link SqliteConnectionOperations}), so each holds the file's write lock from its first statement to its
 * commit, against this process and every other (the Go daemon): nothing needs row locks, and many writes may
 * share one transaction and one fsync.
 */
public final class SqliteVendor implements DatabaseVendor {

    private final SqliteSettings settings;
    private final int poolSize;

    public SqliteVendor(SqliteSettings settings, int poolSize) {
        this.settings = settings;
        this.poolSize = poolSize;
    }

    @Override
    public HikariDataSource openPool() {
        return SqlitePool.create(settings, poolSize);
    }

    @Override
    public FluentConfiguration migrations(FluentConfiguration flyway) {
        return flyway.locations("classpath:db/migration/sqlite").javaMigrations(new DaemonVersionColumn());
    }

    @Override
    public int writesPerTransaction(int maxBatch) {
        return maxBatch;
    }

    @Override
    public boolean sendsStatementsTogether() {
        return false;
    }

    @Override
    public boolean locksRows() {
        return false;
    }

    @Override
    public boolean ordersJoinedPagesByIndex() {
        return true;
    }

    @Override
    public boolean usesDatabaseClock() {
        return false;
    }

    /**
     * The connection, its {@code data_version} (which moves exactly when another connection commits: another
     * process, or a write of this one that bypassed the writer) and its {@code total_changes()} (which moves
     * when this connection writes, also outside the writer). Read under the write lock: nobody else can commit
     * until the reading transaction has.
     */
    @Override
    public Optional<Object> changeMark(Connection pooled) {
        try (PreparedStatement statement = pooled.prepareStatement(
                "SELECT data_version, total_changes() FROM pragma_data_version");
             ResultSet result = statement.executeQuery()) {
            result.next();
            // Hikari hands out a new proxy per borrow; the connection it wraps stays the same object.
            return Optional.of(new ChangeMark(pooled.unwrap(Connection.class), result.getLong(1), result.getLong(2)));
        } catch (SQLException e) {
            throw new IllegalStateException("reading data_version failed", e);
        }
    }

    /** Equal when taken on the same physical connection (identity) with the same two counters. */
    private record ChangeMark(Connection connection, long dataVersion, long totalChanges) {

        @Override
        public boolean equals(Object other) {
            return other instanceof ChangeMark mark && mark.connection == connection
                    && mark.dataVersion == dataVersion && mark.totalChanges == totalChanges;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(connection) * 31 + Long.hashCode(dataVersion ^ totalChanges);
        }
    }

    @Override
    public void writeProbe(Connection connection) throws SQLException {
        // user_version set to its own value: page 1 is written at the commit; neither RunLedger, Flyway nor the Go
        // daemon reads the number.
        int version;
        try (PreparedStatement read = connection.prepareStatement("PRAGMA user_version");
             ResultSet result = read.executeQuery()) {
            result.next();
            version = result.getInt(1);
        }
        try (PreparedStatement write = connection.prepareStatement("PRAGMA user_version = " + version)) {
            write.execute();
        }
    }

    @Override
    public boolean storageFull() {
        return usableSpace().orElse(Long.MAX_VALUE) < STORAGE_RESERVE;
    }

    @Override
    public Optional<Snapshot> snapshot() {
        // VACUUM INTO reads one snapshot in a read transaction of its own connection: in WAL mode writers go on, and
        // the copy is a compact, consistent database file (SQLite's own backup API restarts when a write intervenes).
        return Optional.of(new Snapshot(Path.of(settings.path()).toAbsolutePath().getParent(), "VACUUM INTO ?"));
    }

    @Override
    public OptionalLong usableSpace() {
        try {
            FileStore store = Files.getFileStore(Path.of(settings.path()).toAbsolutePath().getParent());
            return OptionalLong.of(store.isReadOnly() ? 0 : store.getUsableSpace());
        } catch (IOException | RuntimeException unknown) {
            return OptionalLong.empty();
        }
    }

    /** Less free space than this, and a failed commit is taken for a full disk: a batch's WAL frames need room. */
    private static final long STORAGE_RESERVE = 1024 * 1024;

    @Override
    public void continueKeysAfter(Connection connection) {
        // the next rowid is the largest one's successor by itself
    }
}
