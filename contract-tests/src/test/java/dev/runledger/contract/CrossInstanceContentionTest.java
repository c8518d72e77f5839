package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;
import dev.runledger.contract.target.Deployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances batching writes on one PostgreSQL database, under mixed load meant to make their batches meet: 16
 * clients over both instances append to the same four runs in different orders, send pairs of identical keyed appends
 * (one of each pair to each instance, at once), and claim and complete units of one run. Whatever the batches' lock
 * waits and deadlocks do inside, every answer is a 200 (or a documented back-off: 503 overloaded, 409
 * idempotency-key-in-use, retried as a client would), every run's log is gapless, each keyed pair took effect once
 * with one answer, and each unit was claimed once.
 */
@OwnDeployment
class CrossInstanceContentionTest {

    private static final int CLIENTS = 16;
    private static final int ROUNDS = 30;
    private static final int RUNS = 4;

    @Test
    void batchesOfTwoInstancesMeetWithoutLosingOrDoublingAnything() throws Exception {
        Assumptions.assumeTrue(Targets.postgres(), "SKIPPED LOUDLY: two instances need a shared PostgreSQL database; "
                + "run with -Drunledger.database.url=jdbc:postgresql://... (.ci/run starts one)");
        try (Deployment first = Targets.startInstance();
             Deployment second = Targets.startInstance();
             Scope scope = new Scope(new RunLedgerClient(first.uri()))) {
            List<RunLedgerClient> instances = List.of(new RunLedgerClient(first.uri()), new RunLedgerClient(second.uri()));
            List<Run> runs = new ArrayList<>();
            for (int r = 0; r < RUNS; r++) {
                runs.add(scope.createRun("contention-" + r));
            }
            Run claims = scope.createRun("contention-claims");
            List<Map<String, Object>> units = new ArrayList<>();
            for (int u = 0; u < CLIENTS * ROUNDS / 3; u++) {
                units.add(Map.of("unitId", String.format("u%04d", u)));
            }
            instances.get(0).createUnits(claims.id(), units);

            ConcurrentLinkedQueue<Event> plain = new ConcurrentLinkedQueue<>();
            Map<String, List<String>> keyedAnswers = new ConcurrentHashMap<>();
            Set<String> claimed = ConcurrentHashMap.newKeySet();
            AtomicInteger backOffs = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                RunLedgerClient client = instances.get(c % 2);
                clients.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < ROUNDS; i++) {
                        // Plain appends, each client walking the runs in its own order.
                        Run run = runs.get((id * 3 + (id % 2 == 0 ? i : RUNS * ROUNDS - i)) % RUNS);
                        Answer appended = call(client, null, "appendEvent", body("runId", run.id(), "eventType", "plain",
                                "payload", Map.of("client", id, "i", i)), backOffs);
                        plain.add(RunLedgerClient.json().treeToValue(appended.json(), Event.class));
                        // A keyed append sent by this client and its partner on the other instance, at about once.
                        String key = "contention-" + claims.id() + "-" + (id / 2) + "-" + i;
                        Answer keyed = call(client, key, "appendEvent", body("runId", runs.get(i % RUNS).id(), "eventType",
                                "keyed", "payload", Map.of("pair", id / 2, "i", i)), backOffs);
                        keyedAnswers.computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(keyed.raw());
                        if (i % 3 == id % 3) {
                            Answer claim = call(client, null, "claimUnit", body("runId", claims.id(), "owner", "c" + id), backOffs);
                            JsonNode unit = claim.json().get("unit");
                            if (unit != null && !unit.isNull()) {
                                assertTrue(claimed.add(unit.get("id").asText()), "claimed twice: " + unit);
                                call(client, null, "updateUnit", body("id", unit.get("id").asText(), "status", "completed",
                                        "attempt", unit.get("attempt").asInt()), backOffs);
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> client : clients) {
                client.get();
            }
            pool.shutdown();

            Map<String, Integer> keyedPerRun = new HashMap<>();
            keyedAnswers.forEach((key, answers) -> {
                assertEquals(2, answers.size(), key);
                assertEquals(answers.get(0), answers.get(1), "one answer for both of a keyed pair: " + key);
            });
            for (Run run : runs) {
                List<Event> stored = instances.get(1).allEvents(run.id(), 1000);
                assertEquals(LongStream.rangeClosed(1, stored.size()).boxed().toList(),
                        stored.stream().map(Event::sequence).toList(), "gapless: " + run.id());
                long plainHere = plain.stream().filter(e -> e.runId().equals(run.id())).count();
                long keyedHere = stored.stream().filter(e -> e.eventType().equals("keyed")).count();
                keyedPerRun.put(run.id(), (int) keyedHere);
                assertEquals(plainHere, stored.stream().filter(e -> e.eventType().equals("plain")).count(),
                        "every acknowledged plain append once: " + run.id());
                for (Event ack : plain) {
                    if (ack.runId().equals(run.id())) {
                        assertEquals(ack.id(), stored.get((int) ack.sequence() - 1).id());
                    }
                }
            }
            assertEquals(CLIENTS / 2 * ROUNDS, keyedPerRun.values().stream().mapToInt(Integer::intValue).sum(),
                    "each keyed pair appended once");
            List<Unit> completed = instances.get(0).listUnits(claims.id(), "completed");
            assertEquals(claimed.size(), completed.size(), "every claimed unit completed");
            assertTrue(completed.stream().allMatch(unit -> unit.attempt() == 1), "each unit claimed once");
            System.out.println("[contention] " + plain.size() + " plain and " + keyedAnswers.size() + " keyed appends, "
                    + claimed.size() + " claims over two instances; " + backOffs.get() + " back-offs retried");
        }
    }

    /** A call as a careful client makes it: the documented back-offs are retried after a pause; anything else is final. */
    private static Answer call(RunLedgerClient client, String key, String function, JsonNode body, AtomicInteger backOffs)
            throws InterruptedException {
        RunLedgerClient sender = key == null ? client : client.withIdempotencyKey(key);
        for (int attempt = 0; attempt < 50; attempt++) {
            Answer answer = sender.call(function, body);
            boolean backOff = answer.status() == 503 && answer.code().equals("overloaded")
                    || answer.status() == 409 && answer.code().equals("idempotency-key-in-use");
            if (!backOff) {
                assertEquals(200, answer.status(), function + " " + body + " -> " + answer.raw());
                return answer;
            }
            backOffs.incrementAndGet();
            Thread.sleep(20);
        }
        throw new AssertionError(function + " kept backing off: " + body);
    }
}
