package dev.runledger.contract.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.RunLedgerClient;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many followers at once while appends go in at a fixed rate: each follower a long poll (a new call as soon as one
 * answers) or an open stream, all asynchronous on one client (no thread per follower here either). Each append
 * carries the time it was sent (to count only what was sent once the load had settled); a follower records when it got
 * each event, against the event's {@code createdAt}: commit-to-delivery, bounded above.
 */
final class FollowLoad {

    /** Delivery latencies (ms), the deliveries expected and made, the server's RSS and thread counts. */
    record Result(double p50Millis, double p99Millis, long delivered, long expected, long appended, long rssKiB,
                  int threadsIdle, int threadsLoaded) {
    }

    private static final int RUNS = 100;

    private FollowLoad() {
    }

    static Result run(URI base, long serverPid, boolean stream, int followers, int appendsPerSecond, int seconds, String prefix)
            throws Exception {
        RunLedgerClient client = new RunLedgerClient(base);
        for (int r = 0; r < RUNS; r++) {
            client.createRun("bench/" + prefix + r, "/bench", "main", "tasks", 1, Map.of("id", prefix + r));
        }
        int threadsIdle = threads(serverPid);
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong measuring = new AtomicLong(Long.MAX_VALUE); // sends from this time on are measured
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong delivered = new AtomicLong();
        for (int f = 0; f < followers; f++) {
            String runId = prefix + (f % RUNS);
            if (stream) {
                stream(http, base, runId, stop, measuring, latencies, delivered);
            } else {
                poll(http, base, runId, 0, stop, measuring, latencies, delivered);
            }
        }
        Thread.sleep(3000); // every follower connected and waiting
        Benchmark.RssSampler sampler = new Benchmark.RssSampler(serverPid);
        sampler.start();
        AtomicLong appended = new AtomicLong();
        AtomicLong measuredAppends = new AtomicLong();
        ScheduledExecutorService appender = Executors.newSingleThreadScheduledExecutor();
        long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long periodMicros = 1_000_000L / appendsPerSecond;
        int[] maxThreads = {0};
        appender.scheduleAtFixedRate(() -> {
            long n = appended.getAndIncrement();
            long sent = System.nanoTime();
            if (sent >= warmUntil) {
                measuring.compareAndSet(Long.MAX_VALUE, sent);
                measuredAppends.incrementAndGet();
            }
            String body = "{\"runId\":\"" + prefix + (n % RUNS) + "\",\"eventType\":\"tick\",\"payload\":{\"sent\":" + sent + "}}";
            http.sendAsync(HttpRequest.newBuilder(base.resolve("/appendEvent")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (n % 500 == 0) {
                maxThreads[0] = Math.max(maxThreads[0], threads(serverPid));
            }
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds) + 2000);
        appender.shutdownNow();
        Thread.sleep(2000); // the last appends delivered
        long rss = sampler.finish();
        stop.set(true);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long expected = measuredAppends.get() * followers / RUNS;
        return new Result(percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, sorted.length, expected,
                appended.get(), rss, threadsIdle, maxThreads[0]);
    }

    private static void poll(HttpClient http, URI base, String runId, long after, AtomicBoolean stop, AtomicLong measuring,
                             ConcurrentLinkedQueue<Long> latencies, AtomicLong delivered) {
        if (stop.get()) {
            return;
        }
        String body = "{\"runId\":\"" + runId + "\",\"afterSequence\":" + after + ",\"waitMs\":30000}";
        http.sendAsync(HttpRequest.newBuilder(base.resolve("/listEvents")).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).whenComplete((answer, failure) -> {
            long next = after;
            if (failure == null && answer.statusCode() == 200) {
                long now = System.nanoTime();
                try {
                    for (JsonNode event : RunLedgerClient.json().readTree(answer.body()).get("events")) {
                        record(event, now, measuring, latencies, delivered);
                        next = event.get("sequence").asLong();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            poll(http, base, runId, next, stop, measuring, latencies, delivered);
        });
    }

    private static void stream(HttpClient http, URI base, String runId, AtomicBoolean stop, AtomicLong measuring,
                               ConcurrentLinkedQueue<Long> latencies, AtomicLong delivered) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/streamEvents?runId="
                + URLEncoder.encode(runId, StandardCharsets.UTF_8))).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                if (stop.get()) {
                    subscription.cancel();
                    return;
                }
                if (line.startsWith("data: {\"id\"")) {
                    try {
                        record(RunLedgerClient.json().readTree(line.substring(6)), System.nanoTime(),
                                measuring, latencies, delivered);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        }));
    }

    /**
     * Commit-to-delivery of one event: the wall clock now less its {@code createdAt}, which the writer stamps just
     * before the insert (this machine's clock), so an upper bound; counted for events sent once measuring began.
     */
    private static void record(JsonNode event, long now, AtomicLong measuring, ConcurrentLinkedQueue<Long> latencies,
                               AtomicLong delivered) {
        delivered.incrementAndGet();
        if (event.get("payload").get("sent").asLong() >= measuring.get()) {
            latencies.add(java.time.Duration.between(java.time.Instant.parse(event.get("createdAt").asText()),
                    java.time.Instant.now()).toNanos());
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** The server process's live thread count. */
    static int threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return -1;
    }
}
