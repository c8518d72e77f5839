package dev.runledger.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sentence for each of SQLite's failures at open ({@link OpenFailures#describe}) that a start in this process
 * cannot be made to meet here: a corrupt file, a full disk (at open, or as an I/O error that says so), each code that
 * means the file cannot be written, in a directory that is there and in one that is not, and a failure of another
 * kind, of which the first line of SQLite's message is kept. The failures a real start meets are in the contract
 * suite's {@code OpenFailuresTest}.
 */
class OpenFailureSentencesTest {

    @TempDir
    Path dir;

    @Test
    void aCorruptFileAndAFullDiskAreNamed() {
        Path file = dir.resolve("runledger.db");
        assertEquals(sentence(file, "the database file is corrupt."),
                describe(file, SQLiteErrorCode.SQLITE_CORRUPT, "database disk image is malformed"));
        assertEquals(sentence(file, "no space left on the device."),
                describe(file, SQLiteErrorCode.SQLITE_FULL, "database or disk is full"));
        assertEquals(sentence(file, "no space left on the device."),
                describe(file, SQLiteErrorCode.SQLITE_IOERR_WRITE, "disk I/O error (the disk is full)"));
    }

    @Test
    void everyCodeThatMeansTheFileCannotBeWrittenLooksAtItsDirectory() {
        Path file = dir.resolve("gone").resolve("runledger.db");
        for (SQLiteErrorCode code : new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_READONLY, SQLiteErrorCode.SQLITE_CANTOPEN,
                SQLiteErrorCode.SQLITE_PERM, SQLiteErrorCode.SQLITE_IOERR}) {
            assertEquals(sentence(file, "its directory " + file.getParent() + " does not exist."),
                    describe(file, code, "unable to open database file"), code.name());
        }
    }

    @Test
    void anIoErrorThatIsNotAFullDiskKeepsSqlitesWords() {
        Path file = dir.resolve("runledger.db");
        assertEquals(sentence(file, "disk I/O error."), describe(file, SQLiteErrorCode.SQLITE_IOERR, "disk I/O error"));
    }

    @Test
    void anotherFailureKeepsTheFirstLineOfSqlitesMessage() {
        Path file = dir.resolve("runledger.db");
        assertEquals(sentence(file, "[SQLITE_ERROR] SQL error or missing database (no such table: runs)."),
                describe(file, SQLiteErrorCode.SQLITE_ERROR,
                        "[SQLITE_ERROR] SQL error or missing database (no such table: runs)\n  at line 1"));
        assertEquals(sentence(file, "."), describe(file, SQLiteErrorCode.SQLITE_ERROR, "\nonly on the second line"));
        assertEquals(sentence(file, "unknown cause."), describe(file, SQLiteErrorCode.SQLITE_ERROR, null));
    }

    @Test
    void aFailureNotAboutTheDatabaseIsToldByTheFirstLineOfItsInnermostCause() {
        Exception chain = new IllegalStateException("Bean creation failed",
                new RuntimeException("wrapped", new IllegalArgumentException("port 99999 is out of range\n\tat line 3")));
        assertEquals(null, OpenFailures.describe(chain, dir.resolve("runledger.db"), null));
        assertEquals("port 99999 is out of range", OpenFailures.innermostReason(chain));
        assertEquals("alone", OpenFailures.innermostReason(new IllegalStateException("alone")));
        assertEquals("unknown cause", OpenFailures.innermostReason(new IllegalStateException(new RuntimeException())));
    }

    private static String describe(Path file, SQLiteErrorCode code, String message) {
        SQLiteException failure = new SQLiteException(message, code);
        return OpenFailures.describe(new IllegalStateException("the pool could not start", failure), file, null);
    }

    private static String sentence(Path file, String cause) {
        return "cannot open the SQLite database " + file.toAbsolutePath() + ": " + cause;
    }
}
