package dev.runledger.contract;

import dev.runledger.contract.target.JarDeployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database the server cannot use stops the jar at start with one line that names the file and the cause, and a
 * non-zero exit: not a database, a read-only file system (with the file, and without it), a missing directory.
 */
@OwnDeployment
class StartUpFailureTest {

    @TempDir
    Path dir;

    @BeforeEach
    void jarTarget() {
        Assumptions.assumeTrue(Targets.selected().equals("jar"),
                "starts the jar itself: this test runs with -Drunledger.target=jar (mvn verify runs it)");
    }

    @Test
    void aFileThatIsNotADatabase() throws Exception {
        Path file = dir.resolve("notes.db");
        Files.writeString(file, "not a database, only text, and long enough to fill a header page of SQLite.".repeat(3));
        assertOneLine(file, "the file is not a SQLite database.");
    }

    @Test
    void aMissingDirectory() throws Exception {
        Path file = dir.resolve("nowhere").resolve("runledger.db");
        assertOneLine(file, "its directory " + file.getParent() + " does not exist.");
    }

    @Test
    void aReadOnlyFileSystemWithTheFileAndWithout() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("mount"), "4m")) {
            Path existing = disk.path().resolve("existing.db");
            // A 4 MiB disk is under health's default free-space floor (64 MB): healthy here means writable at all.
            try (JarDeployment jar = new JarDeployment(Targets.jar(), existing, Map.of("RUNLEDGER_STORAGE_MIN_FREE_SPACE", "1MB"))) {
                jar.uri(); // created and migrated on a writable file system first
            }
            disk.remountReadOnly();
            assertOneLine(existing, "the file system is read-only.");
            assertOneLine(disk.path().resolve("new.db"), "the file system is read-only.");
        }
    }

    /** Starts the jar on {@code file}; it must exit non-zero, its last line naming the file and {@code cause}. */
    private static void assertOneLine(Path file, String cause) throws IOException, InterruptedException {
        Process jar = start(file);
        assertTrue(jar.waitFor(60, TimeUnit.SECONDS), "the server should stop by itself");
        String output = new String(jar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, jar.exitValue(), output);
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        String expected = "RunLedger could not start: cannot open the SQLite database " + file.toAbsolutePath() + ": " + cause;
        assertEquals(expected, lines.get(lines.size() - 1), output);
        assertTrue(lines.stream().noneMatch(line -> line.contains("Exception") || line.startsWith("\tat ")),
                "no stack trace: " + output);
    }

    private static Process start(Path file) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(JarDeployment.javaBinary(), "-jar", Targets.jar().toAbsolutePath().toString())
                .redirectErrorStream(true);
        builder.environment().put("RUNLEDGER_DB", file.toString());
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(JarDeployment.freePort()));
        builder.environment().remove("RUNLEDGER_DB_URL");
        return builder.start();
    }
}
