package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merges (docs/CONTRACT.md, v3 §6), black-box: record, PR transitions with compare-and-set, list, cascade. */
@ExtendWith(RunLedgerExtension.class)
class MergeContractTest {

    private static final String COMMIT = "0123abc";

    @Test
    void aDirectMergeIsRecordedWithTheUnitsCurrentAttemptAndIsNotUpdatable(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("merge-direct");
        client.createUnit(run.id(), "a", null, null, null);
        client.claimUnit(run.id(), "w", null, null);
        JsonNode merge = client.recordMerge(Map.of("runId", run.id(), "unitId", "a", "targetBranch", "main",
                "kind", "direct", "mergeCommit", COMMIT, "mergeBase", "fedcba9"));
        assertEquals(1, merge.get("attempt").asInt(), "default: the unit's current attempt");
        assertEquals(RunContractTest.keys(merge), java.util.Set.of("id", "runId", "unitId", "attempt", "targetBranch", "kind",
                "mergeCommit", "mergeBase", "pr", "mergedAt", "createdAt", "updatedAt"));
        assertTrue(merge.get("pr").isNull());
        assertEquals(List.of("a", "main", "direct", COMMIT, "fedcba9"), List.of(merge.get("unitId").asText(),
                merge.get("targetBranch").asText(), merge.get("kind").asText(), merge.get("mergeCommit").asText(),
                merge.get("mergeBase").asText()), "each field as recorded: " + merge);
        JsonNode dated = client.recordMerge(Map.of("runId", run.id(), "unitId", "a", "attempt", 1, "targetBranch", "main",
                "kind", "pr", "mergeCommit", COMMIT, "mergedAt", "2026-12-01T09:00:00Z",
                "pr", Map.of("number", 8, "url", "https://git.example/pr/8", "status", "merged")));
        assertEquals(1, dated.get("attempt").asInt(), "the current attempt named");
        assertEquals("2026-12-01T09:00:00Z", dated.get("mergedAt").asText(), dated.toString());
        assertTrue(dated.get("mergeBase").isNull(), dated.toString());
        assertEquals(List.of(merge, dated), client.listMerges(run.id(), null), "read back as answered");
        ProblemException update = assertThrows(ProblemException.class,
                () -> client.updateMerge(Map.of("id", merge.get("id").asText(), "mergeCommit", COMMIT)));
        assertEquals("validation-failed", update.code(), "a direct merge is not updated");
        assertEquals("attempt-not-found", assertThrows(ProblemException.class, () -> client.recordMerge(Map.of("runId", run.id(),
                "unitId", "a", "attempt", 2, "targetBranch", "main", "kind", "direct", "mergeCommit", COMMIT))).code());
        assertEquals("unit-not-found", assertThrows(ProblemException.class, () -> client.recordMerge(Map.of("runId", run.id(),
                "unitId", "nope", "targetBranch", "main", "kind", "direct", "mergeCommit", COMMIT))).code());
        assertEquals("run-not-found", assertThrows(ProblemException.class, () -> client.recordMerge(Map.of("runId", run.id() + "x",
                "targetBranch", "main", "kind", "direct", "mergeCommit", COMMIT))).code());
    }

