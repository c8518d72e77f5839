package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.JarDeployment;
import dev.runledger.contract.target.Targets;
import dev.runledger.db.GoDaemonFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar runledger.jar copy} (docs/CONTRACT.md, v3 §9): a file that began as the Go daemon's, served by
 * RunLedger and written through every kind of function (so that every v2 and v3 table has rows), is copied to the
 * run's PostgreSQL server (a new database of its own) when the suite runs on PostgreSQL, else to another SQLite
 * file; a server started on the copy then answers every read exactly as the server on the original did, continues
 * each run's sequence, and replays a keyed write. A second copy into the now non-empty target is refused and changes
 * nothing. Runs the shipped jar, as users do.
 */
@OwnDeployment
class CopyCommandTest {

    private static final String[] RUN_STATUSES = {"pending", "running", "completed", "failed", "cancelled"};

    @TempDir
    Path dir;

    @Test
    void aDaemonFileWithEveryTableCopiesAndServesTheSameAnswers() throws Exception {
        Path source = dir.resolve("source.db");
        GoDaemonFile.create(source, GoDaemonFile.Variant.SHIPPED);
        List<String> runIds = new ArrayList<>(List.of(GoDaemonFile.ACTIVE_RUN, GoDaemonFile.DONE_RUN));
        Map<String, JsonNode> before;
        JsonNode keyedAnswer;
        try (JarDeployment original = new JarDeployment(Targets.jar(), source, Map.of())) {
            RunLedgerClient client = new RunLedgerClient(original.uri());
            String runId = ok(client.call("createRun", body("featureBranch", "copy/every-table", "repoPath", "/r",
                    "targetBranch", "main", "tasksDir", "t", "parallelism", 2, "status", "running"))).get("id").asText();
            runIds.add(runId);
            ok(client.call("createUnits", body("runId", runId, "units", List.of(Map.of("unitId", "a"),
                    Map.of("unitId", "b", "dependsOn", List.of("a"))))));
            JsonNode claimed = ok(client.call("claimUnit", body("runId", runId, "owner", "worker-1")));
            String unit = claimed.path("unit").path("id").asText();
            ok(client.call("recordAttempt", body("id", unit, "attempt", 1, "agent", Map.of("name", "claude", "model", "opus"),
                    "git", Map.of("branch", "rl/a", "headAfter", "abc1234"), "prompt", "do a", "summary", "did a", "exitCode", 0)));
            ok(client.call("appendOutput", body("runId", runId, "unitId", "a", "attempt", 1, "stream", "stdout", "text", "line one\n")));
            ok(client.call("appendOutput", body("runId", runId, "unitId", "a", "attempt", 1, "stream", "stderr", "text", "ü warn\n")));
            ok(client.call("appendEvents", body("runId", runId, "events", List.of(Map.of("eventType", "started", "unitId", "a"),
                    Map.of("eventType", "note", "payload", Map.of("n", 1))))));
            ok(client.call("updateUnit", body("id", unit, "status", "completed", "attempt", 1)));
            ok(client.call("recordMerge", body("runId", runId, "unitId", "a", "targetBranch", "main", "kind", "direct",
                    "mergeCommit", "0123abc")));
            keyedAnswer = ok(client.withIdempotencyKey("copy-key").call("appendEvent", body("runId", runId, "eventType", "keyed")));
            before = reads(client, runIds);
            original.terminate();
        }

        String target = Targets.postgres() ? Targets.newPostgresDatabase() : dir.resolve("copy.db").toString();
        Copy first = copy(source, target);
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().startsWith("copied "), first.out());
        for (String table : List.of("runs", "units", "unit_dependencies", "unit_attempts", "output_chunks", "events", "merges",
                "idempotency_keys")) {
            assertTrue(first.out().matches("(?s).*\\b" + table + " [1-9]\\d*.*"), table + " has rows in the copy: " + first.out());
            assertTrue(first.err().contains(table), "progress for " + table + " on stderr: " + first.err());
        }

