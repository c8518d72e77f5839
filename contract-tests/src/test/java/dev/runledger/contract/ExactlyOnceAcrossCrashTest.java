package dev.runledger.contract;

import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.JarDeployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly once across {@code kill -9} (docs/CONTRACT.md, v2 §2): a client that lost its answer because the server
 * died after the commit retries with the same key after the restart and gets the stored answer, not a second event.
 * One request is made to lose its answer for certain (the test waits until its key is in the database, then kills
 * the server before reading anything); sixteen keyed writers run meanwhile, and every one of their requests left
 * unanswered by the crash is retried.
 */
@OwnDeployment
class ExactlyOnceAcrossCrashTest {

    /** One keyed append a writer made: its key and body, and its answer if it got one. */
    record Sent(String key, String body, Answer answer) {
    }

    @Test
    void aRetryAfterKillNineReplaysTheCommittedAnswer() throws Exception {
        Assumptions.assumeTrue(Targets.selected().equals("jar"),
                "kill -9 needs a process of our own: this test runs with -Drunledger.target=jar (mvn verify runs it)");
        try (JarDeployment jar = new JarDeployment(Targets.jar(), Targets.freshDatabase(), Targets.databaseEnvironment())) {
            RunLedgerClient client = new RunLedgerClient(jar.uri());
            Run run = client.createRun("exactly-once/" + UUID.randomUUID(), "/repo", "main", "t", 1, Map.of());
            ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 16; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String key = run.id() + "-" + writer + "-" + i;
                        String append = body("runId", run.id(), "eventType", "tick",
                                "payload", Map.of("writer", writer, "i", i)).toString();
                        try {
                            sent.add(new Sent(key, append, IdempotencyContractTest.keyed(client, key, "appendEvent", append)));
                        } catch (RuntimeException connectionLost) {
                            sent.add(new Sent(key, append, null));
                            return null;
                        }
                    }
                    return null;
                }));
            }
            while (sent.size() < 500) {
                Thread.sleep(5);
            }
            String lostKey = run.id() + "-lost";
            String lostBody = body("runId", run.id(), "eventType", "lost-answer").toString();
            Socket unread = RawHttp.open(jar.uri(), "/appendEvent", List.of("Idempotency-Key: " + lostKey),
                    lostBody.getBytes(StandardCharsets.UTF_8));
            awaitCommitted(jar, lostKey);
            jar.kill(); // its answer, if already written, is never read
            unread.close();
            stop.set(true);
            for (Future<?> writer : writers) {
                writer.get();
            }
            pool.shutdown();

            jar.start();
            Answer retried = IdempotencyContractTest.keyed(client, lostKey, "appendEvent", lostBody);
            assertEquals(200, retried.status(), retried.raw());
            assertTrue(retried.replayed(), "committed before the crash, so the retry replays: " + retried.raw());
            int unanswered = 0;
            int replayedAfterCrash = 0;
            Set<Long> answeredSequences = new TreeSet<>();
            answeredSequences.add(retried.json().get("sequence").asLong());
            for (Sent request : sent) {
                Answer answer = request.answer();
                if (answer == null || answer.status() != 200) {
                    unanswered++;
                    answer = IdempotencyContractTest.keyed(client, request.key(), "appendEvent", request.body());
                    assertEquals(200, answer.status(), answer.raw());
                    replayedAfterCrash += answer.replayed() ? 1 : 0;
                }
                assertTrue(answeredSequences.add(answer.json().get("sequence").asLong()), "one event per key: " + answer.raw());
            }
            List<Event> stored = client.allEvents(run.id(), 1000);
            assertEquals(LongStream.rangeClosed(1, stored.size()).boxed().toList(),
                    stored.stream().map(Event::sequence).toList(), "gapless");
            assertEquals(answeredSequences.size(), stored.size(), "every stored event is one key's, each key's once");
            assertEquals(1, stored.stream().filter(event -> event.eventType().equals("lost-answer")).count());
            assertFalse(stored.isEmpty());
            System.out.println("[exactly-once] " + sent.size() + " keyed appends, " + unanswered
                    + " unanswered by kill -9 and retried (" + replayedAfterCrash + " of them had committed); "
                    + "the lost answer was replayed; " + stored.size() + " events, one per key");
        }
    }

    /** Waits until the key's row is committed (readable from another connection). */
    private static void awaitCommitted(JarDeployment jar, String key) throws SQLException, InterruptedException {
        try (Connection connection = Targets.connect(jar.databaseJdbcUrl().orElseThrow());
             PreparedStatement committed = connection.prepareStatement(
                     "SELECT COUNT(*) FROM idempotency_keys WHERE function_name = 'appendEvent' AND idempotency_key = ?")) {
            committed.setString(1, key);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                try (ResultSet count = committed.executeQuery()) {
                    count.next();
                    if (count.getInt(1) == 1) {
                        return;
                    }
                }
                Thread.sleep(1);
            }
        }
        throw new AssertionError("the keyed append never committed");
    }
}
