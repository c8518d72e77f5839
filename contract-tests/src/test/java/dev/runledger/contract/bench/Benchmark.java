package dev.runledger.contract.bench;

import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.JarDeployment;
import dev.runledger.contract.target.Targets;
import dev.runledger.db.sqlite.SqlitePool;
import dev.runledger.db.sqlite.SqliteSettings;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark of BENCHMARKS.md: starts the real jar on a fresh database with the README's JVM options,
 * drives it over loopback with wrk, and prints one table (also written into BENCHMARKS.md). Fails if an
 * acknowledged append is missing from the database. Run by {@code .ci/benchmark}.
 */
public final class Benchmark {

    /**
     * The README's start options, exactly ({@link JarDeployment#START_OPTIONS}, with its environment). The load rows
     * also get the README's fast-start archive, as its start command does.
     */
    static final List<String> JVM_OPTIONS = JarDeployment.START_OPTIONS;
    /** Starts of each kind, interleaved; the rows give the median. */
    static final int START_ROUNDS = 10;
    static final int RUNS = 16;
    /** The scheduling row's run: this many ready units, claimed and completed by 16 workers. */
    static final int CLAIM_UNITS = 10_000;
    /** Running units the recordAttempt row records on, in turn. */
    static final int RECORD_UNITS = 1_000;
    static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    /** Running units the appendOutput row appends to, one per connection; chunks of 16 KiB. */
    static final int OUTPUT_UNITS = 16;
    /** Finished runs, and events each, that the pruning row removes. */
    static final int PRUNED_RUNS = 1_000;
    static final int PRUNED_EVENTS = 1_000;
    static final int OUTPUT_CHUNK = 16 * 1024;
    /** Chunks of 16 KiB in a readOutput page: it ends after the chunk that takes it past 1 MiB. */
    static final int OUTPUT_PAGE_CHUNKS = 65;
    /** The bench server's key retention: longer than a row, so that the keyed row's keys expire during the next one. */
    static final int RETENTION_SECONDS = SECONDS + 2;
    /** Events per appendEvents request in its rows, and rows per transaction of their ceiling. */
    static final int BATCH = 100;
    /** Followers at once in the follow rows (v2 §1: a thousand must fit in the 256 MiB process). */
    static final int FOLLOWERS = 1000;
    /** A page of events and a page of output as the read ceilings and the Python comparison read them. */
    private static final String EVENT_PAGE = "SELECT id, run_id, sequence, event_type, unit_id, payload_json, created_at "
            + "FROM events WHERE run_id = ? AND sequence > ? ORDER BY sequence LIMIT ?";
    private static final String OUTPUT_PAGE = "SELECT chunk, stream, stream_offset, text, created_at FROM output_chunks "
            + "WHERE unit_id = ? AND attempt = 1 AND chunk > 0 ORDER BY chunk LIMIT ?";
    /** streamOutput followers of the output-follow row. */
    static final int OUTPUT_FOLLOWERS = 200;

    private final Path jar;
    private final Path work;
    private final Wrk wrk;
    private final List<String> rows = new ArrayList<>();
    private final List<String> verdicts = new ArrayList<>();

