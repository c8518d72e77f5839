package dev.runledger.db;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;

/** Recognises, in the exceptions of either database, the failures the store answers in its own words. */
public final class DatabaseErrors {

    /** PostgreSQL's SQLSTATEs for foreign_key_violation and unique_violation. */
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String UNIQUE_VIOLATION = "23505";

    private DatabaseErrors() {
    }

    public static boolean foreignKeyViolated(Throwable failure) {
        return violated(failure, SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY, FOREIGN_KEY_VIOLATION);
    }

    /**
     * A unique key or primary key taken meanwhile: by another process on the same database (PostgreSQL
     * instances, or the Go daemon on the SQLite file) between the store's check and its insert.
     */
    public static boolean uniqueViolated(Throwable failure) {
        return violated(failure, SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE, UNIQUE_VIOLATION)
                || violated(failure, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY, UNIQUE_VIOLATION);
    }

    /**
     * PostgreSQL refused a text it cannot hold: U+0000 in a text column (SQLSTATEs 22021, character_not_in_repertoire,
     * and 22P05, untranslatable_character). SQLite stores it; RunLedger answers it as a field error on PostgreSQL.
     */
    public static boolean unstorableText(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * PostgreSQL chose this transaction as a deadlock's victim, or found a serialization failure (SQLSTATEs 40P01 and
     * 40001): the statement did nothing, and the same work run again succeeds once the other transaction is done.
     */
    public static boolean lockConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** Another process held SQLite's write lock for longer than the busy timeout. */
    public static boolean lockedByAnotherProcess(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite && sqlite.getResultCode().name().startsWith("SQLITE_BUSY")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database cannot take writes now: no space left, a read-only file or file system, an I/O failure of the
     * storage (SQLite), or disk full and read-only transactions (PostgreSQL's SQLSTATEs 53100 and 25006).
     */
    public static boolean storageUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                String code = sqlite.getResultCode().name();
                if (code.startsWith("SQLITE_FULL") || code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_IOERR")) {
                    return true;
                }
            }
            if (t instanceof SQLException sql && ("53100".equals(sql.getSQLState()) || "25006".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** The failure came from the database driver (an {@link SQLException} in its causes), not from a rule of ours. */
    public static boolean fromDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    private static boolean violated(Throwable failure, SQLiteErrorCode sqliteCode, String sqlState) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite && sqlite.getResultCode() == sqliteCode) {
                return true;
            }
            if (t instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
