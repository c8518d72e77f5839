package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.JarDeployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An acknowledged write is never lost, not even by {@code kill -9}: clients append concurrently to the
 * real jar, the process is killed mid-stream, a new process opens the same file, and every event that
 * was answered 200 is there, in a gapless log that continues where it stopped.
 */
class CrashDurabilityTest {

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        Assumptions.assumeTrue(Targets.selected().equals("jar"),
                "kill -9 needs a process of our own: this test runs with -Drunledger.target=jar (mvn verify runs it)");
        try (JarDeployment jar = new JarDeployment(Targets.jar(), Targets.freshDatabase(), Map.of())) {
            RunLedgerClient client = new RunLedgerClient(jar.uri());
            List<Run> runs = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                runs.add(client.createRun("crash/" + r, "/repo", "main", "t", 1, Map.of()));
            }
            ConcurrentLinkedQueue<Event> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 16; w++) {
                Run run = runs.get(w % runs.size());
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            JsonNode payload = Json.parse("{\"writer\":" + writer + ",\"i\":" + i + "}");
                            acknowledged.add(client.appendEvent(run.id(), "tick", null, payload));
                        } catch (RuntimeException connectionLost) {
                            return null; // the server is gone: this write was never acknowledged
                        }
                    }
                    return null;
                }));
            }
            while (acknowledged.size() < 2000) {
                Thread.sleep(5);
            }
            jar.kill();
            stop.set(true);
            for (Future<?> writer : writers) {
                writer.get();
            }
            pool.shutdown();
            int answered = acknowledged.size();

            jar.start();
            for (Run run : runs) {
                List<Event> stored = client.allEvents(run.id(), 1000);
                assertEquals(LongStream.rangeClosed(1, stored.size()).boxed().toList(),
                        stored.stream().map(Event::sequence).toList(), "gapless after the crash");
                List<Event> mine = acknowledged.stream().filter(e -> e.runId().equals(run.id())).toList();
                for (Event ack : mine) {
                    assertTrue(ack.sequence() <= stored.size(), "acknowledged event " + ack.sequence() + " lost");
                    Event found = stored.get((int) ack.sequence() - 1);
                    assertEquals(ack.id(), found.id());
                    Json.assertSameValue(ack.payload(), found.payload());
                }
                assertEquals(stored.size() + 1, client.appendEvent(run.id(), "after", null, null).sequence(),
                        "the log continues where it stopped");
            }
            System.out.println("[crash] " + answered + " acknowledged appends before kill -9, all present after restart");
        }
    }
}
