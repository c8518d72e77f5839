package dev.runledger.db;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;

/** Recognises constraint violations in the exceptions of either database. */
public final class Constraints {

    /** PostgreSQL's SQLSTATEs for foreign_key_violation and unique_violation. */
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String UNIQUE_VIOLATION = "23505";

    private Constraints() {
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
