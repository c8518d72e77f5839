package dev.runledger.db;

import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.event.Event;
import dev.runledger.db.run.NewRun;
import dev.runledger.db.run.Run;
import dev.runledger.db.run.RunStatus;
import dev.runledger.db.unit.NewUnit;
import dev.runledger.db.unit.Unit;
import dev.runledger.db.unit.UnitChange;
import dev.runledger.db.unit.UnitStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static dev.runledger.db.TestStore.newRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Go daemon's integration tests, ported, on real SQLite files. */
class IntegrationTest {

    @TempDir
    Path dir;

    @Test
    void cascadeDeleteRemovesExactlyThatRunsUnitsAndEvents() throws SQLException {
        try (TestStore store = TestStore.open(dir.resolve("cascade.db"))) {
            Run doomed = store.createRun("feature/doomed");
            Run kept = store.createRun("feature/kept");
            for (Run run : List.of(doomed, kept)) {
                for (int i = 0; i < 3; i++) {
                    store.units().create(new NewUnit(run.id(), "task-" + i, UnitStatus.PENDING, null, null));
                    store.events().append(run.id(), "tick", "task-" + i, "{}");
                }
            }
            store.runs().delete(doomed.id());
            assertEquals(0, count(store, "runs", doomed.id()));
            assertEquals(0, count(store, "units", doomed.id()));
            assertEquals(0, count(store, "events", doomed.id()));
            assertEquals(1, count(store, "runs", kept.id()));
            assertEquals(3, count(store, "units", kept.id()));
            assertEquals(3, count(store, "events", kept.id()));
        }
    }

    @Test
    void uniqueBranchAndRepoWithExactMatch() {
        try (TestStore store = TestStore.open(dir.resolve("unique.db"))) {
            var runs = store.runs();
            Run first = runs.create(newRun("feature/x", "/repo/a", RunStatus.PENDING));
            runs.create(newRun("feature/x", "/repo/b", RunStatus.PENDING));
            runs.create(newRun("feature/y", "/repo/a", RunStatus.PENDING));
            runs.create(newRun("Feature/X", "/repo/a", RunStatus.PENDING));
            runs.create(newRun("feature/x ", "/repo/a", RunStatus.PENDING));
            assertEquals(Failure.RUN_EXISTS, assertThrows(StoreException.class,
                    () -> runs.create(newRun("feature/x", "/repo/a", RunStatus.RUNNING))).failure());
            assertEquals(Failure.RUN_EXISTS, assertThrows(StoreException.class, () -> runs.create(
                    new NewRun(first.id(), "other", "/repo/z", "main", "t", 1, RunStatus.PENDING, "", "null"))).failure());
            assertEquals(5, runs.listByStatus(RunStatus.PENDING).size());
        }
    }

    @Test
    void exactBranchMatch() {
        try (TestStore store = TestStore.open(dir.resolve("exact.db"))) {
            Run run = store.runs().create(newRun("feature/Ünïcode", "/repo/a", RunStatus.PENDING));
            assertEquals(run.id(), store.runs().getByBranch("feature/Ünïcode", "/repo/a").id());
            for (String variant : List.of("feature/ünïcode", "FEATURE/Ünïcode", " feature/Ünïcode", "feature/Ünïcode\t", "feature/%")) {
                assertEquals(Failure.RUN_NOT_FOUND, assertThrows(StoreException.class,
                        () -> store.runs().getByBranch(variant, "/repo/a")).failure(), variant);
            }
            assertEquals(Failure.RUN_NOT_FOUND, assertThrows(StoreException.class,
                    () -> store.runs().getByBranch("feature/Ünïcode", "/repo/A")).failure());
        }
    }