    Benchmark(Path jar, Path work) {
        this.jar = jar;
        this.work = work;
        this.wrk = new Wrk(work);
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "functions/target/runledger.jar");
        Path report = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
        Path work = Files.createTempDirectory("runledger-bench");
        String table = new Benchmark(jar, work).run();
        System.out.println(table);
        Report.write(report, Targets.postgres() ? "postgres" : "sqlite", table);
        System.out.println("Written to " + report.toAbsolutePath());
    }

    String run() throws Exception {
        Path database = work.resolve("bench.db");
        boolean postgres = Targets.postgres();
        // Start-up first, on a quiet machine: measured after the load, it also measured the disk still writing
        // back the million-event database of the depth rows (each start's migration waits on fsync).
        Path archive = jar.resolveSibling("runledger.jsa");
        // The other fast start of the README: a JDK 25 AOT cache, trained with the README's command, when .ci/benchmark
        // found a JDK 25 or newer on the machine (bench.aot-java). Trained before any start is timed, and the starts
        // interleaved (plain, AppCDS, AOT cache, plain, ...): a machine that drifts slower or faster for a while
        // then moves every row alike, instead of whichever row it happened to be measuring.
        String aotJava = System.getProperty("bench.aot-java", "");
        String aotVersion = aotJava.isBlank() ? "" : StartUp.version(aotJava);
        boolean hasArchive = Files.exists(archive);
        List<String> runLedger = List.of("-jar", jar.toAbsolutePath().toString());
        List<StartUp.Start> starts = new ArrayList<>(List.of(new StartUp.Start(StartUp.thisJava(), List.of(), runLedger)));
        if (hasArchive) {
            starts.add(new StartUp.Start(StartUp.thisJava(), List.of("-XX:SharedArchiveFile=" + archive), runLedger));
        }
        if (!aotJava.isBlank()) {
            starts.add(new StartUp.Start(aotJava, List.of("-XX:AOTCache=" + StartUp.trainAotCache(aotJava,
                    List.of("-cp", jar.toAbsolutePath().toString(), "dev.runledger.functions.TrainingRun"), work.resolve("runledger.aot"))),
                    runLedger));
        }
        // The baselines of issue 29 (.ci/start-baseline, built by .ci/benchmark): the smallest Micronaut function app
        // and the JDK's own HttpServer, each with an archive made the same way, started in the same rounds.
        Path baselineJar = Path.of(System.getProperty("bench.baseline", ".ci/start-baseline/target")).resolve("baseline.jar");
        boolean baselines = Files.exists(baselineJar);
        // The start of a function scaled to zero and called again: an existing database, already migrated. On
        // PostgreSQL every start is one: all share the run's database, which the first start migrated.
        int existingAt = starts.size();
        if (hasArchive && !postgres) {
            Path migrated = work.resolve("migrated.db");
            StartUp.migrate(jar, migrated);
            starts.add(new StartUp.Start(StartUp.thisJava(), List.of("-XX:SharedArchiveFile=" + archive), runLedger, migrated));
        }
        int baselineAt = starts.size();
        if (baselines) {
            String base = baselineJar.toAbsolutePath().toString();
            starts.add(new StartUp.Start(StartUp.thisJava(), List.of("-XX:SharedArchiveFile=" + baselineJar.resolveSibling("baseline.jsa")),
                    List.of("-jar", base)));
            starts.add(new StartUp.Start(StartUp.thisJava(), List.of("-XX:SharedArchiveFile=" + baselineJar.resolveSibling("floor.jsa")),
                    List.of("-cp", base, "dev.runledger.baseline.JdkFloor")));
            if (!aotJava.isBlank()) {
                starts.add(new StartUp.Start(aotJava, List.of("-XX:AOTCache=" + StartUp.trainAotCache(aotJava,
                        List.of("-cp", base, "dev.runledger.baseline.Training"), work.resolve("baseline.aot"))), List.of("-jar", base)));
            }
        }
        List<Double> medians = StartUp.interleavedMedians(starts, START_ROUNDS);
        double plain = medians.get(0);
        double fast = hasArchive ? medians.get(1) : Double.NaN;
        double aotFast = aotJava.isBlank() ? Double.NaN : medians.get(existingAt - 1);
        double existingFast = hasArchive && !postgres ? medians.get(existingAt) : Double.NaN;
        double baselineFast = baselines ? medians.get(baselineAt) : Double.NaN;
        double floorFast = baselines ? medians.get(baselineAt + 1) : Double.NaN;
        double baselineAot = baselines && !aotJava.isBlank() ? medians.get(baselineAt + 2) : Double.NaN;
        double ceiling = postgres ? postgresCeiling() : sqliteCeiling(work.resolve("ceiling.db"), pragmas());
        // The server checkpoints every 10,000 WAL pages, which also moves this loop (its WAL grows larger before
        // it is reused): measured with SQLite's own 1,000 as well, and the verdict takes the higher ceiling.
        double defaultCheckpointCeiling = postgres ? Double.NaN
                : sqliteCeiling(work.resolve("ceiling-1000.db"), withSqliteCheckpointEvery(1_000));
        double strictCeiling = postgres ? ceiling : Math.max(ceiling, defaultCheckpointCeiling);
        Wrk.Result append64;
        long rss;
        Wrk.Result floor;
        double depth10k;
        double depth1m;
        double keyedRatio;
        double sweepRatio;
        double outputRatio;
        double pruneP99Ratio;
        long prunedRuns;
        long outputNon2xx;
        double outputReadRatio;
        long outputReadRss;
        long keyedNon2xx;
        long sweptKeys;
        double batchCeiling;
        double readEvents = 0;
        double readCeiling = 0;
        long readRss = 0;
        long readNon2xx = 0;
        double batchEvents = 0;
        long batchNon2xx = 0;
        double pgbenchRatio = Double.NaN;
        double twoInstancesRatio = Double.NaN;
        double createRunPerSecond;
        double pythonListRatio = Double.NaN;
        double backupP99Ratio = Double.NaN;
        long backupNon2xx = 0;
        double pythonOutputRatio = Double.NaN;
        double recordRatio;
        long recordNon2xx;
        double contextRatio;
        List<String> serverOptions = new ArrayList<>(JVM_OPTIONS);
        if (hasArchive) {
            serverOptions.add("-XX:SharedArchiveFile=" + archive);
        }
        Map<String, String> environment = new java.util.HashMap<>(Targets.databaseEnvironment());
        environment.put("RUNLEDGER_IDEMPOTENCY_RETENTION", RETENTION_SECONDS + "s");
        environment.put("RUNLEDGER_IDEMPOTENCY_SWEEP_INTERVAL", "1s");
        try (JarDeployment server = new JarDeployment(jar, database, environment, serverOptions)) {
            URI base = server.uri();
            RunLedgerClient client = new RunLedgerClient(base);
            for (int i = 0; i < RUNS; i++) {
                client.createRun("bench/" + i, "/bench", "main", "tasks", 4, Map.of("id", "bench-" + i));
            }
            // The JIT needs about half a minute of this load before the figures settle.
            System.out.println("warming up (45 s of appendEvent at 64 connections, 15 s of it keyed)...");
            wrk.run(base, "/appendEvent", 64, 30, appendScript());
            wrk.run(base, "/appendEvent", 64, 15, appendScript(true));

            floor = wrk.run(base, "/health", 64, SECONDS, null);
            row("floor: GET /health", 64, floor, "the HTTP ceiling of this server");
            row(postgres ? "postgres-ceiling: in-process one-row transactions" : "sqlite-ceiling: in-process one-row transactions",
                    1, ceiling, postgres ? "JDBC on the same PostgreSQL server, default durability (fsync on)"
                            : "synchronous=FULL, WAL, same PRAGMAs");
            if (!postgres) {
                row("sqlite-ceiling, SQLite's default wal_autocheckpoint (1000)", 1, defaultCheckpointCeiling,
                        "the same loop checkpointing as often as SQLite would");
            }

            long before = eventCount(client);
            long acknowledged = 0;
            Wrk.Result append1 = wrk.run(base, "/appendEvent", 1, SECONDS, appendScript());
            row("appendEvent", 1, append1, "");
            Wrk.Result append8 = wrk.run(base, "/appendEvent", 8, SECONDS, appendScript());
            row("appendEvent", 8, append8, "");
            RssSampler sampler = new RssSampler(server.pid());
            sampler.start();
            append64 = wrk.run(base, "/appendEvent", 64, SECONDS, appendScript());
            rss = sampler.finish();
            row("appendEvent", 64, append64, "server RSS max " + rss / 1024 + " MiB");
            acknowledged = append1.acknowledged() + append8.acknowledged() + append64.acknowledged();
            long stored = eventCount(client) - before;
            String durability = "acknowledged appends " + acknowledged + ", new events in the database " + stored;
            System.out.println(durability);
            if (append1.acknowledged() < 0 || append8.acknowledged() < 0 || append64.acknowledged() < 0) {
                throw new IllegalStateException("wrk did not report the acknowledged appends");
            }
            if (stored < acknowledged) {
                throw new IllegalStateException("Acknowledged events are missing: " + durability);
            }

            if (postgres) {
                // Beside appendEvent@64, in the same minutes: the same transaction from pgbench (one commit per append),
                // then two instances on the database, 32 connections each.
                PgBench.Result pgbench = PgBench.appends(64, SECONDS, RUNS, work);
                row("pgbench: the append transaction (lock the run, next sequence, insert, commit), prepared", 64,
                        pgbench.transactionsPerSecond(), PgBench.describe(pgbench) + "; the best one-commit-per-append client");
                pgbenchRatio = append64.requestsPerSecond() / pgbench.transactionsPerSecond();
                try (JarDeployment second = new JarDeployment(jar, database, environment, serverOptions)) {
                    wrk.run(second.uri(), "/appendEvent", 32, SECONDS, appendScript()); // its JIT warms up
                    java.util.concurrent.CompletableFuture<Wrk.Result> other = java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> wrk.run(second.uri(), "/appendEvent", 32, SECONDS, appendScript()));
                    Wrk.Result one = wrk.run(base, "/appendEvent", 32, SECONDS, appendScript());
                    Wrk.Result two = other.join();
                    double both = one.requestsPerSecond() + two.requestsPerSecond();
                    String gapless = gaplessRuns(RUNS);
                    rows.add(String.format(Locale.ROOT, "| appendEvent, two instances on one database, 32 connections each | 64 "
                                    + "| %.0f | %.2f / %.2f ms | %.2f / %.2f ms | %d | per instance %.0f + %.0f req/s; %s |", both,
                            one.p50Millis(), two.p50Millis(), one.p99Millis(), two.p99Millis(), one.non2xx() + two.non2xx(),
                            one.requestsPerSecond(), two.requestsPerSecond(), gapless));
                    twoInstancesRatio = both / append64.requestsPerSecond();
                }
            }

            // Right after the plain row, so that a drifting machine moves both alike. The keys expire RETENTION_SECONDS
            // after use (the server's setting here), so they are swept while the next row runs, not during this one.
            Wrk.Result keyed64 = wrk.run(base, "/appendEvent", 64, SECONDS, appendScript(true));
            row("appendEvent, a fresh Idempotency-Key on each", 64, keyed64, "");
            keyedRatio = keyed64.requestsPerSecond() / append64.requestsPerSecond();
            keyedNon2xx = keyed64.non2xx();
            long keysBefore = keyCount(database);
            Wrk.Result whileSweeping = wrk.run(base, "/appendEvent", 64, SECONDS, appendScript());
            long swept = keysBefore - keyCount(database);
            row("appendEvent while the retention sweep removes the keyed row's keys", 64, whileSweeping,
                    swept + " expired keys removed during the row, in batches of 500");
            sweepRatio = whileSweeping.requestsPerSecond() / append64.requestsPerSecond();
            sweptKeys = swept;
            batchCeiling = eventsCeiling(client, database);
            row((postgres ? "postgres" : "sqlite") + "-batch-ceiling: in-process transactions of " + BATCH + " events (JDBC batch)",
                    1, batchCeiling, "events/s into the server's own events table (its indexes, foreign key and "
                            + "autoincrement), the same rows as appendEvents below, one commit per " + BATCH);
            for (int connections : new int[]{16, 64}) {
                Wrk.Result batch = wrk.run(base, "/appendEvents", connections, SECONDS, appendEventsScript());
                double events = batch.requestsPerSecond() * BATCH;
                row("appendEvents, " + BATCH + " events per request (events/s)", connections, events,
                        String.format(Locale.ROOT, "%.0f req/s, p50 %.2f ms, p99 %.2f ms, non-2xx %d", batch.requestsPerSecond(),
                                batch.p50Millis(), batch.p99Millis(), batch.non2xx()));
                batchEvents = Math.max(batchEvents, events);
                batchNon2xx += batch.non2xx();
            }

            Wrk.Result createRuns = wrk.run(base, "/createRun", 64, SECONDS, createRunScript());
            row("createRun", 64, createRuns, "");
            createRunPerSecond = createRuns.requestsPerSecond();
            row("getRun", 64, wrk.run(base, "/getRun", 64, SECONDS, fixedBody("/getRun", "{\"id\":\"bench-3\"}")), "");
            long events0 = client.listEvents("bench-0", null, 1, null, null).lastSequence();
            row("listEvents (limit 100)", 64, wrk.run(base, "/listEvents", 64, SECONDS, listEventsScript(events0)), "");

            client.createRun("bench/claims", "/bench", "main", "tasks", 16, Map.of("id", "claims"));
            ClaimCycles.prepare(client, "claims", CLAIM_UNITS, List.of());
            double plainCycles = claimCycles(base, client, "claims", "claimUnit + updateUnit(completed) cycles, "
                    + CLAIM_UNITS + " ready units", "no target yet, beside appendEvent@64 above");

            // What an attempt did (v3 §5): recordAttempt beside appendEvent, and claims carrying five dependencies'
            // context beside the plain claims above.
            client.createRun("bench/records", "/bench", "main", "tasks", 16, Map.of("id", "records"));
            ClaimCycles.prepare(client, "records", RECORD_UNITS, List.of());
            for (int i = 0; i < RECORD_UNITS; i++) {
                client.claimUnit("records", "bench", 3_600_000L, null);
            }
            Wrk.Result records = wrk.run(base, "/recordAttempt", 64, SECONDS, recordAttemptScript());
            recordRatio = records.requestsPerSecond() / append64.requestsPerSecond();
            row("recordAttempt (agent, git, summary, exit code; " + RECORD_UNITS + " running units)", 64, records,
                    String.format(Locale.ROOT, "%.2f × appendEvent@64", recordRatio));
            recordNon2xx = records.non2xx();
            client.createRun("bench/context", "/bench", "main", "tasks", 16, Map.of("id", "context"));
            List<String> dependencies = ClaimCycles.completedDependencies(client, "context", 5);
            ClaimCycles.prepare(client, "context", CLAIM_UNITS, dependencies);
            double contextCycles = claimCycles(base, client, "context", "claimUnit + updateUnit(completed) cycles, each "
                    + "claim with 5 dependencies' context, " + CLAIM_UNITS + " ready units", "beside the plain cycles above");
            contextRatio = contextCycles / plainCycles;

            // An attempt's output (v3 §7): 16 KiB chunks appended at 16 connections, then read back in pages of 1 MiB,
            // each beside the same rows written and read in-process over JDBC (durable as the server is), same minutes.
            client.createRun("bench/output", "/bench", "main", "tasks", 16, Map.of("id", "output"));
            ClaimCycles.prepare(client, "output", OUTPUT_UNITS + 1, List.of());
            for (int i = 0; i <= OUTPUT_UNITS; i++) {
                client.claimUnit("output", "bench", 3_600_000L, null);
            }
            double outputCeiling = outputCeiling(database, "output_" + String.format("u%06d", OUTPUT_UNITS));
            row((postgres ? "postgres" : "sqlite") + "-output-ceiling: in-process JDBC inserts of 16 KiB chunks, "
                    + OUTPUT_UNITS + " per transaction (MB/s)", 1, outputCeiling, "the same rows as appendOutput below, "
                    + "into the server's output_chunks table, durable as the server is");
            Wrk.Result appendedOutput = wrk.run(base, "/appendOutput", OUTPUT_UNITS, SECONDS, appendOutputScript());
            double outputMb = appendedOutput.requestsPerSecond() * OUTPUT_CHUNK / 1e6;
            row("appendOutput, 16 KiB chunks (MB/s)", OUTPUT_UNITS, outputMb, String.format(Locale.ROOT,
                    "%.0f req/s, p50 %.2f ms, p99 %.2f ms, non-2xx %d; %.2f × the output ceiling", appendedOutput.requestsPerSecond(),
                    appendedOutput.p50Millis(), appendedOutput.p99Millis(), appendedOutput.non2xx(), outputMb / outputCeiling));
            outputRatio = outputMb / outputCeiling;
            outputNon2xx = appendedOutput.non2xx();
            double outputReadCeiling = outputPagesCeiling(database, "output_u000000");
            row((postgres ? "postgres" : "sqlite") + "-output-read-ceiling: in-process JDBC pages of 1 MiB (MB/s)", 2,
                    outputReadCeiling, "two threads, a connection each: the same 65 chunks as readOutput below");
            RssSampler outputReading = new RssSampler(server.pid());
            outputReading.start();
            Wrk.Result outputPages = wrk.run(base, "/readOutput", 16, SECONDS, fixedBody("/readOutput",
                    "{\"runId\":\"output\",\"unitId\":\"u000000\",\"limit\":1000}"));
            long outputRss = outputReading.finish();
            double readMb = outputPages.requestsPerSecond() * OUTPUT_PAGE_CHUNKS * OUTPUT_CHUNK / 1e6;
            row("readOutput, pages of 1 MiB (MB/s)", 16, readMb, String.format(Locale.ROOT,
                    "%.0f req/s, p50 %.2f ms, p99 %.2f ms, non-2xx %d; server RSS max %d MiB", outputPages.requestsPerSecond(),
                    outputPages.p50Millis(), outputPages.p99Millis(), outputPages.non2xx(), outputRss / 1024));
            outputReadRatio = readMb / outputReadCeiling;
            outputReadRss = outputRss;
            if (!postgres) {
                double python = pythonPages(database, OUTPUT_PAGE, List.of("output_u000000", OUTPUT_PAGE_CHUNKS), "3") / 1e6;
                row("python-sqlite3: the same pages of 1 MiB read by Python's sqlite3 (MB/s)", 2, python,
                        "two processes, a connection each, every column fetched; readOutput above "
                                + String.format(Locale.ROOT, "%.2f ×", readMb / python));
                pythonOutputRatio = readMb / python;
            }

            // Removing finished runs (v3 §8): 1,000 runs of 1,000 events each, finished long ago, removed by pruneRuns
            // while appendEvent@64 goes on on other runs; beside the same appends without pruning, just before.
            populateFinished(database, PRUNED_RUNS, PRUNED_EVENTS);
            Wrk.Result unpruned = wrk.run(base, "/appendEvent", 64, SECONDS, appendScript());
            row("appendEvent, before the pruning row (no pruning)", 64, unpruned, "");
            long pruneStart = System.nanoTime();
            java.util.concurrent.CompletableFuture<dev.runledger.contract.client.Answer> pruning =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> client.call("pruneRuns",
                            RunLedgerClient.body("finishedBefore", "2021-01-01T00:00:00Z", "limit", PRUNED_RUNS)));
            Wrk.Result whilePruning = wrk.run(base, "/appendEvent", 64, SECONDS, appendScript());
            dev.runledger.contract.client.Answer pruned = pruning.join();
            double pruneSeconds = (System.nanoTime() - pruneStart) / 1e9;
            row("appendEvent while pruneRuns removes " + PRUNED_RUNS + " runs of " + PRUNED_EVENTS + " events", 64, whilePruning,
                    String.format(Locale.ROOT, "pruneRuns answered %d in %.1f s: %s", pruned.status(), pruneSeconds,
                            pruned.raw().replace("|", "/")));
            pruneP99Ratio = whilePruning.p99Millis() / unpruned.p99Millis();
            prunedRuns = pruned.ok() ? pruned.json().get("runs").asLong() : -1;

            if (!postgres) {
                // GET /backup (v3 §9) while appendEvent@64 goes on: copies of the whole file, one after another, beside
                // the same appends just before without them.
                Wrk.Result unbacked = wrk.run(base, "/appendEvent", 64, SECONDS, appendScript());
                row("appendEvent, before the backup row (no backup)", 64, unbacked, "");
                java.util.concurrent.atomic.AtomicBoolean stopBackups = new java.util.concurrent.atomic.AtomicBoolean();
                Path copy = work.resolve("backup.db");
                java.util.concurrent.CompletableFuture<long[]> backups = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    long copies = 0;
                    long bytes = 0;
                    while (!stopBackups.get()) {
                        client.backup(copy);
                        copies++;
                        bytes = copy.toFile().length();
                    }
                    return new long[]{copies, bytes};
                });
                Wrk.Result whileBackingUp = wrk.run(base, "/appendEvent", 64, SECONDS, appendScript());
                stopBackups.set(true);
                long[] taken = backups.join();
                row("appendEvent while GET /backup copies the database again and again", 64, whileBackingUp,
                        String.format(Locale.ROOT, "%d copies of %.0f MiB taken during the row", taken[0], taken[1] / 1048576.0));
                backupP99Ratio = whileBackingUp.p99Millis() / unbacked.p99Millis();
                backupNon2xx = whileBackingUp.non2xx();
            }

            populate(client, database, "depth-10k", 10_000);
            populate(client, database, "depth-1m", 1_000_000);
            if (postgres) {
                analyze();
            }
            Wrk.Result shallow = wrk.run(base, "/listEvents", 8, SECONDS, fixedBody("/listEvents",
                    "{\"runId\":\"depth-10k\",\"afterSequence\":9900,\"limit\":100}"));
            Wrk.Result deep = wrk.run(base, "/listEvents", 8, SECONDS, fixedBody("/listEvents",
                    "{\"runId\":\"depth-1m\",\"afterSequence\":999900,\"limit\":100}"));
            row("listEvents depth: 10,000 events, last 100", 8, shallow, "");
            row("listEvents depth: 1,000,000 events, last 100", 8, deep, "");
            depth10k = shallow.p50Millis();
            depth1m = deep.p50Millis();

            // Reading the log (v2 §1): pages of 100 and 1000 events of 200-byte payloads, beside the same pages read
            // in-process over JDBC (the ceiling), in the same minutes.
            for (int limit : new int[]{100, 1000}) {
                double pageCeiling = pagesCeiling(database, "depth-10k", limit);
                row((postgres ? "postgres" : "sqlite") + "-read-ceiling: in-process JDBC pages of " + limit + " (events/s)", 2,
                        pageCeiling, "two threads, a connection each, every column read: the same pages as the row below");
                RssSampler reading = new RssSampler(server.pid());
                reading.start();
                Wrk.Result pages = wrk.run(base, "/listEvents", 16, SECONDS, fixedBody("/listEvents",
                        "{\"runId\":\"depth-10k\",\"afterSequence\":5000,\"limit\":" + limit + "}"));
                long readingRss = reading.finish();
                double events = pages.requestsPerSecond() * limit;
                row("listEvents, limit " + limit + " (events/s)", 16, events, String.format(Locale.ROOT,
                        "%.0f req/s, p50 %.2f ms, p99 %.2f ms, non-2xx %d; server RSS max %d MiB", pages.requestsPerSecond(),
                        pages.p50Millis(), pages.p99Millis(), pages.non2xx(), readingRss / 1024));
                if (limit == 1000) {
                    readEvents = events;
                    readCeiling = pageCeiling;
                    readRss = readingRss;
                    readNon2xx = pages.non2xx();
                    if (!postgres) {
                        double python = pythonPages(database, EVENT_PAGE, List.of("depth-10k", 5000, limit), "rows");
                        row("python-sqlite3: the same pages of 1000 read by Python's sqlite3 (events/s)", 2, python,
                                "two processes, a connection each, every column fetched; listEvents above "
                                        + String.format(Locale.ROOT, "%.2f ×", events / python));
                        pythonListRatio = events / python;
                    }
                }
            }

            // Following (v2 §1): 1,000 followers at once on 100 runs while 1,000 appends/s go in.
            for (boolean stream : new boolean[]{false, true}) {
                FollowLoad.Result follow = FollowLoad.run(base, server.pid(), stream, FOLLOWERS, 1000, SECONDS,
                        stream ? "sse-" : "lp-");
                rows.add(String.format(Locale.ROOT, "| %s, %d followers on 100 runs, 1,000 appends/s offered | %d | | %.2f ms | %.2f ms | | "
                                + "commit-to-delivery (createdAt to receipt); %d appends sent, %d not (all %d append connections "
                                + "waiting: the server behind the offered rate); %d of %d deliveries made by 2 s after the last append; "
                                + "server RSS max %d MiB; server threads %d idle, %d with the followers |",
                        stream ? "streamEvents" : "listEvents long poll (waitMs 30000)", FOLLOWERS, FOLLOWERS,
                        follow.p50Millis(), follow.p99Millis(), follow.appended(), follow.notSent(), FollowLoad.APPEND_CONNECTIONS,
                        follow.delivered(), follow.expected(), follow.rssKiB() / 1024, follow.threadsIdle(), follow.threadsLoaded()));
                String form = stream ? "streamEvents" : "long poll";
                verdictMax(form + ": " + FOLLOWERS + " followers, delivery p99 ≤ 50 ms", follow.p99Millis(), 50);
                verdictMax(form + ": " + FOLLOWERS + " followers, server RSS ≤ 256 MiB", follow.rssKiB() / 1024.0, 256);
                verdict(form + ": deliveries made by 2 s after the last append ÷ expected (none is lost: FollowContractTest)",
                        follow.delivered() / (double) follow.expected(), 1.0, true);
                verdict(form + ": appends sent ÷ offered (1,000/s)", follow.appended()
                        / (double) (follow.appended() + follow.notSent()), 0.95, true);
                verdictMax(form + ": server threads with " + FOLLOWERS + " followers − idle (independent of followers)",
                        follow.threadsLoaded() - follow.threadsIdle(), 8);
            }

            // Following output (v3 §7): 200 streamOutput followers, 10 on each of 20 running attempts, while chunks of
            // 4 KiB go in at 1 MiB/s in all.
            int chunksPerSecond = (1 << 20) / FollowLoad.OUTPUT_CHUNK_BYTES;
            FollowLoad.Result output = FollowLoad.output(base, server.pid(), OUTPUT_FOLLOWERS, chunksPerSecond, SECONDS,
                    "output-follow");
            rows.add(String.format(Locale.ROOT, "| streamOutput, %d followers on %d attempts, %d chunks of %d bytes/s offered "
                            + "(1 MiB/s) | %d | | %.2f ms | %.2f ms | | commit-to-delivery (createdAt to receipt); %d chunks "
                            + "sent, %d not; %d of %d deliveries made by 2 s after the last chunk; server RSS max %d MiB; server "
                            + "threads %d idle, %d with the followers |", OUTPUT_FOLLOWERS, FollowLoad.OUTPUT_ATTEMPTS,
                    chunksPerSecond, FollowLoad.OUTPUT_CHUNK_BYTES, OUTPUT_FOLLOWERS, output.p50Millis(), output.p99Millis(),
                    output.appended(), output.notSent(), output.delivered(), output.expected(), output.rssKiB() / 1024,
                    output.threadsIdle(), output.threadsLoaded()));
            verdictMax("streamOutput: " + OUTPUT_FOLLOWERS + " followers at 1 MiB/s of output, delivery p99 ≤ 100 ms",
                    output.p99Millis(), 100);
            verdict("streamOutput: deliveries made by 2 s after the last chunk ÷ expected", output.delivered()
                    / (double) output.expected(), 1.0, true);
            verdictMax("streamOutput: " + OUTPUT_FOLLOWERS + " followers, server RSS ≤ 256 MiB", output.rssKiB() / 1024.0, 256);
        }
        rows.add(String.format(Locale.ROOT, "| start-up to first createRun, plain (median of %d) | | | %.0f ms | | | |", START_ROUNDS, plain));
        if (!Double.isNaN(fast)) {
            rows.add(String.format(Locale.ROOT, "| start-up, fast (AppCDS archive from the build, median of %d) | | | %.0f ms | | | %.2f × the Micronaut baseline, %.2f × the JDK floor%s |",
                    START_ROUNDS, fast, fast / baselineFast, fast / floorFast,
                    postgres ? "; on the run's database, migrated by the first start (the pool and the migrations check against the server)" : ""));
        }
        rows.add(Double.isNaN(aotFast)
                ? "| start-up, fast (JDK 25 AOT cache) | | | | | | no JDK 25 or newer on this machine |"
                : String.format(Locale.ROOT, "| start-up, fast (JDK %s AOT cache, median of %d) | | | %.0f ms | | | %.2f × the Micronaut baseline; %s |",
                        aotVersion, START_ROUNDS, aotFast, aotFast / baselineAot, aotJava));
        if (!Double.isNaN(existingFast)) {
            rows.add(String.format(Locale.ROOT, "| start-up, fast, on an existing database (AppCDS, median of %d) | | | %.0f ms | | | %.2f × the Micronaut baseline: a function scaled to zero and called again |",
                    START_ROUNDS, existingFast, existingFast / baselineFast));
        }
        if (baselines) {
            rows.add(String.format(Locale.ROOT, "| start-up, Micronaut function baseline (AppCDS, median of %d) | | | %.0f ms | | | one @FunctionBean, function-web, Netty, serde, logback (.ci/start-baseline) |",
                    START_ROUNDS, baselineFast));
            if (!Double.isNaN(baselineAot)) {
                rows.add(String.format(Locale.ROOT, "| start-up, Micronaut function baseline (JDK %s AOT cache, median of %d) | | | %.0f ms | | | |",
                        aotVersion, START_ROUNDS, baselineAot));
            }
            rows.add(String.format(Locale.ROOT, "| start-up, JDK HttpServer floor (AppCDS, median of %d) | | | %.0f ms | | | com.sun.net.httpserver, a fixed answer |",
                    START_ROUNDS, floorFast));
        } else {
            rows.add("| start-up, Micronaut function baseline | | | | | | not built (.ci/benchmark builds .ci/start-baseline) |");
        }

        verdict("appendEvent@64 ≥ 2.5 × " + (postgres ? "postgres-ceiling" : "sqlite-ceiling (the higher of the two)"),
                append64.requestsPerSecond() / strictCeiling, 2.5, true);
        verdict("appendEvent@64 ≥ 0.5 × floor", append64.requestsPerSecond() / floor.requestsPerSecond(), 0.5, true);
        if (postgres) {
            verdict("appendEvent@64 ≥ 1.0 × pgbench running the append transaction at 64 clients (stretch 2.0)", pgbenchRatio, 1.0, true);
            verdict("two instances at 32 connections each ≥ 0.9 × one instance at 64", twoInstancesRatio, 0.9, true);
            verdict("createRun@64 ≥ 0.5 × appendEvent@64", createRunPerSecond / append64.requestsPerSecond(), 0.5, true);
            verdict("appendEvents events/s ≥ 0.5 × postgres-batch-ceiling", batchEvents / batchCeiling, 0.5, true);
        }
        verdict("appendEvent@64 non-2xx = 0", append64.non2xx(), 0, false);
        verdict("recordAttempt@64 non-2xx = 0", recordNon2xx, 0, false);
        verdict("claim cycles with 5 dependencies' context ≥ 0.8 × plain claim cycles", contextRatio, 0.8, true);
        verdictMax("appendEvent p99 @8 ≤ 10 ms", lastP99(8), 10);
        verdictMax("appendEvent p99 @64 ≤ 50 ms", append64.p99Millis(), 50);
        verdict("appendEvent@64 with a fresh Idempotency-Key ≥ 0.8 × plain (the row before it)", keyedRatio, 0.8, true);
        verdict("appendEvent@64 with a fresh Idempotency-Key non-2xx = 0", keyedNon2xx, 0, false);
        verdict("appendEvent@64 while the sweep runs ≥ 0.9 × appendEvent@64 (" + sweptKeys + " keys swept)", sweepRatio, 0.9, true);
        verdict("appendEvents (" + BATCH + " per request) events/s ≥ 200,000", batchEvents, 200_000, true);
        verdict("appendEvents events/s ≥ 0.3 × " + (postgres ? "postgres" : "sqlite") + "-batch-ceiling",
                batchEvents / batchCeiling, 0.3, true);
        verdict("appendEvents non-2xx = 0", batchNon2xx, 0, false);
        verdictMax("listEvents p50 at 1M ≤ 1.5 × at 10k", depth1m / depth10k, 1.5);
        verdict("listEvents (limit 1000) events/s ≥ 500,000", readEvents, 500_000, true);
        verdict("listEvents (limit 1000) events/s ≥ 0.3 × " + (postgres ? "postgres" : "sqlite") + "-read-ceiling",
                readEvents / readCeiling, 0.3, true);
        verdictMax("server RSS while listEvents (limit 1000) runs ≤ 256 MiB", readRss / 1024.0, 256);
        verdict("listEvents (limit 1000) non-2xx = 0", readNon2xx, 0, false);
        verdictMax("appendEvent p99 while pruneRuns removes " + PRUNED_RUNS + " runs ≤ 2 × without (ratio; "
                + prunedRuns + " runs removed)", pruneP99Ratio, 2.0);
        verdict("appendOutput MB/s ≥ 0.5 × the output ceiling (16 KiB chunks, 16 connections)", outputRatio, 0.5, true);
        verdict("appendOutput non-2xx = 0", outputNon2xx, 0, false);
        verdict("readOutput MB/s (pages of 1 MiB) ≥ 0.5 × the output read ceiling", outputReadRatio, 0.5, true);
        verdictMax("server RSS while readOutput runs ≤ 256 MiB", outputReadRss / 1024.0, 256);
        if (!postgres) {
            verdictMax("appendEvent p99 while GET /backup copies the database ≤ 2 × without (ratio)", backupP99Ratio, 2.0);
            verdict("appendEvent non-2xx while GET /backup copies the database = 0", backupNon2xx, 0, false);
            verdict("listEvents (limit 1000) events/s ≥ 0.6 × Python's sqlite3 reading the same pages", pythonListRatio, 0.6, true);
            verdict("readOutput MB/s (pages of 1 MiB) ≥ 0.6 × Python's sqlite3 reading the same pages", pythonOutputRatio, 0.6, true);
        }
        verdictMax("server RSS under load ≤ 256 MiB", rss / 1024.0, 256);
        verdictMax("fast start-up median ≤ 1000 ms (AppCDS, JDK " + Runtime.version().feature() + ")", fast, 1000);
        if (baselines) {
            verdictMax("first createRun ≤ 1.3 × the Micronaut baseline's first call (AppCDS, JDK " + Runtime.version().feature() + ")",
                    fast / baselineFast, 1.3);
            if (!Double.isNaN(baselineAot)) {
                verdictMax("first createRun ≤ 1.3 × the Micronaut baseline's first call (AOT cache, JDK " + aotVersion + ")",
                        aotFast / baselineAot, 1.3);
            }
            verdictMax("first createRun ≤ 4 × the JDK HttpServer floor's first call (AppCDS)", fast / floorFast, 4);
            if (!Double.isNaN(existingFast)) {
                verdictMax("first createRun on an existing database ≤ 1.3 × the Micronaut baseline's first call (AppCDS)",
                        existingFast / baselineFast, 1.3);
            }
        }
        if (!Double.isNaN(aotFast)) {
            verdictMax("fast start-up median ≤ 1000 ms (AOT cache, JDK " + aotVersion + ")", aotFast, 1000);
        }
        return table();
    }

    /** Claim and complete cycles by 16 workers over the run's ready units: the rate, from the units' own times. */
    private double claimCycles(URI base, RunLedgerClient client, String runId, String scenario, String note) {
        Wrk.Result requests = wrk.run(base, "/claimUnit", 16, SECONDS, ClaimCycles.script(runId));
        // The rate from the units' own times (first claim to last completion): when the run drains before wrk
        // stops, the rest of wrk's time is claims answered null, which neither count nor should dilute the rate.
        List<dev.runledger.contract.client.Unit> done = client.listUnits(runId, "completed").stream()
                .filter(unit -> unit.unitId().startsWith("u")).toList();
        double span = java.time.Duration.between(
                done.stream().map(u -> java.time.Instant.parse(u.startedAt())).min(java.util.Comparator.naturalOrder()).orElseThrow(),
                done.stream().map(u -> java.time.Instant.parse(u.completedAt())).max(java.util.Comparator.naturalOrder()).orElseThrow())
                .toNanos() / 1e9;
        double rate = done.size() / span;
        row(scenario, 16, new Wrk.Result(rate, requests.p50Millis(), requests.p99Millis(), requests.non2xx(), done.size()),
                String.format(Locale.ROOT, "cycles/s over %d cycles in %.1f s (a cycle is two requests; p50/p99 per "
                        + "request, null claims after the run drained included); %s", done.size(), span, note));
        return rate;
    }

    /** appendOutput of 16 KiB to the {@code output} run's running units u000000..u000015, in turn. */
    static String appendOutputScript() {
        return """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                local text = string.rep("0123456789abcdef", 1024)
                local counter = 0
                request = function()
                  counter = counter + 1
                  local unit = string.format("u%06d", counter % UNITS)
                  local body = '{"runId":"output","unitId":"' .. unit .. '","attempt":1,"stream":"stdout","text":"' .. text .. '"}'
                  return wrk.format(nil, "/appendOutput", nil, body)
                end
                """.replace("UNITS", Integer.toString(OUTPUT_UNITS));
    }

    private static final String OUTPUT_TEXT = "0123456789abcdef".repeat(1024);

    /**
     * The ceiling of appendOutput: for 5 s, transactions of {@link #OUTPUT_UNITS} 16 KiB chunks (one JDBC batch each),
     * straight into the server's output_chunks table for an attempt of its own (its writer idle meanwhile); MB/s.
     */
    private static double outputCeiling(Path database, String unitId) throws SQLException {
        try (Connection c = open(database)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO output_chunks (unit_id, attempt, chunk, "
                    + "stream, stream_offset, byte_length, text, created_at) VALUES (?, 1, ?, 'stdout', ?, ?, ?, "
                    + "'2026-01-05 10:00:00.000000000+00:00')")) {
                long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                long start = System.nanoTime();
                int chunk = 0;
                while (System.nanoTime() < end) {
                    for (int i = 0; i < OUTPUT_UNITS; i++) {
                        chunk++;
                        insert.setString(1, unitId);
                        insert.setLong(2, chunk);
                        insert.setLong(3, (long) (chunk - 1) * OUTPUT_CHUNK);
                        insert.setLong(4, OUTPUT_CHUNK);
                        insert.setString(5, OUTPUT_TEXT);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    c.commit();
                }
                return (double) chunk * OUTPUT_CHUNK / 1e6 / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** The ceiling of readOutput: two threads reading the page readOutput answers (65 chunks of the unit), MB/s. */
    private static double outputPagesCeiling(Path database, String unitId) throws Exception {
        return twoReaders(database, OUTPUT_PAGE, page -> {
            page.setString(1, unitId);
            page.setInt(2, OUTPUT_PAGE_CHUNKS);
        }, row -> {
            row.getLong(1);
            row.getString(2);
            row.getLong(3);
            row.getString(5);
            return row.getString(4).length();
        }) / 1e6;
    }

    /** recordAttempt on the {@code records} run's running units, in turn; each request a summary, git and agent. */
    static String recordAttemptScript() {
        return """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                local summary = string.rep("s", 200)
                local counter = 0
                request = function()
                  counter = counter + 1
                  local unit = string.format("records_u%06d", counter % UNITS)
                  local body = '{"id":"' .. unit .. '","attempt":1,"summary":"' .. summary .. counter .. '","exitCode":0,'
                    .. '"git":{"branch":"rl/bench","headAfter":"' .. string.format("%07x", counter % 268435456) .. '"},'
                    .. '"agent":{"name":"bench","sessionId":"s-' .. counter .. '"}}'
                  return wrk.format(nil, "/recordAttempt", nil, body)
                end
                """.replace("UNITS", Integer.toString(RECORD_UNITS));
    }

    private double lastP99(int connections) {
        for (String row : rows) {
            if (row.startsWith("| appendEvent | " + connections + " |")) {
                return Double.parseDouble(row.split("\\|")[5].trim().replace(" ms", ""));
            }
        }
        return Double.NaN;
    }

    private void row(String scenario, int connections, Wrk.Result r, String note) {
        rows.add(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f ms | %.2f ms | %d | %s |", scenario, connections,
                r.requestsPerSecond(), r.p50Millis(), r.p99Millis(), r.non2xx(), note));
    }

    private void row(String scenario, int connections, double perSecond, String note) {
        rows.add(String.format(Locale.ROOT, "| %s | %d | %.0f | | | | %s |", scenario, connections, perSecond, note));
    }

    private void verdict(String target, double value, double threshold, boolean atLeast) {
        boolean met = atLeast ? value >= threshold : value == threshold;
        verdicts.add(String.format(Locale.ROOT, "| %s | %.2f | %s |", target, value, met ? "met" : "**not met**"));
    }

    private void verdictMax(String target, double value, double threshold) {
        verdicts.add(String.format(Locale.ROOT, "| %s | %.2f | %s |", target, value,
                value <= threshold ? "met" : "**not met**"));
    }

    private static String startEnvironment() {
        return JarDeployment.START_ENVIRONMENT.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .sorted().collect(java.util.stream.Collectors.joining(" "));
    }

    private String table() {
        StringBuilder out = new StringBuilder();
        out.append("Measured ").append(LocalDate.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(" (load generator: wrk, same machine, loopback); server start: `")
                .append(startEnvironment()).append(" java ").append(String.join(" ", JVM_OPTIONS))
                .append("` (the README's), with its AppCDS archive for the load rows.\n\n");
        out.append("| scenario | connections | req/s | p50 | p99 | non-2xx | note |\n|---|---|---|---|---|---|---|\n");
        rows.forEach(row -> out.append(row).append('\n'));
        out.append("\n| target | measured | |\n|---|---|---|\n");
        verdicts.forEach(v -> out.append(v).append('\n'));
        return out.toString();
    }

    static String appendScript() {
        return appendScript(false);
    }

    /** With {@code keyed}, each request has an Idempotency-Key no other request of any run uses. */
    static String appendScript(boolean keyed) {
        return """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                local pad = string.rep("x", 180)
                local counter = 0
                request = function()
                  counter = counter + 1
                  local body = '{"runId":"bench-' .. (counter % RUNS) .. '","eventType":"tick","payload":{"n":' .. (counter % 100000) .. ',"pad":"' .. pad .. '"}}'
                  return wrk.format(nil, "/appendEvent", HEADERS, body)
                end
                """.replace("RUNS", Integer.toString(RUNS)).replace("HEADERS", keyed
                // wrk.format's headers replace wrk.headers, so the content type is named again.
                ? "{[\"Content-Type\"] = \"application/json\", [\"Idempotency-Key\"] = \"" + UUID.randomUUID()
                        + "-\" .. tid .. \"-\" .. counter}" : "nil");
    }

    /** {@link #BATCH} events per request, each like {@link #appendScript()}'s. */
    static String appendEventsScript() {
        return """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                local pad = string.rep("x", 180)
                local counter = 0
                request = function()
                  counter = counter + 1
                  local items = {}
                  for i = 1, BATCH do
                    items[i] = '{"eventType":"tick","payload":{"n":' .. i .. ',"pad":"' .. pad .. '"}}'
                  end
                  local body = '{"runId":"bench-' .. (counter % RUNS) .. '","events":[' .. table.concat(items, ",") .. ']}'
                  return wrk.format(nil, "/appendEvents", nil, body)
                end
                """.replace("RUNS", Integer.toString(RUNS)).replace("BATCH", Integer.toString(BATCH));
    }

    static String createRunScript() {
        return """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                local counter = 0
                request = function()
                  counter = counter + 1
                  local body = '{"featureBranch":"bench/create/PREFIX/' .. tid .. '/' .. counter .. '","repoPath":"/bench","targetBranch":"main","tasksDir":"t","parallelism":2}'
                  return wrk.format(nil, "/createRun", nil, body)
                end
                """.replace("PREFIX", java.util.UUID.randomUUID().toString());
    }

    static String listEventsScript(long events) {
        return """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                request = function()
                  local after = math.random(0, %d)
                  return wrk.format(nil, "/listEvents", nil, '{"runId":"bench-0","afterSequence":' .. after .. ',"limit":100}')
                end
                """.replace("%d", Long.toString(Math.max(0, events - 100)));
    }

    static String fixedBody(String path, String body) {
        return "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = '" + body
                + "'\nwrk.path = \"" + path + "\"\n";
    }

    private static long eventCount(RunLedgerClient client) {
        long total = 0;
        for (int i = 0; i < RUNS; i++) {
            total += client.listEvents("bench-" + i, null, 1, null, null).lastSequence();
        }
        return total;
    }

    private static final String INSERT_EVENT = "INSERT INTO events (run_id, sequence, event_type, unit_id, "
            + "payload_json, created_at) VALUES (?, ?, 'tick', NULL, ?, '2026-01-05 10:00:00.000000000+00:00')";
    private static final String PAYLOAD = "{\"n\":1,\"pad\":\"" + "x".repeat(180) + "\"}";

    /** The server's database, opened beside it (WAL, busy_timeout; or the PostgreSQL server). */
    private static Connection open(Path database) throws SQLException {
        return Targets.postgres() ? postgresConnection() : pragmas().createConnection("jdbc:sqlite:" + database);
    }

    /**
     * The ceiling of appendEvents: for 5 s, transactions of {@link #BATCH} events of a run of its own, one JDBC batch
     * each, straight into the server's events table while its writer is idle; events per second.
     */
    private static double eventsCeiling(RunLedgerClient client, Path database) throws SQLException {
        client.createRun("bench/ceiling", "/bench", "main", "tasks", 1, Map.of("id", "ceiling"));
        try (Connection c = open(database)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(INSERT_EVENT)) {
                long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                long start = System.nanoTime();
                int sequence = 0;
                while (System.nanoTime() < end) {
                    insertEvents(insert, "ceiling", sequence + 1, BATCH);
                    sequence += BATCH;
                    c.commit();
                }
                return sequence / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    /**
     * The ceiling of reading the log: for 5 s, two threads (the machine's cores here), each with a connection of its
     * own, read the page of {@code limit} events after 5000 of {@code runId}, every column of every row; events/s.
     */
    private static double pagesCeiling(Path database, String runId, int limit) throws Exception {
        return twoReaders(database, EVENT_PAGE, page -> {
            page.setString(1, runId);
            page.setLong(2, 5000);
            page.setInt(3, limit);
        }, row -> {
            row.getLong(1);
            row.getString(2);
            row.getLong(3);
            row.getString(4);
            row.getString(5);
            row.getString(6);
            row.getString(7);
            return 1;
        });
    }

    /**
     * The same page read by Python's sqlite3 (two processes, a connection each: read_pages.py beside this class),
     * from the server's file while the server is idle: rows per second, or with {@code measure} a column's
     * characters per second. NaN where there is no {@code python3}.
     */
    private static double pythonPages(Path database, String sql, List<Object> parameters, String measure) throws Exception {
        Process python;
        try {
            python = new ProcessBuilder("python3", "-", database.toString(), sql,
                    RunLedgerClient.json().writeValueAsString(parameters), measure, "5").redirectErrorStream(true).start();
        } catch (java.io.IOException none) {
            System.out.println("no python3 here: the Python comparison rows are left out (" + none.getMessage() + ")");
            return Double.NaN;
        }
        try (java.io.InputStream script = Benchmark.class.getResourceAsStream("read_pages.py");
             java.io.OutputStream stdin = python.getOutputStream()) {
            script.transferTo(stdin);
        }
        String printed = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (python.waitFor() != 0) {
            throw new IllegalStateException("read_pages.py failed: " + printed);
        }
        double rate = Double.parseDouble(printed);
        if (!(rate > 0)) {
            throw new IllegalStateException("read_pages.py read nothing: the page's parameters " + parameters + " match no row");
        }
        return rate;
    }

    /** Binds a page's parameters. */
    private interface PageParameters {
        void bind(PreparedStatement page) throws SQLException;
    }

    /** Reads every column of a row; what it counts (a row, its bytes). */
    private interface RowReader {
        long read(java.sql.ResultSet row) throws SQLException;
    }

    /**
     * A read ceiling: for 5 s, two threads (the machine's cores here), each with a connection of its own, read the page
     * {@code sql} selects again and again; what {@code reader} counts, per second.
     */
    private static double twoReaders(Path database, String sql, PageParameters parameters, RowReader reader) throws Exception {
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Long>> counts = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            long start = System.nanoTime();
            for (int t = 0; t < 2; t++) {
                counts.add(readers.submit(() -> {
                    long counted = 0;
                    try (Connection c = open(database); PreparedStatement page = c.prepareStatement(sql)) {
                        while (System.nanoTime() < end) {
                            parameters.bind(page);
                            try (java.sql.ResultSet result = page.executeQuery()) {
                                while (result.next()) {
                                    counted += reader.read(result);
                                }
                            }
                        }
                    }
                    return counted;
                }));
            }
            long counted = 0;
            for (java.util.concurrent.Future<Long> count : counts) {
                counted += count.get();
            }
            return counted / ((System.nanoTime() - start) / 1e9);
        } finally {
            readers.shutdownNow();
        }
    }

    /** Fills a run's log straight into the file (the server's writer is idle meanwhile; WAL, busy_timeout). */
    private static void populate(RunLedgerClient client, Path database, String runId, int events) throws SQLException {
        client.createRun("bench/" + runId, "/bench", "main", "tasks", 1, Map.of("id", runId));
        try (Connection c = open(database)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(INSERT_EVENT)) {
                for (int first = 1; first <= events; first += 10_000) {
                    insertEvents(insert, runId, first, Math.min(10_000, events - first + 1));
                }
            }
            c.commit();
        }
    }

    /** {@code runs} runs completed in 2020, {@code events} events each, straight into the database (the writer idle). */
    private static void populateFinished(Path database, int runs, int events) throws SQLException {
        try (Connection c = open(database)) {
            c.setAutoCommit(false);
            try (PreparedStatement run = c.prepareStatement("INSERT INTO runs (id, feature_branch, repo_path, target_branch, "
                    + "tasks_dir, parallelism, status, daemon_version, started_at, completed_at) VALUES (?, ?, '/bench', 'main', "
                    + "'tasks', 1, 'completed', 'bench', '2020-01-01 00:00:00.000000000+00:00', ?)");
                 PreparedStatement insert = c.prepareStatement(INSERT_EVENT)) {
                for (int i = 0; i < runs; i++) {
                    String id = "finished-" + i;
                    run.setString(1, id);
                    run.setString(2, "bench/finished/" + i);
                    run.setString(3, String.format(Locale.ROOT, "2020-01-01 00:%02d:%02d.000000000+00:00", i / 60 % 60, i % 60));
                    run.executeUpdate();
                    insertEvents(insert, id, 1, events);
                    if (i % 50 == 49) {
                        c.commit();
                    }
                }
            }
            c.commit();
        }
    }

    /** {@code count} events of {@code runId} from sequence {@code first} on, as one JDBC batch. */
    private static void insertEvents(PreparedStatement insert, String runId, int first, int count) throws SQLException {
        for (int sequence = first; sequence < first + count; sequence++) {
            insert.setString(1, runId);
            insert.setInt(2, sequence);
            insert.setString(3, PAYLOAD);
            insert.addBatch();
        }
        insert.executeBatch();
    }

    /** Whether each of the first {@code runs} bench runs holds sequences 1..n with no gap or repeat, in words. */
    private static String gaplessRuns(int runs) throws SQLException {
        try (Connection c = postgresConnection();
             var rows = c.createStatement().executeQuery("SELECT COUNT(*), SUM(CASE WHEN n = last AND n = distinct_n THEN 1 ELSE 0 END) "
                     + "FROM (SELECT run_id, COUNT(*) AS n, MAX(sequence) AS last, COUNT(DISTINCT sequence) AS distinct_n "
                     + "FROM events WHERE run_id LIKE 'bench-%' GROUP BY run_id) per_run")) {
            rows.next();
            if (rows.getLong(1) != rows.getLong(2) || rows.getLong(1) != runs) {
                throw new IllegalStateException("Two instances left a gap or a repeat: " + rows.getLong(2) + " of "
                        + rows.getLong(1) + " runs gapless");
            }
            return "all " + runs + " runs gapless afterwards";
        }
    }

    /** Idempotency keys stored (read beside the server: WAL, or the PostgreSQL server). */
    private static long keyCount(Path database) throws SQLException {
        try (Connection c = open(database);
             var count = c.createStatement().executeQuery("SELECT COUNT(*) FROM idempotency_keys")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static Connection postgresConnection() throws SQLException {
        return Targets.connect(Targets.databaseUrl());
    }

    /** Fresh statistics after the bulk load, as autovacuum would give them a little later. */
    private static void analyze() throws SQLException {
        try (Connection c = postgresConnection()) {
            c.createStatement().execute("ANALYZE events");
        }
    }

    /** One-row transactions in a loop, in-process, against the same PostgreSQL server. */
    private static double postgresCeiling() throws SQLException {
        try (Connection c = postgresConnection()) {
            // A real table: a TEMP one skips the WAL, so its commits would not wait for fsync.
            c.createStatement().execute("CREATE TABLE bench_ceiling (id BIGSERIAL PRIMARY KEY, run_id TEXT, sequence BIGINT, payload_json TEXT)");
            try {
                return oneRowTransactions(c, "INSERT INTO bench_ceiling (run_id, sequence, payload_json) VALUES (?, ?, ?)");
            } finally {
                c.setAutoCommit(true);
                c.createStatement().execute("DROP TABLE bench_ceiling");
            }
        }
    }

    /** The server's PRAGMAs with its default settings. */
    static SQLiteConfig pragmas() {
        return SqlitePool.pragmas(defaultSqliteSettings());
    }

    private static SQLiteConfig withSqliteCheckpointEvery(int pages) {
        SqliteSettings defaults = defaultSqliteSettings();
        return SqlitePool.pragmas(new SqliteSettings(defaults.path(), defaults.synchronous(), defaults.busyTimeout(), pages));
    }

    /** The server's SQLite settings with nothing configured. */
    private static SqliteSettings defaultSqliteSettings() {
        return SqliteSettings.defaults(Targets.freshDatabase().toString());
    }

    /** One-row transactions in a loop, in-process, with the server's PRAGMAs: what fsync allows. */
    private static double sqliteCeiling(Path file, SQLiteConfig pragmas) throws SQLException {
        try (Connection c = pragmas.createConnection("jdbc:sqlite:" + file)) {
            c.createStatement().execute("CREATE TABLE t (id INTEGER PRIMARY KEY, run_id TEXT, sequence INTEGER, payload_json TEXT)");
            return oneRowTransactions(c, "INSERT INTO t (run_id, sequence, payload_json) VALUES (?, ?, ?)");
        }
    }

    private static double oneRowTransactions(Connection c, String sql) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            String payload = "x".repeat(200);
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            long start = System.nanoTime();
            int n = 0;
            while (System.nanoTime() < end) {
                insert.setString(1, "bench");
                insert.setInt(2, n);
                insert.setString(3, payload);
                insert.executeUpdate();
                c.commit();
                n++;
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The maximum resident set of a process, sampled every 100 ms. */
    static final class RssSampler extends Thread {
        private final long pid;
        private final AtomicLong maxKiB = new AtomicLong();
        private volatile boolean running = true;

        RssSampler(long pid) {
            this.pid = pid;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                try {
                    maxKiB.accumulateAndGet(ProcessStatus.field(pid, "VmRSS"), Math::max);
                    Thread.sleep(100);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }

        long finish() throws InterruptedException {
            running = false;
            join();
            return maxKiB.get();
        }
    }

    /** Process start to the first answered createRun. */
    static final class StartUp {
        private StartUp() {
        }

        /**
         * Trains a JDK 25 AOT cache as the README says (one training run of {@code TrainingRun} under
         * {@code -XX:AOTCacheOutput}, with the start options) and returns its file.
         */
        static Path trainAotCache(String java, List<String> trainingRun, Path cache) throws Exception {
            List<String> command = new ArrayList<>(List.of(java, "-XX:AOTCacheOutput=" + cache));
            command.addAll(JVM_OPTIONS);
            command.addAll(trainingRun);
            Path log = cache.resolveSibling(cache.getFileName() + "-training.log");
            int exit = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
            if (exit != 0 || !Files.exists(cache)) {
                throw new IllegalStateException("AOT cache training with " + java + " failed (exit " + exit + "):\n"
                        + Files.readString(log));
            }
            return cache;
        }

        /** Starts the jar once on {@code database} (created and migrated by it), answers one createRun, stops it. */
        static void migrate(Path jar, Path database) throws Exception {
            Path made = Files.createTempDirectory("runledger-start").resolve("start.db");
            once(new Start(thisJava(), List.of(), List.of("-jar", jar.toAbsolutePath().toString()), null), made);
            Files.copy(made, database, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        /** The feature release of a java executable, from {@code java -version}. */
        static String version(String java) throws Exception {
            Process process = new ProcessBuilder(java, "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            Matcher version = Pattern.compile("java\\.specification\\.version = (\\S+)").matcher(output);
            return version.find() ? version.group(1) : "?";
        }

        /** The java of this benchmark. */
        static String thisJava() {
            return ProcessHandle.current().info().command().orElse("java");
        }

        /**
         * One way to start a server: a java executable, the options it gets besides the README's, and what it runs
         * ({@code -jar runledger.jar}, or a baseline's).
         */
        record Start(String java, List<String> options, List<String> launch, Path database) {

            /** On a new database of its own each time. */
            Start(String java, List<String> options, List<String> launch) {
                this(java, options, launch, null);
            }
        }

        /** The median start-up of each way, from {@code times} rounds that start each way once, in turn. */
        static List<Double> interleavedMedians(List<Start> starts, int times) throws Exception {
            List<List<Long>> millis = new ArrayList<>();
            starts.forEach(start -> millis.add(new ArrayList<>()));
            for (int round = 0; round < times; round++) {
                for (int i = 0; i < starts.size(); i++) {
                    millis.get(i).add(once(starts.get(i)));
                }
            }
            List<Double> medians = new ArrayList<>();
            for (List<Long> each : millis) {
                each.sort(null);
                medians.add((double) each.get(times / 2));
            }
            return medians;
        }

        static long once(Start way) throws Exception {
            Path database = Files.createTempDirectory("runledger-start").resolve("start.db");
            if (way.database() != null) {
                Files.copy(way.database(), database); // a copy, so that every start finds the same file
            }
            return once(way, database);
        }

        /** Starts {@code way} on {@code database} and returns the milliseconds to its first answered createRun. */
        static long once(Start way, Path database) throws Exception {
            int port = JarDeployment.freePort();
            List<String> command = new ArrayList<>(List.of(way.java()));
            command.addAll(JVM_OPTIONS);
            command.addAll(way.options());
            command.addAll(way.launch());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(JarDeployment.START_ENVIRONMENT);
            builder.environment().put("RUNLEDGER_DB", database.toString());
            builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
            builder.environment().putAll(Targets.databaseEnvironment()); // the backend of the run
            long start = System.nanoTime();
            Process process = builder.start();
            try {
                awaitFirstCreateRun(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(60), () -> process.isAlive()
                        ? Optional.empty() : Optional.of("the server exited during start-up"));
                return (System.nanoTime() - start) / 1_000_000;
            } finally {
                process.destroy();
                process.waitFor();
            }
        }

        /**
         * Sends createRun every 5 ms until one is answered 200: the end of a start-up as a client sees it.
         * {@code gone} says why waiting is pointless (the server exited), or is empty. Until the port accepts a
         * TCP connection only a plain connect is tried: a refused request through the HTTP client costs this JVM
         * enough CPU to slow the start it measures, on 2 cores.
         */
        static void awaitFirstCreateRun(URI base, Duration timeout, Supplier<Optional<String>> gone) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            // A branch of its own per start: on PostgreSQL every start shares one database, and a second createRun
            // for the same branch and repository answers 409, never the 200 awaited here.
            String body = "{\"featureBranch\":\"start-" + UUID.randomUUID() + "\",\"repoPath\":\"/r\","
                    + "\"targetBranch\":\"m\",\"tasksDir\":\"t\",\"parallelism\":1}";
            HttpRequest create = HttpRequest.newBuilder(base.resolve("/createRun"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (accepts(base) && http.send(create, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet (or, behind docker-proxy, accepted and reset)
                }
                Optional<String> reason = gone.get();
                if (reason.isPresent()) {
                    throw new IllegalStateException(reason.get());
                }
                Thread.sleep(5);
            }
            throw new IllegalStateException("no createRun answered within " + timeout + " at " + base);
        }

        private static boolean accepts(URI base) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 1000);
                return true;
            } catch (IOException refused) {
                return false;
            }
        }
    }
}
