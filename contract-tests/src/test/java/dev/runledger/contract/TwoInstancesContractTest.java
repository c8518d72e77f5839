package dev.runledger.contract;

import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;
import dev.runledger.contract.target.Deployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What two instances (of the selected target: jars, containers or in-process servers) on one PostgreSQL database must agree on.
 *
 * <p>Compare-and-set across two instances on one PostgreSQL
 * database: in every round 32 concurrent {@code pending → running} changes with {@code expectedStatus:
 * "pending"}, split over both instances, give exactly one 200 and 31 {@code 409 invalid-transition}; the stored
 * record is the winner's answer (each request carries its own {@code error}, so a loser that wrote anything
 * would show), and the winner's timestamps follow the transition table. Claims too: 32 claimers over both
 * instances on 10 ready units take each unit exactly once. A pull request merge's status too (v3 §6).
 *
 * <p>Idempotency keys (docs/CONTRACT.md, v2 §2): 16 concurrent identical keyed requests over both instances take
 * effect once and all get the one answer; a retry on the other instance replays it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OwnDeployment
class TwoInstancesContractTest {

    private static final int ROUNDS = 5;
    private static final int REQUESTS = 32;

    private Deployment first;
    private Deployment second;
    private List<RunLedgerClient> instances;
    private Scope scope;
    private ExecutorService pool;

    @BeforeAll
    void startTwoInstances() {
        Assumptions.assumeTrue(Targets.postgres(), "SKIPPED LOUDLY: compare-and-set across instances needs a shared "
                + "PostgreSQL database; run with -Drunledger.database.url=jdbc:postgresql://... (.ci/run starts one)");
        first = Targets.startInstance();
        second = Targets.startInstance();
        instances = List.of(new RunLedgerClient(first.uri()), new RunLedgerClient(second.uri()));
        scope = new Scope(instances.get(0));
        pool = Executors.newFixedThreadPool(REQUESTS);
    }