    @Test
    void runLifecycle() {
        try (TestStore store = TestStore.open(dir.resolve("run-lifecycle.db"))) {
            var runs = store.runs();
            Run run = store.createRun("feature/life");
            Run running = runs.updateStatus(run.id(), RunStatus.RUNNING, null, RunStatus.PENDING);
            assertNotNull(running.startedAt());
            Run failed = runs.updateStatus(run.id(), RunStatus.FAILED, "tests red", null);
            assertNotNull(failed.completedAt());
            assertEquals("tests red", failed.error());
            assertEquals(Failure.INVALID_TRANSITION, assertThrows(StoreException.class,
                    () -> runs.updateStatus(run.id(), RunStatus.RUNNING, null, null)).failure());
            assertEquals(failed, runs.get(run.id()), "a refused transition changed nothing");
            Run again = runs.updateStatus(run.id(), RunStatus.FAILED, "tests red", null);
            assertEquals(failed.completedAt(), again.completedAt(), "same status changes no timestamp");
            Run retried = runs.updateStatus(run.id(), RunStatus.PENDING, null, RunStatus.FAILED);
            assertNull(retried.completedAt());
            assertNull(retried.error());
            assertEquals(running.startedAt(), retried.startedAt());
            Run rerun = runs.updateStatus(run.id(), RunStatus.RUNNING, null, null);
            assertEquals(running.startedAt(), rerun.startedAt(), "a retried run keeps its first startedAt");
            Run done = runs.updateStatus(run.id(), RunStatus.COMPLETED, null, null);
            assertNotNull(done.completedAt());
            assertEquals(done, runs.get(run.id()));
            assertEquals(Failure.INVALID_TRANSITION, assertThrows(StoreException.class,
                    () -> runs.updateStatus(run.id(), RunStatus.PENDING, null, RunStatus.RUNNING)).failure());
        }
    }

    @Test
    void unitLifecycle() {
        try (TestStore store = TestStore.open(dir.resolve("unit-lifecycle.db"))) {
            var units = store.units();
            Run run = store.createRun("feature/units");
            Unit unit = units.create(new NewUnit(run.id(), "task-1", UnitStatus.PENDING, "b1", "/w/1"));
            Unit running = units.update(unit.id(), new UnitChange(UnitStatus.RUNNING, null, null, null, UnitStatus.PENDING));
            assertNotNull(running.startedAt());
            Unit noted = units.update(unit.id(), new UnitChange(null, "warning", null, null, null));
            assertEquals("warning", noted.error(), "error alone changes when given");
            assertEquals("running", noted.status());
            Unit failed = units.update(unit.id(), new UnitChange(UnitStatus.FAILED, null, null, null, null));
            assertNull(failed.error(), "a status change sets error to the request's (absent) error");
            assertNotNull(failed.completedAt());
            assertEquals(Failure.INVALID_TRANSITION, assertThrows(StoreException.class,
                    () -> units.update(unit.id(), new UnitChange(UnitStatus.COMPLETED, null, null, null, null))).failure());
            Unit retried = units.update(unit.id(), new UnitChange(UnitStatus.PENDING, null, "b2", null, null));
            assertNull(retried.completedAt());
            assertEquals("b2", retried.branch());
            assertEquals("/w/1", retried.worktreePath());
            assertEquals(retried, units.get(unit.id()));
        }
    }

    @Test
    void hundredConcurrentAppendsFromTenThreadsAreGapless() throws Exception {
        try (TestStore store = TestStore.open(dir.resolve("concurrent.db"))) {
            Run run = store.createRun("feature/concurrent");
            ExecutorService pool = Executors.newFixedThreadPool(10);
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<Event> acknowledged = new ConcurrentLinkedQueue<>();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 10; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10; i++) {
                        acknowledged.add(store.events().append(run.id(), "tick", null,
                                "{\"thread\":" + thread + ",\"i\":" + i + "}"));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            Set<Long> answered = acknowledged.stream().map(Event::sequence).collect(Collectors.toSet());
            Set<Long> expected = LongStream.rangeClosed(1, 100).boxed().collect(Collectors.toSet());
            assertEquals(expected, answered, "every caller got a distinct sequence in 1..100");
            List<Event> stored = store.events().list(run.id(), 0, 1000, null, null).events();
            assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(), stored.stream().map(Event::sequence).toList());
            assertEquals(acknowledged.stream().map(Event::payloadJson).collect(Collectors.toSet()),
                    stored.stream().map(Event::payloadJson).collect(Collectors.toSet()));
        }
    }

    @Test
    void incompleteRunsAfterRestart() {
        Path file = dir.resolve("restart.db");
        List<Run> before;
        try (TestStore store = TestStore.open(file)) {
            store.runs().create(newRun("f/1", "/r", RunStatus.PENDING));
            store.runs().create(newRun("f/2", "/r", RunStatus.RUNNING));
            store.runs().create(newRun("f/3", "/r", RunStatus.COMPLETED));
            Run cancelled = store.runs().create(newRun("f/4", "/r", RunStatus.RUNNING));
            store.runs().updateStatus(cancelled.id(), RunStatus.CANCELLED, "stopped", null);
            before = store.runs().listIncomplete();
            assertEquals(2, before.size());
        }
        try (TestStore reopened = TestStore.open(file)) {
            assertEquals(before, reopened.runs().listIncomplete());
        }
    }

    static int count(TestStore store, String table, String runId) throws SQLException {
        String column = table.equals("runs") ? "id" : "run_id";
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
