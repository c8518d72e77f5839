package dev.runledger.contract.bench;

import dev.runledger.contract.target.Targets;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * pgbench (from the PostgreSQL packages) running RunLedger's append transaction itself against the benchmark's
 * database: lock the run's row, next sequence, insert, commit; prepared statements, one commit per append. The best a
 * plain SQL client that commits each append alone does on this server: the row RunLedger's group commit must beat.
 * No colon appears in the SQL but the variable's: pgbench would take {@code :MI} in a literal for a variable.
 */
final class PgBench {

    /** The transaction, for one of the benchmark's runs ({@code bench-0} … {@code bench-15}, as the wrk rows). */
    static final String APPEND = """
            \\set r random(0, RUNS_1)
            BEGIN;
            SELECT id FROM runs WHERE id = 'bench-' || CAST(:r AS text) FOR UPDATE;
            INSERT INTO events (run_id, sequence, event_type, unit_id, payload_json, created_at)
              SELECT 'bench-' || CAST(:r AS text), COALESCE(MAX(sequence), 0) + 1, 'tick', NULL,
                     json_build_object('n', 1, 'pad', repeat('x', 180))::text, (now() AT TIME ZONE 'UTC')::text
              FROM events WHERE run_id = 'bench-' || CAST(:r AS text);
            COMMIT;
            """;

    /** What pgbench reported. */
    record Result(double transactionsPerSecond, double latencyMillis) {
    }

    private PgBench() {
    }

    static Result appends(int clients, int seconds, int runs, Path work) throws IOException, InterruptedException {
        URI url = URI.create(Targets.databaseUrl().substring("jdbc:".length()));
        Path script = work.resolve("append.pgbench");
        Files.writeString(script, APPEND.replace("RUNS_1", Integer.toString(runs - 1)),
                StandardCharsets.UTF_8);
        String database = url.getPath().substring(1);
        List<String> command = List.of(binary(), "-n", "-M", "prepared", "-c", Integer.toString(clients), "-j", "2",
                "-T", Integer.toString(seconds), "-f", script.toString(), "-h", url.getHost(), "-p",
                Integer.toString(url.getPort()), "-U", System.getProperty("runledger.database.user", "postgres"), database);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed: " + output);
        }
        return new Result(number(output, "tps = ([\\d.]+)"), number(output, "latency average = ([\\d.]+) ms"));
    }

    private static double number(String output, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("pgbench said no " + pattern + ": " + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static String binary() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin/pgbench")).filter(Files::isExecutable)
                    .map(Path::toString).sorted().reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("no pgbench under /usr/lib/postgresql"));
        }
    }

    static String describe(Result result) {
        return String.format(Locale.ROOT, "%.0f tps, latency average %.2f ms", result.transactionsPerSecond(), result.latencyMillis());
    }
}
