package dev.runledger.contract.bench;

import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.CgroupMemory;
import dev.runledger.contract.target.JarDeployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The container figures of BENCHMARKS.md, with the docker CLI as users run the image: its size, the cold
 * start from {@code docker run} (new container, new volume, 256 MiB limit) to the first answered createRun beside
 * Docker's own part of it and the same jar's start on the host,
 * and the appendEvent load at 64 connections inside that limit, through the published port and on the
 * host's network (peak memory from the container's cgroup).
 * Fails if an acknowledged append is missing or the container was OOM-killed. Run by
 * {@code .ci/benchmark container}.
 */
public final class ContainerBenchmark {

    private static final String LIMIT = "256m";
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

        // Issue 29's target for the image: docker run to the first answer within the host's start plus what Docker
        // itself takes to start a container (measured alone, the same options, the base image's date as the
        // entrypoint). The four kinds of start are interleaved, round by round, so that a machine drifting moves them alike.
        Path jar = Path.of(args.length > 2 ? args[2] : "functions/target/runledger.jar");
        List<Long> starts = new ArrayList<>();
        List<Long> hostNetworkStarts = new ArrayList<>();
        List<Long> overheads = new ArrayList<>();
        List<Long> hostStarts = new ArrayList<>();
        Benchmark.StartUp.Start host = new Benchmark.StartUp.Start(Benchmark.StartUp.thisJava(),
                List.of("-XX:SharedArchiveFile=" + jar.resolveSibling("runledger.jsa")), List.of("-jar", jar.toAbsolutePath().toString()));
        for (int i = 0; i < Benchmark.START_ROUNDS; i++) {
            starts.add(coldStart(image, false));
            hostNetworkStarts.add(coldStart(image, true));
            overheads.add(dockerOverhead(base.isBlank() ? image : base));
            hostStarts.add(Benchmark.StartUp.once(host));
        }
        long start = median(starts);
        long hostNetworkStart = median(hostNetworkStarts);
        long overhead = median(overheads);
        long hostStart = median(hostStarts);
        rows.add(String.format(Locale.ROOT, "| cold start: `docker run` to first answered createRun (median of %d) | %d ms | "
                + "new container and volume each time, --memory %s, published port; all: %s ms |", starts.size(), start, LIMIT, starts));
        rows.add(String.format(Locale.ROOT, "| cold start, --network host (median of %d) | %d ms | "
                + "the same without a published port: no docker-proxy between the client and the server; all: %s ms |",
                hostNetworkStarts.size(), hostNetworkStart, hostNetworkStarts));
        rows.add(String.format(Locale.ROOT, "| Docker's own start: `docker run` to the entrypoint's first instruction (median of %d) | %d ms | "
                + "the same options, `date` as the entrypoint of %s; all: %s ms |", overheads.size(), overhead,
                base.isBlank() ? image : base, overheads));
        rows.add(String.format(Locale.ROOT, "| the host's start: the README's command to first answered createRun (median of %d) | %d ms | "
                + "the same jar with its AppCDS archive, a new database each time, %s; all: %s ms |", hostStarts.size(), hostStart,
                Runtime.version(), hostStarts));
        for (boolean hostNetwork : new boolean[] {false, true}) {
            long measured = hostNetwork ? hostNetworkStart : start;
            rows.add(String.format(Locale.ROOT, "| target: cold start, %s ≤ the host's start + Docker's own (%d + %d = %d ms) | %s | %.2f × |",
                    hostNetwork ? "--network host," : "published port,", hostStart, overhead, hostStart + overhead,
                    measured <= hostStart + overhead ? "met" : "**not met**", measured / (double) (hostStart + overhead)));
        }

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
        int port = JarDeployment.freePort();
        List<String> run = new ArrayList<>(List.of("run", "-d", "--memory", LIMIT, "--memory-swap", LIMIT, "-v", volume + ":/data"));
        if (hostNetwork) {
            run.addAll(List.of("--network", "host", "-e", "MICRONAUT_SERVER_PORT=" + port));
        } else {
            run.addAll(List.of("-p", "127.0.0.1:" + port + ":8080", "-e", "RUNLEDGER_SERVE_NETWORK_WITHOUT_TOKENS=true"));
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
            String peak = CgroupMemory.mebibytes(CgroupMemory.peakBytes(file -> readFile(container, file)))
                    + " (anonymous memory, no page cache, after the load: "
                    + CgroupMemory.mebibytes(CgroupMemory.anonymousBytes(file -> readFile(container, file))) + ")";
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

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Milliseconds from {@code docker run} (a new container on a new volume) to the first createRun answered 200, through
     * a published port or on the host's network. Without tokens the server serves only loopback, which a published
     * port is not: the benchmark machine's network is trusted as a whole (RUNLEDGER_SERVE_NETWORK_WITHOUT_TOKENS).
     */
    private static long coldStart(String image, boolean hostNetwork) throws Exception {
        String volume = "runledger-start-" + UUID.randomUUID();
        int port = JarDeployment.freePort();
        List<String> run = new ArrayList<>(List.of("run", "-d", "--memory", LIMIT, "-v", volume + ":/data"));
        run.addAll(hostNetwork ? List.of("--network", "host", "-e", "MICRONAUT_SERVER_PORT=" + port)
                : List.of("-p", "127.0.0.1:" + port + ":8080", "-e", "RUNLEDGER_SERVE_NETWORK_WITHOUT_TOKENS=true"));
        run.add(image);
        long start = System.nanoTime();
        String container = docker(run.toArray(String[]::new));
        try {
            awaitCreateRun(URI.create("http://127.0.0.1:" + port), container);
            return (System.nanoTime() - start) / 1_000_000;
        } finally {
            docker("rm", "-f", container);
            docker("volume", "rm", volume);
        }
    }

    /**
     * Milliseconds from {@code docker run} with the cold start's options to the first instruction of the container's
     * entrypoint ({@code date}, which prints the host clock's nanoseconds: a container shares it): Docker's own part
     * of a cold start (the container, its volume, cgroup and published port), measured without a JVM.
     */
    private static long dockerOverhead(String image) throws Exception {
        String volume = "runledger-overhead-" + UUID.randomUUID();
        int port = JarDeployment.freePort();
        Instant before = Instant.now();
        String printed = docker("run", "--rm", "--memory", LIMIT, "-p", "127.0.0.1:" + port + ":8080", "-v", volume + ":/data",
                "--entrypoint", "date", image, "+%s%N");
        try {
            long entered = Long.parseLong(printed.lines().reduce((first, last) -> last).orElseThrow().trim());
            long invoked = before.getEpochSecond() * 1_000_000_000L + before.getNano();
            return (entered - invoked) / 1_000_000;
        } finally {
            docker("volume", "rm", volume);
        }
    }

    /** Waits for the first answered createRun; if none comes, fails with the container's logs. */
    private static void awaitCreateRun(URI base, String container) throws Exception {
        try {
            Benchmark.StartUp.awaitFirstCreateRun(base, Duration.ofSeconds(30), Optional::empty);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; logs:\n" + docker("logs", container), e);
        }
    }

    /** A file inside the container, for {@link CgroupMemory}. */
    private static String readFile(String container, String file) {
        try {
            return docker("exec", container, "cat", file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
}
