package dev.runledger.db;

import dev.runledger.db.GoDaemonFile.Variant;
import dev.runledger.db.event.Event;
import dev.runledger.db.event.NewEvent;
import dev.runledger.db.idempotency.Answer;
import dev.runledger.db.idempotency.IdempotencyKeys;
import dev.runledger.db.idempotency.IdempotentRequest;
import dev.runledger.db.run.NewRun;
import dev.runledger.db.run.Run;
import dev.runledger.db.run.RunStatus;
import dev.runledger.db.unit.Unit;
import dev.runledger.db.unit.UnitChange;
import dev.runledger.db.unit.UnitStatus;
import dev.runledger.db.time.Timestamps;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import static dev.runledger.db.GoDaemonFile.ACTIVE_RUN;
import static dev.runledger.db.GoDaemonFile.DONE_RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file the Go daemon created opens and migrates in place; a file we wrote stays readable by the daemon. */
class GoDaemonCompatibilityTest {

    /** The layout the daemon's driver parses: {@code 2006-01-02 15:04:05.999999999-07:00}. */
    static final Pattern DAEMON_READABLE = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{9}\\+00:00");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Variant.class)
    void daemonFileOpensAndMigratesInPlace(Variant variant) throws Exception {
        Path file = dir.resolve("daemon-" + variant + ".db");
        GoDaemonFile.create(file, variant);
        try (TestStore store = TestStore.open(file)) {
            Run active = store.runs().get(ACTIVE_RUN);
            assertEquals("feature/login", active.featureBranch());
            assertEquals("/home/dev/app", active.repoPath());
            assertEquals("main", active.targetBranch());
            assertEquals("/home/dev/app/tasks", active.tasksDir());
            assertEquals(4, active.parallelism());
            assertEquals("running", active.status());
            assertEquals(variant == Variant.SHIPPED ? "0.3.0" : "", active.daemonVersion());
            assertEquals(GoDaemonFile.ACTIVE_STARTED, active.startedAt());
            assertNull(active.completedAt());
            assertEquals("{\"model\":\"opus\",\"retries\":3,\"tags\":[\"a\",\"ü\"]}", active.configJson());

            Run done = store.runs().get(DONE_RUN);
            assertEquals(GoDaemonFile.DONE_STARTED, done.startedAt());
            assertEquals(GoDaemonFile.DONE_COMPLETED, done.completedAt());
            assertEquals("merge conflict", done.error());
            assertEquals(List.of(active), store.runs().listIncomplete());

            List<Unit> units = store.units().list(ACTIVE_RUN, null);
            assertEquals(List.of("task-1", "task-2"), units.stream().map(Unit::unitId).toList());
            assertEquals(GoDaemonFile.UNIT_STARTED, units.get(0).startedAt());
            assertEquals("feature/login-task-1", units.get(0).branch());
            assertEquals("/home/dev/wt/task-1", units.get(0).worktreePath());

            List<Event> events = store.events().list(ACTIVE_RUN, 0, 100, null, null).events();
            assertEquals(2, events.size());
            Instant defaulted = events.get(0).createdAt();
            assertTrue(Duration.between(defaulted, Instant.now()).abs().toMinutes() < 60,
                    "CURRENT_TIMESTAMP (UTC) read as UTC: " + defaulted);
            assertEquals(GoDaemonFile.EVENT_CREATED, events.get(1).createdAt());
            assertEquals("{\"attempt\":1}", events.get(1).payloadJson());

            // New writes continue the daemon's data.
            assertEquals(3, store.events().append(ACTIVE_RUN, "unit.completed", "task-1", "{}").sequence());
            store.units().update(ACTIVE_RUN + "_task-1", new UnitChange(UnitStatus.COMPLETED, null, null, null, null));
            store.runs().create(new NewRun(null, "feature/new", "/home/dev/app", "main", "tasks", 1,
                    RunStatus.PENDING, "", "null"));
        }
        GoDaemonFile.openAsDaemon(file, variant);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT created_at FROM events WHERE sequence = 3")) {
                assertTrue(rs.next());
                assertTrue(DAEMON_READABLE.matcher(rs.getString(1)).matches(), rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT completed_at FROM units WHERE unit_id = 'task-1'")) {
                assertTrue(rs.next());
                assertTrue(DAEMON_READABLE.matcher(rs.getString(1)).matches(), rs.getString(1));
            }
            // The daemon scans config_json and daemon_version into plain strings: never NULL.
            try (ResultSet rs = s.executeQuery(
                    "SELECT config_json, daemon_version FROM runs WHERE feature_branch = 'feature/new'")) {
                assertTrue(rs.next());
                assertNotNull(rs.getString(1));
                assertNotNull(rs.getString(2));
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM runs WHERE daemon_version IS NULL")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
        // The daemon's own INSERTs (which name their columns) still work on a file at our newest schema, and
        // its rows read back with the scheduling columns' defaults.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO units (id, run_id, unit_id, status) VALUES ('"
                    + ACTIVE_RUN + "_task-3', '" + ACTIVE_RUN + "', 'task-3', 'pending')");
            s.executeUpdate("INSERT INTO runs (id, feature_branch, repo_path, target_branch, tasks_dir, parallelism, status"
                    + (variant == Variant.SHIPPED ? ", daemon_version" : "") + ") VALUES ('daemon-later', 'feature/later', "
                    + "'/home/dev/app', 'main', 'tasks', 1, 'pending'" + (variant == Variant.SHIPPED ? ", '0.3.0'" : "") + ")");
        }
        try (TestStore again = TestStore.open(file)) {
            assertEquals(3, again.events().list(ACTIVE_RUN, 0, 100, null, null).lastSequence());
            Unit later = again.units().get(ACTIVE_RUN + "_task-3");
            assertEquals(0, later.attempt());
            assertEquals(List.of(), later.dependsOn());
            assertNull(later.leaseOwner());
            assertEquals(1, again.runs().get("daemon-later").attempt());
            assertEquals(1, again.runs().get(ACTIVE_RUN).attempt(), "a daemon row from before the column: its default");
            assertEquals(List.of("task-2", "task-3"), again.units().listReady(ACTIVE_RUN).stream().map(Unit::unitId).toList(),
                    "the daemon's pending units, without dependencies, are ready");
            // v3 on the daemon's file: what an attempt did, and a merge, in RunLedger's own columns and table.
            Unit claimed = again.units().claim(ACTIVE_RUN, "task-3", "worker", java.time.Duration.ofMinutes(1)).unit();
            var recorded = again.units().recordAttempt(claimed.id(), 1, dev.runledger.db.unit.AttemptChange.builder()
                    .summary("done on the daemon's file").git(java.util.Map.of("headAfter", "abcdef0")).build());
            assertEquals("done on the daemon's file", recorded.work().summary());
            var merges = again.bean(dev.runledger.db.merge.Merges.class);
            merges.record(dev.runledger.db.merge.NewMerge.checked(ACTIVE_RUN, "task-3", null, "main", "direct", "abcdef0",
                    null, null, null, null, false, null));
            assertEquals(1, merges.list(ACTIVE_RUN, null).get(0).attempt());
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void aFileWeCreatedOpensInTheDaemon(Variant variant) throws Exception {
        Path file = dir.resolve("ours-" + variant + ".db");
        Instant before = Instant.now();
        try (TestStore store = TestStore.open(file)) {
            Run run = store.runs().create(new NewRun(null, "feature/ours", "/repo", "main", "tasks", 2,
                    RunStatus.RUNNING, "1.2.3", "{\"k\":1}"));
            store.events().append(run.id(), "run.started", null, null);
            // v2 state in the file too: a keyed batch append writes the idempotency_keys table beside the log.
            IdempotentRequest keyed = new IdempotentRequest("appendEvents", "compat-key", new byte[32]);
            store.bean(IdempotencyKeys.class).submit(keyed,
                    () -> store.events().appendAllAsync(run.id(), List.of(new NewEvent("unit.started", "task-1", "{}", null),
                            new NewEvent("unit.progress", "task-1", null, null))).join(),
                    appended -> new Answer(200, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), e -> false).join();
        }
        GoDaemonFile.openAsDaemon(file, variant);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            // The daemon's own append (MAX + 1 over the run's events) and read of the log work on our file.
            s.executeUpdate("INSERT INTO events (run_id, sequence, event_type, unit_id, payload_json, created_at) "
                    + "SELECT id, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM events WHERE run_id = runs.id), 'daemon.note', "
                    + "NULL, NULL, '2026-01-05 10:00:00.123456789+00:00' FROM runs");
            List<String> log = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT sequence, event_type FROM events ORDER BY run_id, sequence")) {
                while (rs.next()) {
                    log.add(rs.getLong(1) + " " + rs.getString(2));
                }
            }
            assertEquals(List.of("1 run.started", "2 unit.started", "3 unit.progress", "4 daemon.note"), log);
        }
        try (TestStore store = TestStore.open(file)) {
            // v3 state in the file: a unit whose attempt recorded what it did, and a merge of the run.
            String runId = store.runs().getByBranch("feature/ours", "/repo").id();
            store.units().create(new dev.runledger.db.unit.NewUnit(runId, "task-9", null, null, null, List.of()));
            Unit claimed = store.units().claim(runId, null, "worker", java.time.Duration.ofMinutes(1)).unit();
            store.units().recordAttempt(claimed.id(), 1, dev.runledger.db.unit.AttemptChange.builder().prompt("p").build());
            store.bean(dev.runledger.db.merge.Merges.class).record(dev.runledger.db.merge.NewMerge.checked(runId, null, null,
                    "main", "direct", "abcdef0", null, null, null, null, false, null));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT started_at, daemon_version, config_json FROM runs")) {
            assertTrue(rs.next());
            String startedAt = rs.getString(1);
            assertTrue(DAEMON_READABLE.matcher(startedAt).matches(), startedAt);
            assertTrue(!Timestamps.parse(startedAt).isBefore(before.minusMillis(1)));
            assertEquals("1.2.3", rs.getString(2));
            assertEquals("{\"k\":1}", rs.getString(3));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            // The daemon reads its units and deletes a run, foreign keys on: RunLedger's rows of it go too.
            try (ResultSet rs = s.executeQuery("SELECT id, status FROM units")) {
                assertTrue(rs.next());
            }
            s.execute("PRAGMA foreign_keys = ON");
            s.executeUpdate("DELETE FROM runs");
            for (String table : List.of("units", "unit_attempts", "merges", "events")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), table + " rows of the deleted run");
                }
            }
        }
    }
}
