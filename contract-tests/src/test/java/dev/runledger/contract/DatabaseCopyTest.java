package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.db.GoDaemonFile;
import dev.runledger.db.copy.DatabaseCopy;
import dev.runledger.db.copy.DatabaseCopy.CopyFailed;
import dev.runledger.db.copy.DatabaseCopy.Copied;
import dev.runledger.db.copy.DatabaseCopy.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.runledger.contract.EveryKindOfRow.ok;
import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's copy ({@link DatabaseCopy}, what {@code java -jar runledger.jar copy} runs) in this process, from one
 * SQLite file into another, so that it is measured with the rest of the store: what it copies and verifies, what it
 * tells as it goes, what it refuses and why, and that a refused copy leaves its target empty. {@code CopyCommandTest}
 * runs the command itself, on the jar, to PostgreSQL too.
 */
@OwnDeployment
class DatabaseCopyTest {

    private static final Credentials NO_LOGIN = new Credentials(null, null);
    private static final DatabaseCopy.Progress UNTOLD = (table, done, total) -> { };
    /** More events than one batch of the copy (1,000 rows), so that it tells of a batch before the table's end. */
    private static final int MANY_EVENTS = 1_200;

    @TempDir
    Path dir;

    @Test
    void everyTableIsCopiedVerifiedAndToldAndTheCopyServesTheSameAnswers() throws Exception {
        Path source = dir.resolve("source.db");
        GoDaemonFile.create(source, GoDaemonFile.Variant.SHIPPED);
        EveryKindOfRow.Written written;
        Map<String, JsonNode> before;
        try (InProcessServer original = InProcessServer.start(source, Map.of())) {
            written = EveryKindOfRow.write(original.client());
            for (int i = 0; i < MANY_EVENTS; i += 400) {
                List<Map<String, Object>> events = new ArrayList<>();
                for (int j = 0; j < 400; j++) {
                    events.add(Map.of("eventType", "bulk", "payload", Map.of("n", i + j)));
                }
                ok(original.client().call("appendEvents", body("runId", GoDaemonFile.DONE_RUN, "events", events)));
            }
            before = EveryKindOfRow.reads(original.client(), written.runIds());
        }
        Map<String, Long> sourceRows = rows(source);
        for (String table : EveryKindOfRow.TABLES) {
            assertTrue(sourceRows.get(table) > 0, table + " has rows to copy");
        }

        long lastId = single(source, "SELECT MAX(id) FROM events");
        Path target = dir.resolve("copy.db");
        List<String> told = new ArrayList<>();
        long copyStarted = System.nanoTime();
        Copied copied = DatabaseCopy.copy(source.toString(), "jdbc:sqlite:" + target, NO_LOGIN,
                (table, done, total) -> told.add(table + " " + done + "/" + total));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - copyStarted);
        assertTrue(!copied.took().isNegative() && copied.took().compareTo(elapsed) <= 0,
                "the copy's duration is within the call's: " + copied.took() + " of " + elapsed);
        assertEquals(List.copyOf(sourceRows.entrySet()), List.copyOf(copied.rows().entrySet()),
                "the rows of each table, parents first");
        assertEquals(sourceRows.values().stream().mapToLong(Long::longValue).sum(), copied.total());
        assertEquals(written.runIds().size(), copied.runsVerified(), "each run's last sequence compared");
        assertEquals(sourceRows, rows(target), "the target holds what the source does");
        long events = sourceRows.get("events");
        assertTrue(told.contains("events 1000/" + events), "a batch told before the table's end: " + told);
        for (String table : EveryKindOfRow.TABLES) {
            long count = sourceRows.get(table);
            assertEquals(table + " " + count + "/" + count, told.stream().filter(line -> line.startsWith(table + " "))
                    .reduce((first, second) -> second).orElseThrow(), "each table told when done: " + told);
        }

