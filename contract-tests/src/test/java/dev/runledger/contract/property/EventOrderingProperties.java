package dev.runledger.contract.property;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.Json;
import dev.runledger.contract.RunLedgerExtension;
import dev.runledger.contract.Scope;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.EventPage;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * N concurrent clients append to a few runs: every run's sequences are exactly 1..k, every acknowledged
 * event is there with its payload, and listEvents pages through any afterSequence/limit in order,
 * without gaps or repeats.
 */
@ExtendWith(RunLedgerExtension.class)
class EventOrderingProperties {

    /** One client's appends: for each, the run (index) and the payload size. */
    record ClientPlan(List<Integer> runs, List<Integer> sizes) {
    }

    record Scenario(int runCount, List<ClientPlan> clients, int pageSize, int start) {
    }

    @Test
    void concurrentAppendsAreGaplessAndPageable(RunLedgerClient client) {
        Gen<ClientPlan> plans = integers().between(1, 12).flatMap(n -> lists().of(integers().between(0, 2)).ofSize(n)
                .zip(lists().of(integers().between(0, 3000)).ofSize(n), ClientPlan::new));
        Gen<Scenario> scenarios = integers().between(1, 3).zip(lists().of(plans).ofSizeBetween(1, 12),
                integers().between(1, 40), integers().between(0, 30), Scenario::new);
        PropertyCheck.standard().check("concurrent-appends-gapless", 12, scenarios, scenario -> {
            try (Scope scope = new Scope(client)) {
                List<Run> runs = new ArrayList<>();
                for (int r = 0; r < scenario.runCount(); r++) {
                    runs.add(scope.createRun("log-" + r));
                }
                ConcurrentLinkedQueue<Event> acknowledged = new ConcurrentLinkedQueue<>();
                ExecutorService pool = Executors.newFixedThreadPool(scenario.clients().size());
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int c = 0; c < scenario.clients().size(); c++) {
                    ClientPlan plan = scenario.clients().get(c);
                    int clientIndex = c;
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < plan.runs().size(); i++) {
                            Run run = runs.get(plan.runs().get(i) % runs.size());
                            JsonNode payload = Json.parse("{\"client\":" + clientIndex + ",\"i\":" + i
                                    + ",\"pad\":\"" + "p".repeat(plan.sizes().get(i)) + "\"}");
                            acknowledged.add(client.appendEvent(run.id(), "c" + clientIndex, null, payload));
                        }
                        return null;
                    }));
                }
                start.countDown();
                try {
                    for (Future<?> future : futures) {
                        future.get();
                    }
                } catch (Exception e) {
                    throw new AssertionError("a client failed", e);
                } finally {
                    pool.shutdownNow();
                }
                for (Run run : runs) {
                    List<Event> mine = acknowledged.stream().filter(e -> e.runId().equals(run.id())).toList();
                    List<Event> stored = client.allEvents(run.id(), 1000);
                    assertEquals(LongStream.rangeClosed(1, mine.size()).boxed().toList(),
                            stored.stream().map(Event::sequence).toList(), "sequences 1..k");
                    Map<Long, Event> bySequence = new HashMap<>();
                    stored.forEach(e -> bySequence.put(e.sequence(), e));
                    for (Event ack : mine) {
                        Event found = bySequence.get(ack.sequence());
                        assertEquals(ack.id(), found.id(), "acknowledged event " + ack.sequence() + " present");
                        Json.assertSameValue(ack.payload(), found.payload());
                    }
                    long last = mine.size();
                    long after = Math.min(scenario.start(), last);
                    List<Long> paged = new ArrayList<>();
                    while (true) {
                        EventPage page = client.listEvents(run.id(), after, scenario.pageSize(), null, null);
                        assertEquals(last, page.lastSequence());
                        assertTrue(page.events().size() <= scenario.pageSize());
                        page.events().forEach(e -> paged.add(e.sequence()));
                        if (page.events().isEmpty()) {
                            break;
                        }
                        after = page.events().get(page.events().size() - 1).sequence();
                    }
                    assertEquals(LongStream.rangeClosed(Math.min(scenario.start(), last) + 1, last).boxed().toList(), paged,
                            "pages of " + scenario.pageSize() + " from " + scenario.start() + " in order, no gap, no repeat");
                }
            }
        });
    }
}