        Map<String, String> environment = new HashMap<>();
        Path copyFile = dir.resolve("copy.db");
        if (Targets.postgres()) {
            environment.putAll(Targets.databaseEnvironment());
            environment.put("RUNLEDGER_DB_URL", target);
        }
        try (JarDeployment copied = new JarDeployment(Targets.jar(), copyFile, environment)) {
            RunLedgerClient client = new RunLedgerClient(copied.uri());
            assertEquals(before, reads(client, runIds), "every read answers the same on the copy");
            Answer replay = client.withIdempotencyKey("copy-key").call("appendEvent", body("runId", runIds.get(2), "eventType", "keyed"));
            assertTrue(replay.replayed(), "the keyed write's answer was copied: a retry is replayed");
            assertEquals(keyedAnswer, replay.json());
            JsonNode next = ok(client.call("appendEvent", body("runId", runIds.get(2), "eventType", "after-copy")));
            assertEquals(keyedAnswer.get("sequence").asLong() + 1, next.get("sequence").asLong(), "the run's sequence continues");
            assertTrue(next.get("id").asLong() > keyedAnswer.get("id").asLong(), "new events get new ids after the copied ones");

            Copy again = copy(source, target);
            assertEquals(1, again.exit(), again.out());
            assertTrue(again.err().contains("not empty"), again.err());
            assertEquals(next, ok(client.call("listEvents", body("runId", runIds.get(2), "afterSequence",
                    next.get("sequence").asLong() - 1))).get("events").get(0), "the refused copy changed nothing");
        }
    }

    /** Every read of the runs, their units, attempts, output, events and merges, keyed by what was asked. */
    private static Map<String, JsonNode> reads(RunLedgerClient client, List<String> runIds) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        answers.put("listIncompleteRuns", ok(client.call("listIncompleteRuns", body())));
        for (String status : RUN_STATUSES) {
            answers.put("listRunsByStatus " + status, ok(client.call("listRunsByStatus", body("status", status))));
        }
        for (String runId : runIds) {
            answers.put("getRun " + runId, ok(client.call("getRun", body("id", runId))));
            answers.put("listEvents " + runId, ok(client.call("listEvents", body("runId", runId, "limit", 10000))));
            answers.put("listMerges " + runId, ok(client.call("listMerges", body("runId", runId))));
            answers.put("listReadyUnits " + runId, ok(client.call("listReadyUnits", body("runId", runId))));
            JsonNode units = ok(client.call("listUnits", body("runId", runId)));
            answers.put("listUnits " + runId, units);
            for (JsonNode unit : units.get("units")) {
                String id = unit.get("id").asText();
                answers.put("listUnitAttempts " + id, ok(client.call("listUnitAttempts", body("id", id))));
                for (int attempt = 1; attempt <= unit.get("attempt").asInt(); attempt++) {
                    answers.put("getAttempt " + id + " " + attempt, ok(client.call("getAttempt", body("id", id, "attempt", attempt))));
                    answers.put("readOutput " + id + " " + attempt, ok(client.call("readOutput", body("runId", runId,
                            "unitId", unit.get("unitId").asText(), "attempt", attempt))));
                }
            }
        }
        return answers;
    }

    private static JsonNode ok(Answer answer) {
        assertEquals(200, answer.status(), answer.raw());
        return answer.json();
    }

    private record Copy(int exit, String out, String err) {
    }

    private Copy copy(Path from, String to) throws IOException, InterruptedException {
        Path out = dir.resolve("copy.out");
        Path err = dir.resolve("copy.err");
        ProcessBuilder builder = new ProcessBuilder(JarDeployment.javaBinary(), "-jar", Targets.jar().toAbsolutePath().toString(),
                "copy", "--from", from.toString(), "--to", to)
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(Targets.databaseEnvironment()); // RUNLEDGER_DB_USER and _PASSWORD, as the server's
        builder.environment().remove("RUNLEDGER_DB_URL");
        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "copy finished");
        return new Copy(process.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
    }
}
