package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.db.GoDaemonFile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a copy of a database must carry over: a file that began as the Go daemon's, written through every kind of
 * function so that every table has rows, and every read of it. For the jar's {@code copy} command
 * ({@code CopyCommandTest}) and the store's copy in this process ({@code DatabaseCopyTest}).
 */
final class EveryKindOfRow {

    /** Every table RunLedger writes, parents first, as the copy names them. */
    static final List<String> TABLES = List.of("runs", "units", "unit_dependencies", "unit_attempts", "output_chunks",
            "events", "merges", "idempotency_keys");
    static final String KEY = "copy-key";
    private static final String[] RUN_STATUSES = {"pending", "running", "completed", "failed", "cancelled"};

    /** The runs written (the Go daemon's two, then RunLedger's) and the answer of the keyed append. */
    record Written(List<String> runIds, JsonNode keyedAnswer) {
        String newRun() {
            return runIds.get(2);
        }
    }

    private EveryKindOfRow() {
    }

    /** Writes a row into every table through the functions, on a server started on a {@link GoDaemonFile}. */
    static Written write(RunLedgerClient client) {
        List<String> runIds = new ArrayList<>(List.of(GoDaemonFile.ACTIVE_RUN, GoDaemonFile.DONE_RUN));
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
        JsonNode keyedAnswer = ok(client.withIdempotencyKey(KEY).call("appendEvent", body("runId", runId, "eventType", "keyed")));
        return new Written(List.copyOf(runIds), keyedAnswer);
    }

    /** Every read of the runs, their units, attempts, output, events and merges, keyed by what was asked. */
    static Map<String, JsonNode> reads(RunLedgerClient client, List<String> runIds) {
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

    static JsonNode ok(Answer answer) {
        assertEquals(200, answer.status(), answer.raw());
        return answer.json();
    }
}
