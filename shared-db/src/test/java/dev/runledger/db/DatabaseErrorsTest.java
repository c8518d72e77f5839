package dev.runledger.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.runledger.db.sqlite.SqliteSettings;
import dev.runledger.db.sqlite.SqliteVendor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Which failures the store answers in its own words ({@link DatabaseErrors}): SQLite's from a real file opened as the
 * store opens it (extended result codes: a primary key and a unique key are told apart), PostgreSQL's as pgjdbc throws
 * them (a server message with its SQLSTATE), each found also as the cause of another exception, and each recognised
 * by its own question only.
 */
class DatabaseErrorsTest {

    @TempDir
    Path dir;

    private HikariDataSource pool;

    @BeforeEach
    void open() throws SQLException {
        pool = new SqliteVendor(SqliteSettings.defaults(dir.resolve("errors.db").toString()), 2).openPool();
        execute("CREATE TABLE parent (id TEXT PRIMARY KEY, name TEXT UNIQUE)",
                "CREATE TABLE child (id TEXT PRIMARY KEY, parent TEXT NOT NULL REFERENCES parent (id))",
                "INSERT INTO parent VALUES ('p', 'one')");
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aTakenPrimaryKeyOrUniqueKeyIsAUniqueViolationOnly() {
        SQLException primary = failureOf("INSERT INTO parent VALUES ('p', 'two')");
        SQLException unique = failureOf("INSERT INTO parent VALUES ('q', 'one')");
        assertEquals(SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY, ((SQLiteException) primary).getResultCode());
        assertEquals(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE, ((SQLiteException) unique).getResultCode());
        assertOnly(primary, DatabaseErrors::uniqueViolated);
        assertOnly(unique, DatabaseErrors::uniqueViolated);
        assertOnly(postgres("23505"), DatabaseErrors::uniqueViolated);
    }

    @Test
    void aMissingParentIsAForeignKeyViolationOnly() {
        SQLException missing = failureOf("INSERT INTO child VALUES ('c', 'nobody')");
        assertEquals(SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY, ((SQLiteException) missing).getResultCode());
        assertOnly(missing, DatabaseErrors::foreignKeyViolated);
        assertOnly(postgres("23503"), DatabaseErrors::foreignKeyViolated);
    }

    @Test
    void aNotNullViolationIsNoneOfThem() {
        assertOnly(failureOf("INSERT INTO child (id) VALUES ('c')"));
        assertOnly(postgres("23502"));
    }

    @Test
    void theWriteLockOfAnotherConnectionPastTheBusyTimeoutIsLockedByAnotherProcessOnly() throws SQLException {
        try (Connection holder = pool.getConnection(); Statement hold = holder.createStatement()) {
            hold.execute("BEGIN IMMEDIATE");
            try (Connection waiter = pool.getConnection(); Statement write = waiter.createStatement()) {
                write.execute("PRAGMA busy_timeout = 0");
                SQLException busy = assertThrows(SQLException.class, () -> write.execute("INSERT INTO parent VALUES ('b', 'b')"));
                assertEquals("SQLITE_BUSY", ((SQLiteException) busy).getResultCode().name());
                assertOnly(busy, DatabaseErrors::lockedByAnotherProcess);
            } finally {
                hold.execute("ROLLBACK");
            }
        }
    }

    @Test
    void aFullReadOnlyOrFailingStorageIsStorageUnavailableOnly() {
        for (SQLiteErrorCode code : List.of(SQLiteErrorCode.SQLITE_FULL, SQLiteErrorCode.SQLITE_READONLY,
                SQLiteErrorCode.SQLITE_READONLY_DBMOVED, SQLiteErrorCode.SQLITE_IOERR, SQLiteErrorCode.SQLITE_IOERR_WRITE)) {
            assertOnly(new SQLiteException("[" + code.name() + "] " + code.message, code), DatabaseErrors::storageUnavailable);
        }
        assertOnly(postgres("53100"), DatabaseErrors::storageUnavailable);
        assertOnly(postgres("25006"), DatabaseErrors::storageUnavailable);
        assertOnly(new SQLiteException("[SQLITE_CORRUPT] malformed", SQLiteErrorCode.SQLITE_CORRUPT));
    }

    @Test
    void aTextPostgresqlCannotHoldIsUnstorableTextOnly() {
        assertOnly(postgres("22021"), DatabaseErrors::unstorableText);
        assertOnly(postgres("22P05"), DatabaseErrors::unstorableText);
    }

    @Test
    void aDeadlockOrSerializationFailureIsALockConflictOnly() {
        assertOnly(postgres("40P01"), DatabaseErrors::lockConflict);
        assertOnly(postgres("40001"), DatabaseErrors::lockConflict);
    }

    @Test
    void aFailureOfOursIsNotFromTheDatabase() {
        RuntimeException ours = new StoreException(StoreException.Failure.OVERLOADED, "the queue is full");
        assertEquals(List.of(), recognisedBy(ours));
        assertEquals(false, DatabaseErrors.fromDatabase(ours));
        assertEquals(false, DatabaseErrors.fromDatabase(new IllegalStateException("outer", ours)));
    }

    /**
     * The failure, and the same failure as the cause of a cause, is recognised by exactly the given questions (none:
     * by no question) and is from the database.
     */
    @SafeVarargs
    private static void assertOnly(SQLException failure, Predicate<Throwable>... questions) {
        List<Predicate<Throwable>> expected = List.of(questions);
        for (Throwable wrapped : List.of(failure, new IllegalStateException("outer",
                new RuntimeException("middle", failure)))) {
            assertEquals(expected.size(), recognisedBy(wrapped).size(), failure + " recognised by " + expected.size());
            for (Predicate<Throwable> question : expected) {
                assertEquals(true, question.test(wrapped), failure.toString());
            }
            assertEquals(true, DatabaseErrors.fromDatabase(wrapped), failure.toString());
        }
    }

    private static List<String> recognisedBy(Throwable failure) {
        return Stream.of(
                        DatabaseErrors.foreignKeyViolated(failure) ? "foreign key" : null,
                        DatabaseErrors.uniqueViolated(failure) ? "unique" : null,
                        DatabaseErrors.unstorableText(failure) ? "unstorable text" : null,
                        DatabaseErrors.lockConflict(failure) ? "lock conflict" : null,
                        DatabaseErrors.lockedByAnotherProcess(failure) ? "locked" : null,
                        DatabaseErrors.storageUnavailable(failure) ? "storage" : null)
                .filter(Objects::nonNull).toList();
    }

    /** PostgreSQL's error as pgjdbc throws it: the server's message fields, its SQLSTATE among them. */
    private static SQLException postgres(String sqlState) {
        return new PSQLException(new ServerErrorMessage("SERROR\0VERROR\0C" + sqlState + "\0Mrefused by the server\0"));
    }

    private SQLException failureOf(String sql) {
        return assertThrows(SQLException.class, () -> execute(sql));
    }

    private void execute(String... statements) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