    @AfterAll
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (scope != null) {
            scope.close();
        }
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    /**
     * Live follow across instances (docs/CONTRACT.md, v2 §1): a commit on one instance ends a long poll waiting on the
     * other and reaches a stream open on the other, within the contract's second (asserted loosely here: well before
     * the poll's own wait is over); a follower that resumes on alternating instances while both take appends gets
     * every event once, in order.
     */
    @Test
    void followersOnOneInstanceAreWokenByCommitsOnTheOther() throws Exception {
        String runId = scope.createRun("follow-across").id();
        RunLedgerClient one = instances.get(0);
        RunLedgerClient other = instances.get(1);
        java.util.concurrent.CompletableFuture<dev.runledger.contract.client.EventPage> poll =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> one.listEvents(runId, 0L, null, null, null, 60_000), pool);
        try (dev.runledger.contract.client.EventStream stream = one.streamEvents(runId, null, null, null, null)) {
            Thread.sleep(700);
            assertTrue(!poll.isDone(), "nothing committed yet: the long poll waits");
            long appended = System.nanoTime();
            var event = other.appendEvent(runId, "from-the-other", null, Json.parse("{\"instance\":2}"));
            var page = poll.get(30, java.util.concurrent.TimeUnit.SECONDS);
            long waited = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appended);
            assertEquals(List.of(event), page.events());
            assertTrue(waited < 10_000, "woken " + waited + " ms after the other instance's commit, not at the end of its wait");
            var message = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), stream::next);
            assertEquals("1", message.id());
            assertEquals(event, message.toEvent());
        }
        java.util.concurrent.Future<?> writing = pool.submit(() -> {
            for (int i = 0; i < 200; i++) {
                instances.get(i % 2).appendEvent(runId, "alternating", null, null);
            }
            return instances.get(1).updateRunStatus(runId, "completed", null, null);
        });
        int[] turn = {0};
        Follower follower = new Follower(() -> instances.get(turn[0]++ % 2), runId, Follower.Form.STREAM);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            while (!follower.followOnce(1 + turn[0] % 9, 0)) {
                // resumes on the other instance each time
            }
        });
        writing.get();
        assertEquals(instances.get(0).allEvents(runId, 1000), follower.received(), "every event once, in order, over both instances");
        System.out.println("[two instances] a stream resumed " + follower.connections() + " times across both instances got all "
                + follower.received().size() + " events");
    }

    /**
     * Output across instances (docs/CONTRACT.md, v3 §7): appends through both instances to one attempt get the chunk
     * numbers 1..n once each; a stream on one instance is woken by a chunk committed on the other; a follower resuming
     * on alternating instances gets every chunk once, in order, and the end once the attempt closes.
     */
    @Test
    void outputAppendedAndFollowedOverBothInstancesIsGaplessAndWhole() throws Exception {
        String runId = scope.createRun("output-across").id();
        RunLedgerClient one = instances.get(0);
        RunLedgerClient other = instances.get(1);
        one.createUnit(runId, "a", null, null, null);
        one.claimUnit(runId, "w", 600_000L, null);
        try (dev.runledger.contract.client.EventStream stream = one.streamOutput(runId, "a", null, null, null, null)) {
            Thread.sleep(300);
            assertEquals(200, OutputContractTest.append(other, runId, 1, "stdout", "from the other\n").status());
            var message = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), stream::next);
            assertEquals("1", message.id(), "a commit on the other instance reaches the stream");
        }
        List<java.util.concurrent.Future<Long>> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RunLedgerClient through = instances.get(i % 2);
            String text = "chunk " + i + "\n";
            chunks.add(pool.submit(() -> OutputContractTest.appended(through, runId, 1, i2s(text), text).get("chunk").asLong()));
        }
        java.util.Set<Long> numbers = new java.util.TreeSet<>();
        for (java.util.concurrent.Future<Long> chunk : chunks) {
            assertTrue(numbers.add(chunk.get(60, java.util.concurrent.TimeUnit.SECONDS)), "a chunk number given twice");
        }
        assertEquals(java.util.stream.LongStream.rangeClosed(2, 201).boxed().toList(), List.copyOf(numbers),
                "200 concurrent appends over two instances: chunks 2..201, each once");
        instances.get(1).updateUnit(runId + "_a", java.util.Map.of("status", "completed", "attempt", 1));
        List<String> received = new java.util.ArrayList<>();
        String last = null;
        int connection = 0;
        boolean ended = false;
        while (!ended) {
            try (dev.runledger.contract.client.EventStream stream = instances.get(connection % 2)
                    .streamOutput(runId, "a", null, null, null, last)) {
                for (int taken = 0; taken < 1 + connection % 9; taken++) {
                    var message = stream.next();
                    if (message.event().equals("end")) {
                        ended = true;
                        break;
                    }
                    received.add(message.id());
                    last = message.id();
                }
            }
            connection++;
        }
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 201).mapToObj(Long::toString).toList(), received,
                "every chunk once, in order, over both instances");
    }

    private static String i2s(String text) {
        return text.hashCode() % 2 == 0 ? "stdout" : "stderr";
    }

    @Test
    void exactlyOneRunStatusChangeWinsEachRound() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = scope.createRun("cas-run-" + round).id();
            Run winner = race("run round " + round, (client, i) ->
                    client.updateRunStatus(id, "running", "request-" + i, "pending"));
            assertEquals("running", winner.status());
            assertNotNull(winner.startedAt(), "entering running sets startedAt");
            assertNull(winner.completedAt(), "running has no completedAt");
            for (RunLedgerClient reader : instances) {
                assertEquals(winner, reader.getRun(id), "the stored run is the winner's answer: the losers changed nothing");
            }
        }
    }

    /**
     * A status change reads its run under the run's row lock (PostgreSQL): two instances' changes that wait while a
     * transaction of the test's own holds the run are applied one after the other, so the second reads the first's
     * change and is refused. Deterministic where the race above depends on timing: without the lock both read
     * {@code pending} before either writes, and both win.
     */
    @Test
    void statusChangesWaitingForTheRunAreAppliedOneAfterTheOther() throws Exception {
        String id = scope.createRun("held-run").id();
        List<Future<Object>> changes = new ArrayList<>();
        try (Connection holder = Targets.connect(Targets.databaseUrl())) {
            holder.setAutoCommit(false);
            try (PreparedStatement hold = holder.prepareStatement("SELECT id FROM runs WHERE id = ? FOR UPDATE")) {
                hold.setString(1, id);
                hold.executeQuery().close();
            }
            for (RunLedgerClient instance : instances) {
                changes.add(pool.submit(() -> {
                    try {
                        return instance.updateRunStatus(id, "running", null, "pending");
                    } catch (ProblemException e) {
                        return e;
                    }
                }));
            }
            awaitWaitingForLocks(holder, 2);
            holder.commit();
        }
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> change : changes) {
            outcomes.add(change.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, outcomes.stream().filter(Run.class::isInstance).count(), "one winner: " + outcomes);
        ProblemException loser = (ProblemException) outcomes.stream().filter(ProblemException.class::isInstance)
                .findFirst().orElseThrow(() -> new AssertionError("no loser: " + outcomes));
        assertEquals("invalid-transition", loser.code(), loser.getMessage());
        assertEquals("running", instances.get(1).getRun(id).status());
    }

    /** Until {@code count} other sessions of this database wait for a lock (the instances' transactions, blocked). */
    private static void awaitWaitingForLocks(Connection holder, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (PreparedStatement waiting = holder.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")) {
            while (true) {
                try (ResultSet rows = waiting.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) >= count) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the two instances' status changes never waited for the held run");
                }
                Thread.sleep(20);
            }
        }
    }

    /** v3 §6: a pull request's status moved with {@code expectedStatus} from both instances at once: one winner. */
    @Test
    void exactlyOneMergeStatusChangeWinsEachRound() throws Exception {
        String runId = scope.createRun("cas-merges").id();
        for (int round = 0; round < ROUNDS; round++) {
            String id = instances.get(0).recordMerge(Map.of("runId", runId, "targetBranch", "main", "kind", "pr",
                    "pr", Map.of("number", round + 1, "url", "https://git.example/pr/" + round, "status", "open"))).get("id").asText();
            com.fasterxml.jackson.databind.JsonNode winner = race("merge round " + round, (client, i) ->
                    client.updateMerge(Map.of("id", id, "prStatus", "closed", "expectedStatus", "open",
                            "mergeCommit", String.format("%07x", 0x1000000 + i))));
            assertEquals("closed", winner.get("pr").get("status").asText());
            for (RunLedgerClient reader : instances) {
                assertEquals(winner, reader.listMerges(runId, null).get(round),
                        "the stored merge is the winner's answer: the losers changed nothing");
            }
        }
    }

    @Test
    void exactlyOneUnitStatusChangeWinsEachRound() throws Exception {
        String runId = scope.createRun("cas-units").id();
        for (int round = 0; round < ROUNDS; round++) {
            String unitId = instances.get(0).createUnit(runId, "unit-" + round, null, null, null).id();
            Unit winner = race("unit round " + round, (client, i) ->
                    client.updateUnit(unitId, Map.of("status", "running", "expectedStatus", "pending",
                            "error", "request-" + i, "branch", "branch-" + i)));
            assertEquals("running", winner.status());
            assertNotNull(winner.startedAt(), "entering running sets startedAt");
            assertNull(winner.completedAt(), "running has no completedAt");
            for (RunLedgerClient reader : instances) {
                assertEquals(winner, reader.getUnit(unitId), "the stored unit is the winner's answer: the losers changed nothing");
            }
        }
    }

    @Test
    void concurrentClaimersOverBothInstancesTakeEachUnitOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Claims.assertEachUnitOnce(scope.createRun("claims-" + round).id(), instances, instances.get(0));
        }
    }

    @Test
    void concurrentKeyedDuplicatesOverBothInstancesTakeEffectOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String runId = scope.createRun("keyed-" + round).id();
            String key = "two-instances-" + runId;
            String append = RunLedgerClient.body("runId", runId, "eventType", "once", "payload", Map.of("round", round)).toString();
            String unit = RunLedgerClient.body("runId", runId, "unitId", "u-" + round).toString();
            for (String[] call : new String[][]{{"appendEvent", append}, {"createUnit", unit}}) {
                AtomicInteger next = new AtomicInteger();
                List<Answer> all = IdempotencyContractTest.concurrently(16, () ->
                        IdempotencyContractTest.keyed(instances.get(next.getAndIncrement() % 2), key, call[0], call[1]));
                for (Answer answer : all) {
                    assertEquals(200, answer.status(), call[0] + " round " + round + ": " + answer.raw());
                    assertEquals(all.get(0).raw(), answer.raw(), "one answer for every duplicate");
                }
                assertEquals(1, all.stream().filter(answer -> !answer.replayed()).count(), call[0] + " round " + round);
            }
            for (RunLedgerClient reader : instances) {
                assertEquals(1, reader.listEvents(runId, null, null, null, null).events().size(), "one event for 16 duplicates");
                assertEquals(1, reader.listUnits(runId, null).size());
                assertTrue(IdempotencyContractTest.keyed(reader, key, "appendEvent", append).replayed());
            }
        }
    }

    /** {@link #REQUESTS} concurrent calls, alternating between the instances: one must win, the rest 409. */
    private <T> T race(String round, BiFunction<RunLedgerClient, Integer, T> change) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> answers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            RunLedgerClient client = instances.get(i % 2);
            int request = i;
            answers.add(pool.submit(() -> {
                start.await();
                try {
                    return change.apply(client, request);
                } catch (ProblemException e) {
                    return e;
                }
            }));
        }
        start.countDown();
        List<T> won = new ArrayList<>();
        int invalidTransition = 0;
        for (Future<Object> answer : answers) {
            Object outcome = answer.get();
            if (outcome instanceof ProblemException problem) {
                assertEquals("invalid-transition", problem.code(), round + ": a loser's answer: " + problem.getMessage());
                assertEquals(409, problem.problem().status(), round);
                invalidTransition++;
            } else {
                @SuppressWarnings("unchecked") T result = (T) outcome;
                won.add(result);
            }
        }
        System.out.println("[compare-and-set] " + round + ": " + won.size() + " x 200, " + invalidTransition + " x 409");
        assertEquals(1, won.size(), round + ": exactly one compare-and-set succeeds, got " + won);
        assertEquals(REQUESTS - 1, invalidTransition, round);
        return won.get(0);
    }
}
