package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.Deployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two instances (of the selected target: jars, containers or in-process servers) on one PostgreSQL database,
 * concurrent clients split between them, appending to the same runs: every run's sequences are 1..k with no
 * gap and no duplicate, and every acknowledged event is there with its payload.
 */
@OwnDeployment
class MultiInstanceTest {

    @Test
    void twoInstancesAppendGaplesslyToTheSameRuns() throws Exception {
        Assumptions.assumeTrue(Targets.postgres(), "SKIPPED LOUDLY: the multi-instance test needs a shared PostgreSQL "
                + "database; run with -Drunledger.database.url=jdbc:postgresql://... (.ci/run starts one)");
        try (Deployment first = Targets.startInstance();
             Deployment second = Targets.startInstance();
             Scope scope = new Scope(new RunLedgerClient(first.uri()))) {
            List<RunLedgerClient> instances = List.of(new RunLedgerClient(first.uri()), new RunLedgerClient(second.uri()));
            List<Run> runs = List.of(scope.createRun("shared-a"), scope.createRun("shared-b"), scope.createRun("shared-c"));
            ConcurrentLinkedQueue<Event> acknowledged = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                RunLedgerClient client = instances.get(c % 2);
                int id = c;
                clients.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 40; i++) {
                        JsonNode payload = Json.parse("{\"client\":" + id + ",\"i\":" + i + "}");
                        acknowledged.add(client.appendEvent(runs.get((id + i) % runs.size()).id(), "tick", null, payload));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> client : clients) {
                client.get();
            }
            pool.shutdown();
            for (Run run : runs) {
                List<Event> mine = acknowledged.stream().filter(e -> e.runId().equals(run.id())).toList();
                for (RunLedgerClient reader : instances) {
                    List<Event> stored = reader.allEvents(run.id(), 1000);
                    assertEquals(LongStream.rangeClosed(1, mine.size()).boxed().toList(),
                            stored.stream().map(Event::sequence).toList(), "gapless across instances");
                    for (Event ack : mine) {
                        Event found = stored.get((int) ack.sequence() - 1);
                        assertEquals(ack.id(), found.id(), "acknowledged event " + ack.sequence() + " present");
                        Json.assertSameValue(ack.payload(), found.payload());
                    }
                }
            }
            System.out.println("[multi-instance] " + acknowledged.size() + " appends through two instances, gapless");
        }
    }
}
