package dev.runledger.contract;

import dev.runledger.contract.client.Problem;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.JarDeployment;
import dev.runledger.contract.target.Targets;
import dev.runledger.db.backup.DatabaseBackup;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /backup} (docs/CONTRACT.md, v3 §9): a copy of the SQLite database taken while 16 writers append holds
 * every event acknowledged before it was asked for, passes SQLite's integrity check, and a server started on it serves
 * it and takes writes; no writer is refused meanwhile; copies abandoned beside the database go. On PostgreSQL,
 * {@code 501 not-implemented}.
 */
@ExtendWith(RunLedgerExtension.class)
@OwnDeployment
class BackupContractTest {

    private static final int WRITERS = 16;

    @TempDir
    Path dir;

    @Test
    void onPostgresqlABackupIsNotImplemented(RunLedgerClient client) {
        Assumptions.assumeTrue(Targets.postgres(), "SKIPPED LOUDLY: the deployment is on SQLite, where backups are made "
                + "(the other tests of this class run)");
        ProblemException refused = assertThrows(ProblemException.class, () -> client.backup(dir.resolve("copy.db")));
        Problem problem = refused.problem();
        assertEquals(501, problem.status());
        assertEquals("not-implemented", problem.code());
    }

    @Test
    void aCopyTakenUnderSixteenWritersHoldsEveryEventAcknowledgedBeforeIt(Scope scope) throws Exception {
        assumeSqlite();
        List<Run> runs = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            runs.add(scope.createRun("backup-" + w, Map.of()));
        }
        AtomicLongArray acknowledged = new AtomicLongArray(WRITERS);
        ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            running.add(writers.submit(() -> {
                while (!stop.get()) {
                    try {
                        long sequence = scope.client().appendEvent(runs.get(writer).id(), "tick", null,
                                RunLedgerClient.json().createObjectNode().put("pad", "x".repeat(200))).sequence();
                        acknowledged.accumulateAndGet(writer, sequence, Math::max);
                    } catch (RuntimeException e) {
                        refusals.add(e.toString());
                    }
                }
            }));
        }
        Path copy = dir.resolve("copy.db");
        long[] before = new long[WRITERS];
        try {
            // Every writer under way first (on a loaded machine a fixed pause may end before some has been answered).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int w = 0; w < WRITERS; w++) {
                while (acknowledged.get(w) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            Thread.sleep(300);
            for (int w = 0; w < WRITERS; w++) {
                before[w] = acknowledged.get(w);
            }
            scope.client().backup(copy);
            Thread.sleep(300); // the writers go on after the copy too
        } finally {
            stop.set(true);
            for (Future<?> writer : running) {
                writer.get(60, TimeUnit.SECONDS);
            }
            writers.shutdownNow();
        }

        assertTrue(refusals.isEmpty(), "appends during the backup were refused: " + refusals);
        try (Connection database = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
            try (Statement check = database.createStatement(); ResultSet result = check.executeQuery("PRAGMA integrity_check")) {
                assertTrue(result.next());
                assertEquals("ok", result.getString(1));
            }
            try (PreparedStatement events = database.prepareStatement(
                    "SELECT COUNT(*), COALESCE(MIN(sequence), 0) FROM events WHERE run_id = ? AND sequence <= ?")) {
                for (int w = 0; w < WRITERS; w++) {
                    assertTrue(before[w] > 0, "writer " + w + " had an append acknowledged before the backup");
                    events.setString(1, runs.get(w).id());
                    events.setLong(2, before[w]);
                    try (ResultSet result = events.executeQuery()) {
                        result.next();
                        assertEquals(before[w], result.getLong(1), "run " + w + ": every event up to the last one "
                                + "acknowledged before the backup is in the copy");
                        assertEquals(1, result.getLong(2));
                    }
                }
            }
        }
    }

    @Test
    void aServerStartedOnACopyServesItAndTakesWrites(Scope scope) throws Exception {
        assumeSqlite();
        Run run = scope.createRun("backup-served", Map.of());
        for (int i = 0; i < 5; i++) {
            scope.client().appendEvent(run.id(), "tick", null, null);
        }
        Path copy = dir.resolve("served.db");
        scope.client().backup(copy);

        try (JarDeployment server = onCopy(copy)) {
            RunLedgerClient restored = new RunLedgerClient(server.uri());
            assertEquals(run.featureBranch(), restored.getRun(run.id()).featureBranch());
            assertEquals(5, restored.listEvents(run.id(), null, null, null, null).lastSequence());
            assertEquals(6, restored.appendEvent(run.id(), "after-restore", null, null).sequence(),
                    "the copy's log goes on where it stood");
        }
    }

    /**
     * A copy left beside the database by a process killed while it wrote one is deleted by the next backup once it is
     * an hour old; a younger one may be another process's copy in the making and stays. The copy sent is not left
     * behind either. In this process, on a database of its own: the files beside it are looked at.
     */
    @Test
    void aBackupDeletesTheCopiesAbandonedBesideTheDatabaseAndLeavesNoneOfItsOwn() throws Exception {
        Path database = dir.resolve("abandoned").resolve("store.db");
        Files.createDirectories(database.getParent());
        Path abandoned = Files.writeString(database.resolveSibling(DatabaseBackup.FILE_PREFIX + "killed.db"), "partial");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path writing = Files.writeString(database.resolveSibling(DatabaseBackup.FILE_PREFIX + "writing.db"), "partial");
        try (InProcessServer server = InProcessServer.start(database, Map.of())) {
            server.client().backup(dir.resolve("sent.db"));
        }
        assertFalse(Files.exists(abandoned), "a copy abandoned two hours ago is deleted");
        assertTrue(Files.exists(writing), "a copy written a moment ago may be another process's and stays");
        assertEquals(List.of(writing), backupCopiesIn(database.getParent()),
                "the copy sent is not left beside the database");
    }

    /** The backup copies (finished or not) in a directory: the files named with {@link DatabaseBackup#FILE_PREFIX}. */
    static List<Path> backupCopiesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith(DatabaseBackup.FILE_PREFIX)).toList();
        }
    }

    /** The shipped jar on the copy (the copy is a file on this machine whatever the target under test). */
    private static JarDeployment onCopy(Path copy) {
        Assumptions.assumeTrue(Files.isRegularFile(Targets.jar()), "SKIPPED LOUDLY: no jar at " + Targets.jar()
                + " to start on the copy (mvn package builds it; -Drunledger.jar names another)");
        return new JarDeployment(Targets.jar(), copy, Map.of());
    }

    private static void assumeSqlite() {
        Assumptions.assumeFalse(Targets.postgres(), "SKIPPED LOUDLY: the deployment is on PostgreSQL, where a backup "
                + "is 501 not-implemented (onPostgresqlABackupIsNotImplemented runs)");
    }
}
