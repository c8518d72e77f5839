package dev.runledger.db.write;

import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.TestStore;
import dev.runledger.db.event.Event;
import dev.runledger.db.event.EventRepository;
import dev.runledger.db.run.NewRun;
import dev.runledger.db.run.Run;
import dev.runledger.db.run.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Group commit keeps the per-caller guarantees. No timings: the writer is held with a latch. */
class WriterTest {

    @TempDir
    Path dir;

    /** Every caller blocks until its batch commits, so each gets a thread of its own. */
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void aFailingOperationInABatchFailsAloneAndLeavesNothing() throws Exception {
        try (TestStore store = TestStore.open(dir.resolve("batch.db"))) {
            Writer writer = store.bean(Writer.class);
            EventRepository repository = store.bean(EventRepository.class);
            Run run = store.createRun("feature/batch");
            Blocker blocker = block(writer); // what queues now forms the next batch
            List<CompletableFuture<Event>> appends = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                appends.add(CompletableFuture.supplyAsync(() -> store.events().append(run.id(), "ok", null, null), callers));
            }
            CompletableFuture<Event> doomed = CompletableFuture.supplyAsync(() -> writer.write(() -> {
                repository.insertAll(java.util.List.of(new Event(null, run.id(), 99, "doomed", null, "{}", Instant.now()))); // written, then rolled back
                throw new IllegalStateException("boom");
            }), callers);
            for (int i = 0; i < 4; i++) {
                appends.add(CompletableFuture.supplyAsync(() -> store.events().append(run.id(), "ok", null, null), callers));
            }
            while (writer.queued() < 9) {
                Thread.onSpinWait(); // all nine queued behind the blocker: they form one batch
            }
            blocker.release();

            ExecutionException failure = assertThrows(ExecutionException.class, doomed::get);
            assertInstanceOf(IllegalStateException.class, failure.getCause());
            List<Long> sequences = new ArrayList<>();
            for (CompletableFuture<Event> append : appends) {
                sequences.add(append.get().sequence());
            }
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), sequences.stream().sorted().toList(),
                    "the others committed, gapless: the doomed sequence was rolled back and reused");
            var stored = store.events().list(run.id(), 0, 100, null, null);
            assertEquals(8, stored.events().size());
            assertTrue(stored.events().stream().noneMatch(e -> e.eventType().equals("doomed")));
        }
    }

    /**
     * A deadlock's victim (PostgreSQL's SQLSTATE 40P01, thrown here by the operation itself on its first run, since
     * SQLite never deadlocks) is rolled back to its savepoint, runs again alone, and is answered once with what that
     * run did; the rest of its batch commits as usual. Alone in its transaction, it runs again too.
     */
    @Test
    void aWriteThatMeetsALockConflictRunsAgainAndIsAnsweredOnce() throws Exception {
        try (TestStore store = TestStore.open(dir.resolve("conflict.db"))) {
            Writer writer = store.bean(Writer.class);
            EventRepository repository = store.bean(EventRepository.class);
            Run run = store.createRun("feature/conflict");
            java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
            Supplier<Long> victimOnce = victimOnce(repository, run.id(), runs);
            Blocker blocker = block(writer);
            List<CompletableFuture<Event>> appends = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                appends.add(CompletableFuture.supplyAsync(() -> store.events().append(run.id(), "ok", null, null), callers));
            }
            CompletableFuture<Long> victim = CompletableFuture.supplyAsync(() -> writer.write(run.id(), victimOnce), callers);
            while (writer.queued() < 4) {
                Thread.onSpinWait();
            }
            blocker.release();
            assertEquals(1001L, victim.get(), "answered with what its second run did");
            assertEquals(2, runs.get(), "ran twice: once rolled back, once committed");
            for (CompletableFuture<Event> append : appends) {
                append.get();
            }
            var stored = store.events().list(run.id(), 0, 100, null, null).events();
            assertEquals(List.of("ok", "ok", "ok"), stored.stream().filter(e -> e.sequence() < 1000).map(Event::eventType).toList());
            assertEquals(List.of(1001L), stored.stream().filter(e -> e.eventType().equals("victim")).map(Event::sequence).toList(),
                    "the rolled-back run left nothing; the second run's row is there once");

            Run alone = store.createRun("feature/conflict-alone");
            runs.set(0);
            assertEquals(1001L, writer.write(alone.id(), victimOnce(repository, alone.id(), runs)),
                    "alone in its transaction, it runs again too");
            assertEquals(2, runs.get());
            assertEquals(List.of(1001L), store.events().list(alone.id(), 0, 100, null, null).events().stream()
                    .map(Event::sequence).toList());
        }
    }

    /** Inserts an event numbered 1000 + its run count; its first run then fails as a deadlock's victim. */
    private static Supplier<Long> victimOnce(EventRepository repository, String runId,
                                             java.util.concurrent.atomic.AtomicInteger runs) {
        return () -> {
            repository.insertAll(List.of(new Event(null, runId, 1000 + runs.get(), "victim", null, "{}", Instant.now())));
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("wrapped", new SQLException("deadlock detected", "40P01"));
            }
            return 1000L + runs.get() - 1;
        };
    }

    @Test
    void appendsInOneBatchAreGaplessAlsoAcrossADeleteAndACreateUnderTheSameId() throws Exception {
        try (TestStore store = TestStore.open(dir.resolve("same-batch.db"))) {
            Writer writer = store.bean(Writer.class);
            Run run = store.createRun("feature/same-batch");
            NewRun again = new NewRun(run.id(), "feature/same-batch", "/path/to/repo", "main", "/path/to/tasks", 4,
                    RunStatus.PENDING, "1.0.0", "{}");
            Blocker blocker = block(writer);
            // Queued one at a time, in this order, behind the blocker: they form one batch.
            Supplier<Object> first = () -> store.events().append(run.id(), "first", null, null);
            Supplier<Object> second = () -> store.events().append(run.id(), "second", null, null);
            List<Supplier<Object>> operations = List.of(first, first, first,
                    () -> {
                        store.runs().delete(run.id());
                        return null;
                    },
                    () -> store.runs().create(again),
                    second, second);
            List<CompletableFuture<Object>> answers = new ArrayList<>();
            for (Supplier<Object> operation : operations) {
                answers.add(CompletableFuture.supplyAsync(operation, callers));
                int queued = answers.size();
                while (writer.queued() < queued) {
                    Thread.onSpinWait();
                }
            }
            blocker.release();
            List<Long> sequences = new ArrayList<>();
            for (CompletableFuture<Object> answer : answers) {
                if (answer.get() instanceof Event event) {
                    sequences.add(event.sequence());
                }
            }
            assertEquals(List.of(1L, 2L, 3L, 1L, 2L), sequences,
                    "the recreated run's log starts again at 1, whatever the batch remembered of the deleted one");
            assertEquals(List.of(1L, 2L), store.events().list(run.id(), 0, 100, null, null).events().stream()
                    .map(Event::sequence).toList());
        }
    }

    @Test
    void callersAreAnsweredOnlyAfterCommit() throws Exception {
        try (TestStore store = TestStore.open(dir.resolve("visible.db"))) {
            Run run = store.createRun("feature/visible");
            List<CompletableFuture<Void>> answered = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answered.add(CompletableFuture.runAsync(() -> {
                    Event event = store.events().append(run.id(), "tick", null, null);
                    // Read on another pooled connection, outside the writer's transaction.
                    assertEquals(1, countEvent(store, event.id()), "event " + event.sequence() + " visible when answered");
                }, callers));
            }
            for (CompletableFuture<Void> caller : answered) {
                caller.get();
            }
        }
    }

    @Test
    void asynchronousAppendsCompleteOnlyAfterTheirBatchCommittedAndAFailureStaysAlone() throws Exception {
        try (TestStore store = TestStore.open(dir.resolve("async.db"))) {
            Writer writer = store.bean(Writer.class);
            Run run = store.createRun("feature/async");
            Blocker blocker = block(writer);
            List<CompletableFuture<Event>> appends = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                appends.add(store.events().appendAsync(run.id(), "ok", null, null, null));
            }
            CompletableFuture<Event> missing = store.events().appendAsync("no-such-run", "ok", null, null, null);
            for (int i = 0; i < 3; i++) {
                appends.add(store.events().appendAsync(run.id(), "ok", null, null, null));
            }
            // Each completion reads its event back on another pooled connection, outside the writer's transaction.
            List<CompletableFuture<Integer>> visibleWhenCompleted = appends.stream()
                    .map(append -> append.thenApply(event -> countEvent(store, event.id()))).toList();
            assertTrue(appends.stream().noneMatch(CompletableFuture::isDone) && !missing.isDone(),
                    "nothing completes while the writer is held: the batch has not committed");
            blocker.release();

            ExecutionException failure = assertThrows(ExecutionException.class, missing::get);
            assertEquals(Failure.RUN_NOT_FOUND, assertInstanceOf(StoreException.class, failure.getCause()).failure());
            List<Long> sequences = new ArrayList<>();
            for (CompletableFuture<Event> append : appends) {
                sequences.add(append.get().sequence());
            }
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), sequences.stream().sorted().toList());
            for (CompletableFuture<Integer> visible : visibleWhenCompleted) {
                assertEquals(1, visible.get(), "committed before its future completed");
            }
        }
    }

    @Test
    void aFullQueueRefusesAnAsynchronousAppendAtOnce() throws Exception {
        try (TestStore store = TestStore.open(dir.resolve("full-async.db"), Map.of("runledger.writer.queue-capacity", 1))) {
            Writer writer = store.bean(Writer.class);
            Run run = store.createRun("feature/full-async");
            Blocker blocker = block(writer);
            CompletableFuture<Event> queued = store.events().appendAsync(run.id(), "ok", null, null, null);
            StoreException e = assertThrows(StoreException.class, () -> store.events().appendAsync(run.id(), "ok", null, null, null));
            assertEquals(Failure.OVERLOADED, e.failure());
            blocker.release();
            assertEquals(1, queued.get().sequence());
        }
    }

    @Test
    void anAppendAfterAnotherProcessAppendedToTheFileContinuesItsSequence() throws Exception {
        Path file = dir.resolve("shared-file.db");
        try (TestStore store = TestStore.open(file)) {
            Run run = store.createRun("feature/shared-file");
            store.events().append(run.id(), "ours", null, null);
            store.events().append(run.id(), "ours", null, null); // the writer now remembers: last sequence 2
            // What the Go daemon does on the same file: its own connection, its own transaction.
            try (Connection daemon = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                insertEvent(daemon, run.id(), 3);
            }
            assertEquals(4, store.events().append(run.id(), "ours", null, null).sequence(),
                    "another connection's commit changes data_version: the writer reads the sequence again");
            assertEquals(List.of(1L, 2L, 3L, 4L), sequences(store, run.id()));
        }
    }

    @Test
    void anAppendAfterAWriteThatBypassedTheWriterOnItsOwnConnectionContinuesItsSequence() throws Exception {
        // One pooled connection: the bypassing write runs on the very connection the writer uses, whose own
        // commits leave data_version as it was; total_changes() gives that away.
        try (TestStore store = TestStore.open(dir.resolve("bypass.db"), Map.of("runledger.database.pool-size", 1))) {
            Run run = store.createRun("feature/bypass");
            store.events().append(run.id(), "ours", null, null);
            try (Connection pooled = store.dataSource().getConnection()) {
                insertEvent(pooled, run.id(), 2);
            }
            assertEquals(3, store.events().append(run.id(), "ours", null, null).sequence());
            assertEquals(List.of(1L, 2L, 3L), sequences(store, run.id()));
        }
    }

    @Test
    void aRunDeletedAndCreatedAgainInLaterBatchesStartsItsLogAgainAtOne() throws Exception {
        try (TestStore store = TestStore.open(dir.resolve("recreated.db"))) {
            Run run = store.createRun("feature/recreated");
            for (int i = 0; i < 2; i++) {
                store.events().append(run.id(), "first", null, null);
            }
            store.runs().delete(run.id());
            store.runs().create(new NewRun(run.id(), "feature/recreated", "/path/to/repo", "main", "/path/to/tasks", 4,
                    RunStatus.PENDING, "1.0.0", "{}"));
            assertEquals(1, store.events().append(run.id(), "second", null, null).sequence());
        }
    }

    @Test
    void appendsOfABatchWhoseCommitFailedLeaveNoTraceInTheNextSequence() throws Exception {
        try (TestStore store = TestStore.open(dir.resolve("commit-failed.db"))) {
            Writer writer = store.bean(Writer.class);
            Run run = store.createRun("feature/commit-failed");
            store.events().append(run.id(), "ok", null, null);
            Blocker blocker = block(writer);
            CompletableFuture<Event> lost = CompletableFuture.supplyAsync(
                    () -> store.events().append(run.id(), "lost", null, null), callers);
            while (writer.queued() < 1) {
                Thread.onSpinWait();
            }
            // Same batch: a deferred foreign key violation succeeds as a statement and fails the COMMIT.
            // Same batch: a foreign key violation, deferred to the end of the transaction, fails the COMMIT.
            DataSource transactional = store.bean(DataSource.class); // Micronaut's: the writer's connection
            CompletableFuture<Object> saboteur = CompletableFuture.supplyAsync(() -> writer.write(() -> {
                try (Connection c = transactional.getConnection(); Statement s = c.createStatement()) {
                    s.execute("PRAGMA defer_foreign_keys = ON");
                    insertEvent(c, "no-such-run", 1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }), callers);
            while (writer.queued() < 2) {
                Thread.onSpinWait();
            }
            blocker.release();
            assertThrows(ExecutionException.class, lost::get, "its batch did not commit");
            assertThrows(ExecutionException.class, saboteur::get);
            assertEquals(2, store.events().append(run.id(), "ok", null, null).sequence(),
                    "the rolled-back append's sequence is not remembered");
            assertEquals(List.of(1L, 2L), sequences(store, run.id()));
        }
    }

    private static void insertEvent(Connection connection, String runId, long sequence) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO events (run_id, sequence, event_type) VALUES (?, ?, 'theirs')")) {
            insert.setString(1, runId);
            insert.setLong(2, sequence);
            insert.executeUpdate();
        }
    }

    private static List<Long> sequences(TestStore store, String runId) {
        return store.events().list(runId, 0, 100, null, null).events().stream().map(Event::sequence).toList();
    }

    private static int countEvent(TestStore store, long id) {
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM events WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFullQueueAnswersOverloaded() throws Exception {
        try (TestStore store = TestStore.open(dir.resolve("full.db"), Map.of("runledger.writer.queue-capacity", 2))) {
            Writer writer = store.bean(Writer.class);
            Blocker blocker = block(writer); // the queue is empty
            List<CompletableFuture<Object>> queued = List.of(
                    CompletableFuture.supplyAsync(() -> writer.write(() -> 1), callers),
                    CompletableFuture.supplyAsync(() -> writer.write(() -> 2), callers));
            while (writer.queued() < 2) {
                Thread.onSpinWait();
            }
            StoreException e = assertThrows(StoreException.class, () -> writer.write(() -> 3));
            assertEquals(Failure.OVERLOADED, e.failure());
            blocker.release();
            assertEquals(1, queued.get(0).get());
            assertEquals(2, queued.get(1).get());
        }
    }

    /** An operation that holds the writer, alone in its batch, until released. */
    private record Blocker(CountDownLatch gate, CompletableFuture<Object> done) {
        void release() throws Exception {
            gate.countDown();
            done.get();
        }
    }

    private Blocker block(Writer writer) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<Object> done = CompletableFuture.supplyAsync(() -> writer.write(() -> {
            entered.countDown();
            await(gate);
            return null;
        }), callers);
        entered.await();
        return new Blocker(gate, done);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
