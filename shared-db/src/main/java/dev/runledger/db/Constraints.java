package dev.runledger.db;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;

/** Recognises constraint violations in the exceptions of either database. */
public final class Constraints {

    /** PostgreSQL's SQLSTATE for foreign_key_violation. */
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private Constraints() {
    }

    public static boolean foreignKeyViolated(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY) {
                return true;
            }
            if (t instanceof SQLException sql && FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
