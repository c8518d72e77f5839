package dev.runledger.contract;

import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.EventStream;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /metrics} (docs/CONTRACT.md, v3 §9), scraped while requests go on: its counters move by exactly the
 * requests this test sent (at least, on a deployment others use too), the writer's histograms by the commits, and the
 * followers' gauge by the streams and long polls open.
 */
@ExtendWith(RunLedgerExtension.class)
class MetricsContractTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) ([^ ]+)$");
    private static final int WRITERS = 8;
    private static final int APPENDS = 50;
    private static final int MISSES = 10;

    @Test
    void theCountersMoveByTheRequestsSentUnderLoad(Scope scope, Deployment deployment) throws Exception {
        RunLedgerClient client = scope.client();
        List<Run> runs = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            runs.add(scope.createRun("metrics-" + w, Map.of()));
        }
        Map<String, Double> before = scrape(client);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String runId = runs.get(w).id();
                sent.add(writers.submit(() -> {
                    for (int i = 0; i < APPENDS; i++) {
                        client.appendEvent(runId, "tick", null, null);
                    }
                }));
            }
            Map<String, Double> during = scrape(client); // a scrape under load answers and parses
            assertEquals(1.0, during.get("runledger_storage_writable"));
            for (Future<?> writer : sent) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        for (int i = 0; i < MISSES; i++) {
            assertEquals(404, client.call("getRun", RunLedgerClient.body("id", "no-such-run-" + i)).status());
        }
        // The run page's files and views, whatever their address, are one series (not API: plain GETs, no token needed).
        java.net.http.HttpClient browser = java.net.http.HttpClient.newHttpClient();
        for (String page : List.of("/ui/", "/ui/app.js", "/ui/runs/" + runs.get(0).id())) {
            assertEquals(200, browser.send(java.net.http.HttpRequest.newBuilder(client.base().resolve(page)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode(), page);
        }
        Map<String, Double> after = scrape(client);

        int appends = WRITERS * APPENDS;
        assertMoved(deployment, appends, before, after, "runledger_requests_total{function=\"appendEvent\",status=\"200\"}");
        assertMoved(deployment, MISSES, before, after, "runledger_requests_total{function=\"getRun\",status=\"404\"}");
        assertMoved(deployment, 3, before, after, "runledger_requests_total{function=\"ui\",status=\"200\"}");
        assertMoved(deployment, appends, before, after, "runledger_request_duration_seconds_count{function=\"appendEvent\"}");
        double commits = delta(before, after, "runledger_commit_duration_seconds_count");
        double written = delta(before, after, "runledger_writer_batch_size_sum");
        assertTrue(commits >= 1 && commits <= appends, "commits: " + commits);
        assertEquals(commits, delta(before, after, "runledger_writer_batch_size_count"), "a batch size per commit");
        assertTrue(written >= appends, "the batches carried every append: " + written);
        assertTrue(after.get("runledger_writer_queue_depth") >= 0);
        assertTrue(after.containsKey("runledger_request_duration_seconds_bucket{function=\"appendEvent\",le=\"+Inf\"}"),
                "a histogram by function: " + after.keySet());
    }

    @Test
    void theFollowersGaugeCountsOpenStreamsAndWaitingLongPolls(Scope scope) throws Exception {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("metrics-follow", Map.of());
        client.updateRunStatus(run.id(), "running", null, null);
        double idle = scrape(client).get("runledger_followers");
        CompletableFuture<Answer> longPoll;
        try (EventStream stream = client.streamEvents(run.id(), null, null, null, null)) {
            longPoll = CompletableFuture.supplyAsync(() -> client.call("listEvents",
                    RunLedgerClient.body("runId", run.id(), "afterSequence", 0, "waitMs", 20_000)));
            assertTrue(eventually(() -> scrape(client).get("runledger_followers") >= idle + 2),
                    "a stream and a long poll open: followers ≥ " + (idle + 2) + ", was " + scrape(client).get("runledger_followers"));
            client.appendEvent(run.id(), "wake", null, null);
            assertEquals(200, longPoll.get(30, TimeUnit.SECONDS).status());
        }
        assertTrue(eventually(() -> scrape(client).get("runledger_followers") <= idle),
                "both gone: followers back to " + idle + ", was " + scrape(client).get("runledger_followers"));
    }

    /** On a deployment this run owns, exactly; elsewhere (others' requests count too), at least. */
    private static void assertMoved(Deployment deployment, double expected, Map<String, Double> before, Map<String, Double> after,
                                    String series) {
        double moved = delta(before, after, series);
        if (deployment.ownsDatabase()) {
            assertEquals(expected, moved, series);
        } else {
            assertTrue(moved >= expected, series + " moved by " + moved + ", at least " + expected + " expected");
        }
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertTrue(after.containsKey(series), series + " is exposed: " + after.keySet());
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    /** Every sample of a scrape, by its series as printed ({@code name{labels}}); the format checked on the way. */
    static Map<String, Double> scrape(RunLedgerClient client) {
        Answer answer = client.send("GET", "/metrics", null, null);
        assertEquals(200, answer.status(), answer.raw());
        assertTrue(answer.contentType().startsWith("text/plain; version=0.0.4"), answer.contentType());
        Map<String, Double> samples = new HashMap<>();
        for (String line : answer.raw().split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "a Prometheus sample line: " + line);
            samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
        }
        return samples;
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
