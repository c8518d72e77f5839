package dev.runledger.contract.page;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.Json;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.bench.Report;
import dev.runledger.contract.target.JarDeployment;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.runledger.contract.client.RunLedgerClient.body;

/**
 * {@code .ci/benchmark page}: the run page in headless Chromium against the jar (the README's start) on a fresh SQLite
 * file. A run of 1,000 units in dependency layers (300 of them started, 250 completed) and 100,000 events: how long
 * the page takes from navigation to its first painted view (graph of every unit and the last page of events), against
 * the 1 s and against the API reads that view makes, timed alone from Java; then, while events are appended
 * at 100 per second, how late each shows on the page after its append was acknowledged, and how long the page's
 * main thread is kept from answering input (its timer lag and the browser's long tasks), against the 100 ms in which
 * a page must answer a person. Writes its table between the {@code results:page} markers of BENCHMARKS.md.
 */
public final class RunPageBenchmark {

    private static final int UNITS = Integer.getInteger("bench.units", 1_000);
    private static final int STARTED = Math.min(300, UNITS);
    private static final int COMPLETED = Math.min(250, UNITS);
    private static final int EVENTS = Integer.getInteger("bench.events", 100_000);
    private static final int OPENS = 7;
    private static final int FOLLOW_SECONDS = 20;
    private static final int PER_SECOND = 100;

