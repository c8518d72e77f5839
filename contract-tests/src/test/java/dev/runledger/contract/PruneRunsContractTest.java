package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.Deployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Removing finished runs (docs/CONTRACT.md, v3 §8), black-box, on a deployment with a database of its own (pruning
 * reaches every finished run of the database, so it never runs where other tests' runs, or a user's, live).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OwnDeployment
class PruneRunsContractTest {

    private Deployment own;
    private RunLedgerClient client;

    @BeforeAll
    void start() {
        Assumptions.assumeFalse(Targets.selected().equals("url"),
                "SKIPPED LOUDLY: pruneRuns removes every finished run of a database; a deployment given by URL holds someone's data");
        own = Targets.startOnOwnDatabase(Map.of(), Map.of());
        client = new RunLedgerClient(own.uri());
    }

    @AfterAll
    void stop() {
        if (own != null) {
            own.close();
        }
    }

    /** A run finished in {@code status} with {@code units} units (each claimed and given output), events and a merge. */
    private String finished(String status, int units, int events) {
        String id = client.createRun("prune/" + UUID.randomUUID(), "/r", "main", "t", 2, Map.of()).id();
        for (int u = 0; u < units; u++) {
            client.createUnit(id, "u" + u, null, null, null);
            client.claimUnit(id, "w", null, null);
            assertEquals(200, OutputContractTest.append(client, id, "u" + u, 1, "stdout", "out " + u).status());
            assertEquals(200, OutputContractTest.append(client, id, "u" + u, 1, "stderr", "err " + u).status());
            client.updateUnit(id + "_u" + u, Map.of("status", "completed", "attempt", 1));
        }
        for (int e = 0; e < events; e++) {
            client.appendEvent(id, "e", null, null);
        }
        client.recordMerge(Map.of("runId", id, "targetBranch", "main", "kind", "direct", "mergeCommit", "abcdef0"));
        client.updateRunStatus(id, "running", null, null);
        client.updateRunStatus(id, status, null, null);
        return id;
    }

    private JsonNode prune(JsonNode request) {
        Answer answer = client.call("pruneRuns", request);
        assertEquals(200, answer.status(), answer.raw());
        return answer.json();
    }

    private boolean exists(String id) {
        try {
            client.getRun(id);
            return true;
        } catch (ProblemException e) {
            assertEquals("run-not-found", e.code());
            return false;
        }
    }

    @Test
    void finishedRunsGoOldestFirstWithEverythingTheyOwnAndUnfinishedOnesStay() throws Exception {
        String oldest = finished("completed", 2, 3);
        String failed = finished("failed", 1, 0);
        String cancelled = finished("cancelled", 0, 1);
        String running = client.createRun("prune/running", "/r", "main", "t", 1, Map.of()).id();
        client.updateRunStatus(running, "running", null, null);
        String pending = client.createRun("prune/pending", "/r", "main", "t", 1, Map.of()).id();
        Thread.sleep(20);
        String cutoff = Instant.now().toString();
        Thread.sleep(20);
        String younger = finished("completed", 0, 0);

        JsonNode dry = prune(body("finishedBefore", cutoff, "dryRun", true));
        // oldest: 2 units, 3 events, 4 chunks, 1 merge; failed: 1 unit, 2 chunks, 1 merge; cancelled: 1 event, 1 merge
        assertEquals(Json.parse("{\"runs\":3,\"units\":3,\"events\":4,\"outputChunks\":6,\"merges\":3,\"more\":false}"), dry);
        assertTrue(exists(oldest) && exists(failed) && exists(cancelled), "a dry run removes nothing");

        JsonNode first = prune(body("finishedBefore", cutoff, "limit", 1));
        assertEquals(Json.parse("{\"runs\":1,\"units\":2,\"events\":3,\"outputChunks\":4,\"merges\":1,\"more\":true}"), first,
                "the oldest first; more remain");
        assertFalse(exists(oldest));
        assertEquals("run-not-found", client.call("readOutput", body("runId", oldest, "unitId", "u0")).code(),
                "its units and their output went with it");
        assertEquals("run-not-found", client.call("listMerges", body("runId", oldest)).code(), "and its merges");

        JsonNode onlyFailed = prune(body("finishedBefore", cutoff, "statuses", List.of("failed")));
        assertEquals(1, onlyFailed.get("runs").asLong());
        assertFalse(exists(failed));
        assertTrue(exists(cancelled), "a status not asked for stays");

        JsonNode rest = prune(body("finishedBefore", Instant.now().plusSeconds(60).toString()));
        assertEquals(2, rest.get("runs").asLong(), "cancelled and the younger run");
        assertFalse(rest.get("more").asBoolean());
        assertTrue(exists(running) && exists(pending), "a pending or running run is never removed");
        assertFalse(exists(cancelled) || exists(younger));
    }

    @Test
    void badRequestsAreValidationFailedAndRemoveNothing() {
        String kept = finished("completed", 0, 1);
        for (JsonNode bad : List.of(body(), body("finishedBefore", "yesterday"),
                body("finishedBefore", "2999-01-01T00:00:00Z", "statuses", List.of()),
                body("finishedBefore", "2999-01-01T00:00:00Z", "statuses", List.of("running")),
                body("finishedBefore", "2999-01-01T00:00:00Z", "statuses", List.of("done")),
                body("finishedBefore", "2999-01-01T00:00:00Z", "limit", 0),
                body("finishedBefore", "2999-01-01T00:00:00Z", "limit", 10001))) {
            Answer answer = client.call("pruneRuns", bad);
            assertEquals(400, answer.status(), bad + " -> " + answer.raw());
            assertEquals("validation-failed", answer.code(), answer.raw());
        }
        assertTrue(exists(kept));
        prune(body("finishedBefore", "2999-01-01T00:00:00Z"));
        assertFalse(exists(kept));
    }

    /** Each run goes in a transaction of its own: appends to other runs go on meanwhile, and none fails. */
    @Test
    void appendsToOtherRunsGoOnWhileRunsArePruned() throws Exception {
        List<String> doomed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = client.createRun("prune/load/" + UUID.randomUUID(), "/r", "main", "t", 1, Map.of()).id();
            client.appendEvents(id, java.util.Collections.nCopies(200, Map.<String, Object>of("eventType", "e")));
            client.updateRunStatus(id, "running", null, null);
            client.updateRunStatus(id, "completed", null, null);
            doomed.add(id);
        }
        String live = client.createRun("prune/live", "/r", "main", "t", 1, Map.of()).id();
        AtomicBoolean pruning = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> appenders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                appenders.add(pool.submit(() -> {
                    int appended = 0;
                    while (pruning.get()) {
                        client.appendEvent(live, "tick", null, null); // throws on any failure
                        appended++;
                    }
                    return appended;
                }));
            }
            JsonNode pruned = prune(body("finishedBefore", Instant.now().plusSeconds(1).toString()));
            pruning.set(false);
            assertEquals(20, pruned.get("runs").asLong());
            assertEquals(4000, pruned.get("events").asLong());
            int appended = 0;
            for (Future<Integer> appender : appenders) {
                appended += appender.get(60, TimeUnit.SECONDS);
            }
            assertEquals(appended, client.allEvents(live, 1000).size(), "every append acknowledged is there");
        } finally {
            pruning.set(false);
            pool.shutdownNow();
        }
        for (String id : doomed) {
            assertFalse(exists(id));
        }
        assertThrows(ProblemException.class, () -> client.getRun(doomed.get(0)));
    }
}
