package dev.runledger.contract;

import dev.runledger.contract.target.Targets;
import dev.runledger.db.OpenFailures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The sentence a server that cannot open its database stops with ({@link OpenFailures#describe}), for the failures of
 * a real start in this process: not a database, a missing directory, a read-only file system (with the file and
 * without it), a PostgreSQL server that is not there; a failure that is not about the database gets none.
 * {@code StartUpFailureTest} checks the same sentences as the jar prints them; this one is where the mutation run
 * (which cannot reach into a child process) measures them.
 */
@OwnDeployment
class OpenFailuresTest {

    @TempDir
    Path dir;

    @BeforeEach
    void embeddedTarget() {
        // Here, not in InProcessServer.start: the starts below are expected to throw, and would catch its skip.
        Assumptions.assumeTrue(Targets.selected().equals("embedded"), "SKIPPED LOUDLY: this test starts the server "
                + "in-process and runs with -Drunledger.target=embedded (mvn -B verify runs it)");
    }

    @Test
    void aFileThatIsNotADatabase() throws Exception {
        Path file = dir.resolve("notes.db");
        Files.writeString(file, "not a database, only text, and long enough to fill a header page of SQLite.".repeat(3));
        assertEquals(sqlite(file, "the file is not a SQLite database."), describedStart(file));
    }

    @Test
    void aMissingDirectory() {
        Path file = dir.resolve("nowhere").resolve("runledger.db");
        assertEquals(sqlite(file, "its directory " + file.getParent() + " does not exist."), describedStart(file));
    }

    @Test
    void aReadOnlyFileSystemWithTheFileAndWithout() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("mount"), "4m")) {
            Path existing = disk.path().resolve("existing.db");
            // A 4 MiB disk is under health's default free-space floor (64 MB): healthy here means writable at all.
            InProcessServer.start(existing, Map.of("runledger.storage.min-free-space", "1MB")).close();
            disk.remountReadOnly();
            assertEquals(sqlite(existing, "the file system is read-only."), describedStart(existing));
            Path absent = disk.path().resolve("new.db");
            assertEquals(sqlite(absent, "the file system is read-only."), describedStart(absent));
        }
    }

    @Test
    void aPostgresqlServerThatIsNotThereIsNamedWithoutItsParameters() {
        String url = "jdbc:postgresql://127.0.0.1:1/runledger";
        RuntimeException failure = assertThrows(RuntimeException.class, () -> InProcessServer.start(dir.resolve("unused.db"),
                Map.of("runledger.database.url", url + "?connectTimeout=2", "runledger.database.user", "runledger")));
        String described = OpenFailures.describe(failure, null, url);
        assertEquals("cannot use the PostgreSQL database " + url + ": Connection to 127.0.0.1:1 refused.",
                described.substring(0, described.indexOf(" refused.") + " refused.".length()), described);
        assertNull(OpenFailures.describe(failure, dir.resolve("unused.db"), null),
                "a PostgreSQL failure is not described as the SQLite file's");
    }

    @Test
    void aFailureThatIsNotAboutTheDatabaseGetsNoSentence() {
        assertNull(OpenFailures.describe(new IllegalStateException("port 8080 in use",
                new RuntimeException("bind")), dir.resolve("runledger.db"), "jdbc:postgresql://127.0.0.1/runledger"));
    }

    private static String sqlite(Path file, String cause) {
        return "cannot open the SQLite database " + file.toAbsolutePath() + ": " + cause;
    }

    /** Starts the functions in this process on {@code file}: the start must fail; its sentence. */
    private static String describedStart(Path file) {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> InProcessServer.start(file, Map.of()).close());
        return OpenFailures.describe(failure, file, null);
    }
}
