package dev.runledger.db;

import io.micronaut.core.annotation.Nullable;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Why the database could not be opened at start, in one sentence for whoever runs the server: the file and the
 * cause (a read-only file system, a permission, not a database, no space), not the framework's chain of exceptions.
 */
public final class OpenFailures {

    private OpenFailures() {
    }

    /**
     * @param sqliteFile the SQLite file, or null when the store is on PostgreSQL
     * @param databaseUrl the PostgreSQL URL (without credentials), or null on SQLite
     * @return the sentence, or null when {@code failure} is not about the database
     */
    public static @Nullable String describe(Throwable failure, @Nullable Path sqliteFile, @Nullable String databaseUrl) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite && sqliteFile != null) {
                return "cannot open the SQLite database " + sqliteFile.toAbsolutePath() + ": " + sqlite(sqlite, sqliteFile);
            }
            if (t instanceof SQLException sql && databaseUrl != null && sql.getSQLState() != null) {
                return "cannot use the PostgreSQL database " + databaseUrl + ": " + firstLine(sql.getMessage());
            }
        }
        return null;
    }

    private static String sqlite(SQLiteException e, Path file) {
        String code = e.getResultCode().name();
        if (code.startsWith("SQLITE_NOTADB")) {
            return "the file is not a SQLite database.";
        }
        if (code.startsWith("SQLITE_CORRUPT")) {
            return "the database file is corrupt.";
        }
        if (code.startsWith("SQLITE_FULL")) {
            return "no space left on the device.";
        }
        if (code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_PERM")
                || code.startsWith("SQLITE_IOERR")) {
            return access(file, e);
        }
        return firstLine(e.getMessage()) + ".";
    }

    /** What stands between the server and writing the file: its directory, the file system, or a permission. */
    private static String access(Path file, SQLiteException e) {
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            return "its directory " + directory + " does not exist.";
        }
        try {
            if (Files.getFileStore(directory).isReadOnly()) {
                return "the file system is read-only.";
            }
        } catch (IOException unreadable) {
            return "its directory cannot be read (" + unreadable.getMessage() + ").";
        }
        if (!Files.isWritable(directory) || Files.exists(file) && !Files.isWritable(file)) {
            return "permission denied: the file and its directory must be writable by this process.";
        }
        if (e.getResultCode().name().startsWith("SQLITE_IOERR") && String.valueOf(e.getMessage()).contains("full")) {
            return "no space left on the device.";
        }
        return firstLine(e.getMessage()) + ".";
    }

    /** The first line of the innermost cause's message: what a failure that is not about the database says. */
    public static String innermostReason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return firstLine(root.getMessage());
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "unknown cause";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
