package dev.runledger.contract.bench;

import dev.runledger.contract.client.RunLedgerClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The container figures of BENCHMARKS.md, with the docker CLI as users run the image: its size, the cold
 * start from {@code docker run} (new container, new volume, 256 MiB limit) to the first answered createRun,
 * and the appendEvent load at 64 connections inside that limit, through the published port and on the
 * host's network (peak memory from the container's cgroup).
 * Fails if an acknowledged append is missing or the container was OOM-killed. Run by
 * {@code .ci/benchmark container}.
 */
public final class ContainerBenchmark {

    private static final String LIMIT = "256m";
    private static final String CREATE_RUN = "{\"featureBranch\":\"s\",\"repoPath\":\"/r\",\"targetBranch\":\"m\","
            + "\"tasksDir\":\"t\",\"parallelism\":1}";

    private ContainerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String image = args.length > 0 ? args[0] : "runledger:bench";
        Path report = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
        Path work = Files.createTempDirectory("runledger-bench-container");
        List<String> rows = new ArrayList<>();

        long size = Long.parseLong(docker("image", "inspect", "--format", "{{.Size}}", image));
        String base = System.getProperty("bench.base-image", "");
        String sizeNote = base.isBlank() ? "" : String.format(Locale.ROOT, "base %s: %d MiB", base,
                Long.parseLong(docker("image", "inspect", "--format", "{{.Size}}", base)) >> 20);
        rows.add(String.format(Locale.ROOT, "| image size | %d MiB | %s |", size >> 20, sizeNote));

        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            starts.add(coldStart(image));
        }
        List<Long> sorted = new ArrayList<>(starts);
        sorted.sort(null);
        rows.add(String.format(Locale.ROOT, "| cold start: `docker run` to first answered createRun (median of 5) | %d ms | "
                + "new container and volume each time, --memory %s; all: %s ms |", sorted.get(2), LIMIT, starts));

        rows.add(appendLoad(image, false, work));
        rows.add(appendLoad(image, true, work));

        StringBuilder table = new StringBuilder();
        table.append("Measured ").append(LocalDate.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, image `").append(image).append("` (").append(docker("version", "--format", "Docker engine {{.Server.Version}}"))
                .append("); load generator wrk on the host, over the published port.\n\n");
        table.append("| what | measured | note |\n|---|---|---|\n");
        rows.forEach(row -> table.append(row).append('\n'));
        System.out.println(table);
        Report.write(report, "container", table.toString());
        System.out.println("Written to " + report.toAbsolutePath());
    }

    /**
     * appendEvent at 64 connections inside the memory limit, through the published port (docker-proxy)
     * or on the host's network; fails if the container was OOM-killed or lost an acknowledged append.
     */
    private static String appendLoad(String image, boolean hostNetwork, Path scripts) throws Exception {
        String volume = "runledger-bench-" + UUID.randomUUID();
        int port = freePort();
        List<String> run = new ArrayList<>(List.of("run", "-d", "--memory", LIMIT, "--memory-swap", LIMIT, "-v", volume + ":/data"));
        if (hostNetwork) {
            run.addAll(List.of("--network", "host", "-e", "MICRONAUT_SERVER_PORT=" + port));
        } else {
            run.addAll(List.of("-p", "127.0.0.1:" + port + ":8080"));
        }
        run.add(image);
        String container = docker(run.toArray(String[]::new));
        try {
            URI uri = URI.create("http://127.0.0.1:" + port);
            awaitCreateRun(uri, container);
            RunLedgerClient client = new RunLedgerClient(uri);
            for (int i = 0; i < Benchmark.RUNS; i++) {
                client.createRun("bench/" + i, "/bench", "main", "tasks", 4, Map.of("id", "bench-" + i));
            }
            Wrk wrk = new Wrk(scripts);
            System.out.println("warming up (30 s of appendEvent at 64 connections)...");
            Wrk.Result warmUp = wrk.run(uri, "/appendEvent", 64, 30, Benchmark.appendScript());
            Wrk.Result load = wrk.run(uri, "/appendEvent", 64, Benchmark.SECONDS, Benchmark.appendScript());
            long stored = 0;
            for (int i = 0; i < Benchmark.RUNS; i++) {
                stored += client.listEvents("bench-" + i, null, 1, null, null).lastSequence();
            }
            long acknowledged = warmUp.acknowledged() + load.acknowledged();
            boolean oomKilled = Boolean.parseBoolean(docker("inspect", "--format", "{{.State.OOMKilled}}", container));
            String peak = peakMemory(container) + " (anonymous memory, no page cache, after the load: " + anonymousMemory(container) + ")";
            System.out.printf("acknowledged %d, stored %d, OOM-killed %s, peak %s%n", acknowledged, stored, oomKilled, peak);
            if (oomKilled || stored < acknowledged) {
                throw new IllegalStateException("container failed under load: OOM-killed " + oomKilled
                        + ", acknowledged " + acknowledged + ", stored " + stored);
            }
            return String.format(Locale.ROOT, "| appendEvent at 64 connections, --memory %s, %s | %.0f req/s, p50 %.2f ms, "
                            + "p99 %.2f ms, non-2xx %d | peak memory of the container (cgroup) %s; not OOM-killed; %d acknowledged, %d stored |",
                    LIMIT, hostNetwork ? "--network host" : "published port (docker-proxy)", load.requestsPerSecond(),
                    load.p50Millis(), load.p99Millis(), load.non2xx(), peak, acknowledged, stored);
        } finally {
            docker("rm", "-f", container);
            docker("volume", "rm", volume);
        }
    }

    /** Milliseconds from {@code docker run} (a new container on a new volume) to the first createRun answered 200. */
    private static long coldStart(String image) throws Exception {
        String volume = "runledger-start-" + UUID.randomUUID();
        int port = freePort();
        long start = System.nanoTime();
        String container = docker("run", "-d", "--memory", LIMIT, "-p", "127.0.0.1:" + port + ":8080", "-v", volume + ":/data", image);
        try {
            awaitCreateRun(URI.create("http://127.0.0.1:" + port), container);
            return (System.nanoTime() - start) / 1_000_000;
        } finally {
            docker("rm", "-f", container);
            docker("volume", "rm", volume);
        }
    }

    private static void awaitCreateRun(URI base, String container) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest create = HttpRequest.newBuilder(base.resolve("/createRun"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CREATE_RUN, StandardCharsets.UTF_8)).build();
        for (int attempt = 0; attempt < 6000; attempt++) {
            try {
                if (http.send(create, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // docker-proxy accepts before the server listens; the connection is then reset
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the container did not answer createRun; logs:\n" + docker("logs", container));
    }

    /** The cgroup's high-water mark: cgroup v1's max_usage_in_bytes, or v2's memory.peak where the kernel has it. */
    private static String peakMemory(String container) throws Exception {
        for (String file : new String[]{"/sys/fs/cgroup/memory/memory.max_usage_in_bytes", "/sys/fs/cgroup/memory.peak"}) {
            try {
                return (Long.parseLong(docker("exec", container, "cat", file)) >> 20) + " MiB";
            } catch (IllegalStateException | NumberFormatException notThisVersion) {
                // try the other cgroup version
            }
        }
        return "not reported";
    }

    /** Memory the cgroup's processes own, without the page cache it also counts (cgroup v1 total_rss, v2 anon). */
    private static String anonymousMemory(String container) throws Exception {
        for (String[] source : new String[][]{{"/sys/fs/cgroup/memory/memory.stat", "total_rss "}, {"/sys/fs/cgroup/memory.stat", "anon "}}) {
            try {
                for (String line : docker("exec", container, "cat", source[0]).split("\n")) {
                    if (line.startsWith(source[1])) {
                        return (Long.parseLong(line.substring(source[1].length()).trim()) >> 20) + " MiB";
                    }
                }
            } catch (IllegalStateException notThisVersion) {
                // try the other cgroup version
            }
        }
        return "not reported";
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