    private RunPageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "functions/target/runledger.jar");
        Path report = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
        Path work = Files.createTempDirectory("runledger-page-bench");
        String table;
        try (JarDeployment server = new JarDeployment(jar, work.resolve("page.db"), Map.of());
             Browser browser = Browser.start()) {
            table = measure(server.uri(), browser);
        }
        System.out.println(table);
        Report.write(report, "page", table);
    }

    private static String measure(URI base, Browser browser) throws Exception {
        RunLedgerClient api = new RunLedgerClient(base);
        Run run = seed(api);
        URI page = base.resolve("/ui/runs/" + run.id());

        // The API reads the view waits for (run, units, the event log's head and last page), from Java, as a floor.
        double[] floor = new double[OPENS];
        for (int i = 0; i < OPENS; i++) {
            long start = System.nanoTime();
            api.getRun(run.id());
            api.listUnits(run.id(), null);
            long last = api.listEvents(run.id(), 0L, 1, null, null).lastSequence();
            api.listEvents(run.id(), last - 200, 200, null, null);
            floor[i] = (System.nanoTime() - start) / 1e6;
        }
        double[] opens = new double[OPENS];
        for (int i = 0; i < OPENS; i++) {
            browser.open(base.resolve("/ui/icon.svg")); // leave the page, so that each open is a new document
            browser.open(page);
            opens[i] = Double.parseDouble(browser.await(Duration.ofSeconds(30), "the run page's first view",
                    d -> (String) browser.script("return document.querySelector('main').dataset.readyMs || null")));
            int nodes = browser.all("a.node").size();
            int rows = browser.all("#events li").size();
            if (nodes != UNITS || rows != 200) {
                throw new IllegalStateException("the view showed " + nodes + " units and " + rows + " events");
            }
        }
        long pageBytes = 0;
        for (JsonNode resource : browser.resources()) {
            if (!resource.path("type").asText().equals("fetch")) {
                pageBytes += resource.path("bytes").asLong();
            }
        }

        // Following: the page open and live; events appended at 100 per second; the page notes when each row appears.
        browser.await(Duration.ofSeconds(10), "the stream", d -> browser.one("#connection.live") != null);
        browser.script("""
                window.seen = {}; window.lags = []; window.longTasks = [];
                new MutationObserver(records => { const now = performance.timeOrigin + performance.now();
                  for (const r of records) for (const n of r.addedNodes) if (n.dataset && n.dataset.sequence) seen[n.dataset.sequence] = now; })
                  .observe(document.querySelector('#events'), {childList: true});
                new PerformanceObserver(list => list.getEntries().forEach(e => longTasks.push(e.duration))).observe({entryTypes: ['longtask']});
                let last = performance.now();
                window.probe = setInterval(() => { const now = performance.now(); lags.push(now - last - 50); last = now; }, 50);
                """);
        Map<Long, Long> acknowledged = new HashMap<>();
        long next = System.nanoTime();
        for (int i = 0; i < FOLLOW_SECONDS * PER_SECOND; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            next += 1_000_000_000L / PER_SECOND;
            Event event = api.appendEvent(run.id(), "tick", "unit-" + (i % UNITS),
                    Json.parse("{\"n\":" + i + ",\"note\":\"" + "x".repeat(120) + "\"}"));
            acknowledged.put(event.sequence(), System.currentTimeMillis());
        }
        Thread.sleep(2_000);
        JsonNode seen = Json.parse((String) browser.script("clearInterval(window.probe); return JSON.stringify({seen, lags, longTasks})"));
        List<Double> delays = new ArrayList<>();
        acknowledged.forEach((sequence, at) -> {
            JsonNode shown = seen.path("seen").path(Long.toString(sequence));
            if (!shown.isMissingNode()) {
                delays.add(shown.asDouble() - at);
            }
        });
        if (delays.size() != acknowledged.size()) {
            throw new IllegalStateException((acknowledged.size() - delays.size()) + " of " + acknowledged.size()
                    + " appended events never appeared on the page");
        }
        double[] lags = numbers(seen.path("lags"));
        double[] longTasks = numbers(seen.path("longTasks"));
        double[] delay = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();

        Arrays.sort(opens);
        Arrays.sort(floor);
        Arrays.sort(lags);
        StringBuilder out = new StringBuilder();
        out.append("Measured ").append(LocalDate.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores: the jar as the README starts it (SQLite), headless Chromium ")
                .append(browser.version()).append(" on the same machine; a run of ").append(String.format(Locale.ROOT, "%,d", UNITS)).append(" units (")
                .append(STARTED).append(" started, ").append(COMPLETED).append(" completed) and ")
                .append(String.format(Locale.ROOT, "%,d", EVENTS)).append(" events.\n\n");
        out.append("| scenario | measured | compared with | verdict |\n|---|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| open the run: navigation to the first painted view (graph of %,d units, last 200 events), median of %d | %.0f ms (max %.0f) | 1,000 ms; the API reads alone: %.0f ms | %s |%n",
                UNITS, OPENS, median(opens), opens[opens.length - 1], median(floor), median(opens) <= 1000 ? "met" : "**not met**"));
        out.append(String.format(Locale.ROOT, "| following %d events/s for %d s: append acknowledged to row on the page, p50 / p99 / max | %.0f / %.0f / %.0f ms | 1,000 ms | %s |%n",
                PER_SECOND, FOLLOW_SECONDS, percentile(delay, 0.5), percentile(delay, 0.99), delay[delay.length - 1],
                percentile(delay, 0.99) <= 1000 ? "met" : "**not met**"));
        double longest = Math.max(lags[lags.length - 1], Arrays.stream(longTasks).max().orElse(0));
        out.append(String.format(Locale.ROOT, "| following: the page kept from answering input: a 50 ms timer's lag p99 / max; the browser's long tasks (> 50 ms), count and longest | %.0f / %.0f ms; %d, longest %.0f ms | 100 ms (the longest of either) | %s |%n",
                percentile(lags, 0.99), lags[lags.length - 1], longTasks.length,
                Arrays.stream(longTasks).max().orElse(0), longest <= 100 ? "met" : "**not met**"));
        out.append(String.format(Locale.ROOT, "| page weight: the document, script, style and icon | %.1f KiB | 300 KiB | %s |%n",
                pageBytes / 1024.0, pageBytes <= 300 * 1024 ? "met" : "**not met**"));
        return out.toString();
    }

    /** 1,000 units in layers of 50 (each depends on two of the layer before), the first 300 started, 100,000 events. */
    private static Run seed(RunLedgerClient api) {
        Run run = api.createRun("rl-bench/page/" + System.nanoTime(), "/repo/bench", "main", "tasks", 8,
                Map.of("status", "running"));
        List<Map<String, Object>> units = new ArrayList<>();
        for (int i = 0; i < UNITS; i++) {
            Map<String, Object> unit = new HashMap<>(Map.of("unitId", name(i)));
            if (i >= 50) {
                int layer = i / 50 - 1;
                int other = (i % 50 * 7 + 3) % 50;
                unit.put("dependsOn", List.of(name(i - 50), name(layer * 50 + (other == i % 50 ? (other + 1) % 50 : other))));
            }
            units.add(unit);
        }
        api.createUnits(run.id(), units);
        for (int i = 0; i < STARTED; i++) {
            api.claimUnit(run.id(), "worker-" + (i % 8), 600_000L, name(i));
            if (i < COMPLETED) {
                api.updateUnit(run.id() + "_" + name(i), Map.of("status", "completed"));
            }
        }
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            batch.add(Map.of("eventType", i % 10 == 0 ? "unit.progress" : "agent.message", "unitId", name(i % UNITS),
                    "payload", Map.of("n", i, "text", "x".repeat(100))));
            if (batch.size() == 1000) {
                api.appendEvents(run.id(), batch);
                batch.clear();
            }
        }
        return run;
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "unit-%04d", i);
    }

    private static double[] numbers(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static double median(double[] sorted) {
        return percentile(sorted, 0.5);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

}