        try (InProcessServer copy = InProcessServer.start(target, Map.of())) {
            RunLedgerClient client = copy.client();
            assertEquals(before, EveryKindOfRow.reads(client, written.runIds()), "every read answers the same on the copy");
            Answer replay = client.withIdempotencyKey(EveryKindOfRow.KEY).call("appendEvent",
                    body("runId", written.newRun(), "eventType", "keyed"));
            assertTrue(replay.replayed(), "the keyed write's answer was copied: a retry is replayed");
            assertEquals(written.keyedAnswer(), replay.json());
            JsonNode next = ok(client.call("appendEvent", body("runId", GoDaemonFile.DONE_RUN, "eventType", "after")));
            assertTrue(next.get("id").asLong() > lastId, "new events get new ids after the copied ones: " + next);
        }
        Map<String, Long> served = rows(target);
        CopyFailed again = assertThrows(CopyFailed.class, () -> DatabaseCopy.copy(source.toString(), target.toString(),
                NO_LOGIN, UNTOLD));
        assertEquals("The target " + target + " is not empty (runs has rows): copy into an empty database",
                again.getMessage());
        assertEquals(served, rows(target), "the refused copy changed nothing");
    }

    @Test
    void aFileTheGoDaemonWroteCopiesWithTheTablesItHas() throws Exception {
        Path source = dir.resolve("daemon.db");
        GoDaemonFile.create(source, GoDaemonFile.Variant.SHIPPED);
        Path target = dir.resolve("copy.db");
        Copied copied = DatabaseCopy.copy("jdbc:sqlite:" + source, target.toString(), NO_LOGIN, UNTOLD);
        Map<String, Long> expected = new LinkedHashMap<>();
        for (String table : EveryKindOfRow.TABLES) {
            expected.put(table, 0L);
        }
        expected.put("runs", 2L);
        expected.put("units", 2L);
        expected.put("events", 2L);
        assertEquals(expected, copied.rows(), "the daemon's tables copied, RunLedger's own empty");
        assertEquals(1, copied.runsVerified(), "one run has events");
        Map<String, JsonNode> onCopy;
        try (InProcessServer copy = InProcessServer.start(target, Map.of())) {
            onCopy = EveryKindOfRow.reads(copy.client(), List.of(GoDaemonFile.ACTIVE_RUN, GoDaemonFile.DONE_RUN));
        }
        try (InProcessServer original = InProcessServer.start(source, Map.of())) {
            assertEquals(EveryKindOfRow.reads(original.client(), List.of(GoDaemonFile.ACTIVE_RUN, GoDaemonFile.DONE_RUN)),
                    onCopy, "the copy answers as the daemon's file does");
        }
    }

    @Test
    void whatCannotBeCopiedIsRefusedWithItsReason() throws Exception {
        Path source = dir.resolve("source.db");
        GoDaemonFile.create(source, GoDaemonFile.Variant.SHIPPED);
        Path target = dir.resolve("target.db");
        refused("A database is a SQLite file's path, a jdbc:sqlite: URL or a jdbc:postgresql: URL",
                () -> DatabaseCopy.copy("jdbc:mysql://localhost/runs", target.toString(), NO_LOGIN, UNTOLD));
        refused("A database is a SQLite file's path, a jdbc:sqlite: URL or a jdbc:postgresql: URL",
                () -> DatabaseCopy.copy(source.toString(), "jdbc:h2:mem:runs", NO_LOGIN, UNTOLD));
        Path missing = dir.resolve("missing.db");
        refused("No SQLite file at " + missing,
                () -> DatabaseCopy.copy("jdbc:sqlite:" + missing, target.toString(), NO_LOGIN, UNTOLD));
        refused("The source and the target are the same file", () -> DatabaseCopy.copy(source.toString(),
                "jdbc:sqlite:" + dir.resolve("elsewhere").resolve("..").resolve("source.db"), NO_LOGIN, UNTOLD));
        assertTrue(Files.notExists(target), "nothing opened for a refusal before the copy");

        Path newer = dir.resolve("newer.db");
        GoDaemonFile.create(newer, GoDaemonFile.Variant.SHIPPED);
        InProcessServer.start(newer, Map.of()).close(); // migrated to this build's schema
        execute(newer, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                + " installed_by, execution_time, success) VALUES (100, '99', 'future', 'SQL', 'V99__future.sql', 0, 'x', 0, 1)");
        CopyFailed future = assertThrows(CopyFailed.class,
                () -> DatabaseCopy.copy(newer.toString(), target.toString(), NO_LOGIN, UNTOLD));
        assertTrue(future.getMessage().matches("The source's schema is version 99, newer than this RunLedger's \\(\\d+\\): "
                + "copy it with the RunLedger that wrote it"), future.getMessage());

        Path notInteger = dir.resolve("not-integer.db");
        GoDaemonFile.create(notInteger, GoDaemonFile.Variant.SHIPPED);
        execute(notInteger, "UPDATE runs SET parallelism = 'many' WHERE id = '" + GoDaemonFile.DONE_RUN + "'");
        CopyFailed text = assertThrows(CopyFailed.class,
                () -> DatabaseCopy.copy(notInteger.toString(), target.toString(), NO_LOGIN, UNTOLD));
        assertEquals("runs.parallelism holds 'many', not an integer", text.getMessage());
        assertEquals(0L, rows(target).values().stream().mapToLong(Long::longValue).sum(), "the failed copy wrote nothing");
        assertEquals(2L, DatabaseCopy.copy(source.toString(), target.toString(), NO_LOGIN, UNTOLD).rows().get("runs"),
                "the target a copy failed on is as empty as it was: the next copy goes in");

        Path unknown = dir.resolve("unknown.db");
        InProcessServer.start(unknown, Map.of()).close();
        execute(unknown, "CREATE TABLE notes (text TEXT)");
        refused("The target has a table this copy does not know: notes",
                () -> DatabaseCopy.copy(source.toString(), unknown.toString(), NO_LOGIN, UNTOLD));
    }

    private static void refused(String message, Executable copy) {
        assertEquals(message, assertThrows(CopyFailed.class, copy).getMessage());
    }

    /** The row count of each table, in the copy's order; 0 for a table the file does not have. */
    private static Map<String, Long> rows(Path file) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : EveryKindOfRow.TABLES) {
            boolean exists = single(file, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'") > 0;
            rows.put(table, exists ? single(file, "SELECT COUNT(*) FROM " + table) : 0L);
        }
        return rows;
    }

    private static long single(Path file, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