    @Test
    void aPullRequestMovesByTheTableAndMergedIsFinal(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("merge-pr");
        JsonNode pr = client.recordMerge(Map.of("runId", run.id(), "targetBranch", "main", "kind", "pr",
                "pr", Map.of("number", 1, "url", "https://git.example/pr/1", "status", "open")));
        assertEquals(1, pr.get("pr").get("number").asInt(), "the first pull request of a repository is number 1");
        String id = pr.get("id").asText();
        assertTrue(pr.get("unitId").isNull() && pr.get("attempt").isNull(), "the run's own branch");
        assertEquals("closed", client.updateMerge(Map.of("id", id, "prStatus", "closed")).get("pr").get("status").asText());
        assertEquals("open", client.updateMerge(Map.of("id", id, "prStatus", "open", "expectedStatus", "closed"))
                .get("pr").get("status").asText());
        assertEquals("invalid-transition", refusal(client, Map.of("id", id, "prStatus", "merged")),
                "merged needs a mergeCommit, given or stored");
        assertEquals("invalid-transition", refusal(client, Map.of("id", id, "prStatus", "closed", "expectedStatus", "merged")));
        JsonNode merged = client.updateMerge(Map.of("id", id, "prStatus", "merged", "mergeCommit", COMMIT,
                "mergedAt", "2026-12-01T10:00:00Z"));
        assertEquals("merged", merged.get("pr").get("status").asText());
        assertEquals(COMMIT, merged.get("mergeCommit").asText(), "the mergeCommit given with merged");
        assertEquals("2026-12-01T10:00:00Z", merged.get("mergedAt").asText());
        for (String to : List.of("open", "closed")) {
            assertEquals("invalid-transition", refusal(client, Map.of("id", id, "prStatus", to)), "merged is final");
        }
        assertEquals(merged, client.listMerges(run.id(), null).get(0), "refusals changed nothing");
        assertEquals("merge-not-found", refusal(client, Map.of("id", id + "x", "prStatus", "open")));
        assertEquals("validation-failed", refusal(client, Map.of("id", id)));
        assertEquals("validation-failed", refusal(client, Map.of("id", id, "prStatus", "reopened")));
    }

    @Test
    void listMergesOrdersByCreationFiltersByUnitAndDeletingTheRunDeletesThem(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("merge-list");
        client.createUnits(run.id(), List.of(Map.of("unitId", "a"), Map.of("unitId", "b")));
        for (String unit : List.of("b", "a", "b")) {
            client.recordMerge(Map.of("runId", run.id(), "unitId", unit, "targetBranch", "main", "kind", "direct", "mergeCommit", COMMIT));
        }
        List<JsonNode> all = client.listMerges(run.id(), null);
        assertEquals(List.of("b", "a", "b"), all.stream().map(m -> m.get("unitId").asText()).toList());
        assertTrue(all.get(0).get("attempt").isNull(), "a unit that never started: no attempt");
        assertEquals(2, client.listMerges(run.id(), "b").size());
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("runId", run.id(), "targetBranch", "main", "kind", "direct"),
                Map.of("runId", run.id(), "targetBranch", "main", "kind", "direct", "mergeCommit", "ABCDEF0"),
                Map.of("runId", run.id(), "targetBranch", "main", "kind", "squash", "mergeCommit", COMMIT),
                Map.of("runId", run.id(), "targetBranch", "main", "kind", "pr"),
                Map.of("runId", run.id(), "targetBranch", "main", "kind", "pr", "pr", Map.of("number", 0, "url", "u", "status", "open")),
                Map.of("runId", run.id(), "targetBranch", "main", "kind", "pr", "pr", Map.of("number", 3, "url", "u", "status", "merged")),
                Map.of("runId", run.id(), "targetBranch", "", "kind", "direct", "mergeCommit", COMMIT),
                Map.of("runId", run.id(), "attempt", 1, "targetBranch", "main", "kind", "direct", "mergeCommit", COMMIT))) {
            Answer answer = client.call("recordMerge", RunLedgerClient.json().valueToTree(bad));
            assertEquals(400, answer.status(), bad + " -> " + answer.raw());
            assertEquals("validation-failed", answer.code());
        }
        assertEquals(3, client.listMerges(run.id(), null).size(), "refusals recorded nothing");
        client.deleteRun(run.id());
        assertEquals("run-not-found", assertThrows(ProblemException.class, () -> client.listMerges(run.id(), null)).code());
    }

    private static String refusal(RunLedgerClient client, Map<String, Object> body) {
        Answer answer = client.call("updateMerge", RunLedgerClient.json().valueToTree(body));
        assertTrue(answer.status() >= 400, body + " -> " + answer.raw());
        return answer.code();
    }
}
