package dev.runledger.db.sqlite;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static dev.runledger.db.OpenTest.pragma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the store asks SQLite's vendor, on a real file and its pool: the change mark that lets the writer trust what it
 * remembered, the probe that makes a commit touch the disk, the free space, the snapshot's place.
 */
class SqliteVendorTest {

    @TempDir
    Path dir;

    private SqliteVendor vendor;
    private HikariDataSource pool;

    @BeforeEach
    void open() throws SQLException {
        vendor = new SqliteVendor(SqliteSettings.defaults(dir.resolve("vendor.db").toString()), 4);
        pool = vendor.openPool();
        try (Connection connection = pool.getConnection(); Statement create = connection.createStatement()) {
            create.execute("CREATE TABLE t (v TEXT)");
        }
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void theConnectionsSyncAsTheSettingsSay() throws SQLException {
        SqliteSettings defaults = SqliteSettings.defaults(dir.resolve("normal.db").toString());
        SqliteSettings normal = new SqliteSettings(defaults.path(), "normal", defaults.busyTimeout(), defaults.walAutocheckpoint());
        try (HikariDataSource other = new SqliteVendor(normal, 2).openPool(); Connection connection = other.getConnection()) {
            assertEquals("1", pragma(connection, "synchronous"), "NORMAL");
        }
        try (Connection connection = pool.getConnection()) {
            assertEquals("2", pragma(connection, "synchronous"), "FULL, the default");
        }
    }

    @Test
    void theChangeMarkStaysWhileNothingIsWritten() throws SQLException {
        try (Connection connection = pool.getConnection()) {
            Object before = vendor.changeMark(connection).orElseThrow();
            Object after = vendor.changeMark(connection).orElseThrow();
            assertEquals(before, after);
            assertEquals(before.hashCode(), after.hashCode());
        }
    }

    @Test
    void theChangeMarkMovesWhenThisConnectionWrites() throws SQLException {
        try (Connection connection = pool.getConnection()) {
            Object before = vendor.changeMark(connection).orElseThrow();
            insert(connection);
            assertNotEquals(before, vendor.changeMark(connection).orElseThrow());
        }
    }

    @Test
    void theChangeMarkMovesWhenAnotherConnectionCommits() throws SQLException {
        try (Connection connection = pool.getConnection(); Connection other = pool.getConnection()) {
            Object before = vendor.changeMark(connection).orElseThrow();
            insert(other);
            assertNotEquals(before, vendor.changeMark(connection).orElseThrow());
        }
    }

    @Test
    void marksOfTwoConnectionsDifferEvenWithTheSameCounters() throws SQLException {
        try (Connection one = pool.getConnection(); Connection two = pool.getConnection()) {
            assertNotEquals(vendor.changeMark(one).orElseThrow(), vendor.changeMark(two).orElseThrow());
            assertNotEquals(vendor.changeMark(one).orElseThrow(), "not a mark");
        }
    }

    @Test
    void theWriteProbeChangesNothingAnyoneReads() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 42");
            connection.setAutoCommit(false);
            vendor.writeProbe(connection);
            connection.commit();
            connection.setAutoCommit(true);
            try (ResultSet version = statement.executeQuery("PRAGMA user_version")) {
                version.next();
                assertEquals(42, version.getInt(1));
            }
        }
    }

    @Test
    void theWriteProbeMakesTheCommitWrite() throws SQLException {
        try (Connection connection = pool.getConnection(); Connection other = pool.getConnection()) {
            Object before = vendor.changeMark(other).orElseThrow();
            connection.setAutoCommit(false);
            vendor.writeProbe(connection);
            connection.commit();
            connection.setAutoCommit(true);
            assertNotEquals(before, vendor.changeMark(other).orElseThrow(), "another connection sees a commit");
        }
    }

    @Test
    void aDiskWithRoomIsNotFull() {
        assertTrue(vendor.usableSpace().orElseThrow() > 1024 * 1024, "this test's directory has room");
        assertFalse(vendor.storageFull());
    }

    @Test
    void storageThatCannotBeSeenIsNotTakenForFull() {
        SqliteVendor nowhere = new SqliteVendor(SqliteSettings.defaults(dir.resolve("missing/dir/x.db").toString()), 1);
        assertTrue(nowhere.usableSpace().isEmpty());
        assertFalse(nowhere.storageFull());
    }

    @Test
    void theSnapshotIsWrittenBesideTheDatabaseByVacuumInto() throws Exception {
        var snapshot = vendor.snapshot().orElseThrow();
        assertEquals(dir.toAbsolutePath(), snapshot.directory());
        Path copy = snapshot.directory().resolve("copy.db");
        try (Connection connection = pool.getConnection();
             var statement = connection.prepareStatement(snapshot.statement())) {
            insert(connection);
            statement.setString(1, copy.toString());
            statement.execute();
        }
        assertTrue(Files.size(copy) > 0, "the copy");
    }

    private static void insert(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO t VALUES ('x')");
        }
    }
}
