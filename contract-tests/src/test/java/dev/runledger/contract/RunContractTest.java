package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run functions of CONTRACT.md, black-box, on whatever deployment the suite targets. */
@ExtendWith(RunLedgerExtension.class)
class RunContractTest {

    static final Set<String> RUN_FIELDS = Set.of("id", "featureBranch", "repoPath", "targetBranch", "tasksDir",
            "parallelism", "status", "daemonVersion", "startedAt", "completedAt", "error", "config", "attempt");

    @Test
    void createRunAnswersEveryFieldNullNeverOmitted(Scope scope) {
        Answer answer = scope.client().call("createRun", body("featureBranch", scope.branch("fields"),
                "repoPath", "/repo", "targetBranch", "main", "tasksDir", "tasks", "parallelism", 1));
        assertEquals(200, answer.status(), answer.raw());
        JsonNode run = answer.json();
        scope.track(run.get("id").asText());
        assertEquals(RUN_FIELDS, keys(run));
        assertTrue(run.get("id").asText().matches("[0-9A-HJKMNP-TV-Z]{26}"), "a ULID: " + run.get("id"));
        assertEquals("pending", run.get("status").asText());
        assertEquals("", run.get("daemonVersion").asText());
        for (String unset : List.of("startedAt", "completedAt", "error", "config")) {
            assertTrue(run.get(unset).isNull(), unset + " is null");
        }
    }

    /** An integer field takes every 32-bit value its rule allows, the largest too; one more is refused by name. */
    @Test
    void parallelismTakesTheLargest32BitInteger(Scope scope) {
        Answer largest = scope.client().call("createRun", body("featureBranch", scope.branch("wide"),
                "repoPath", "/repo", "targetBranch", "main", "tasksDir", "tasks", "parallelism", Integer.MAX_VALUE));
        assertEquals(200, largest.status(), largest.raw());
        scope.track(largest.json().get("id").asText());
        assertEquals(Integer.MAX_VALUE, scope.client().getRun(largest.json().get("id").asText()).parallelism());
        Answer beyond = scope.client().call("createRun", body("featureBranch", scope.branch("wider"),
                "repoPath", "/repo", "targetBranch", "main", "tasksDir", "tasks", "parallelism", Integer.MAX_VALUE + 1L));
        assertEquals("'parallelism' must be an integer in 32-bit range, not 2147483648.",
                beyond.json().get("detail").asText(), beyond.raw());
    }

    @Test
    void createdRunsReadBackTheSame(Scope scope) {
        Run created = scope.createRun("read", Map.of("status", "running", "daemonVersion", "9.9",
                "config", Map.of("model", "opus")));
        assertEquals(created, scope.client().getRun(created.id()));
        assertEquals(created, scope.client().getRunByBranch(created.featureBranch(), created.repoPath()));
        assertNotNull(Instant.parse(created.startedAt()), "created running: startedAt set, ISO-8601");
        assertTrue(created.startedAt().endsWith("Z"));
        assertNull(created.completedAt());
        Run terminal = scope.createRun("terminal", Map.of("status", "completed"));
        assertNull(terminal.startedAt());
        assertNotNull(Instant.parse(terminal.completedAt()));
    }

    @Test
    void aClientMayChooseTheId(Scope scope) {
        String id = "rl-" + java.util.UUID.randomUUID();
        Run run = scope.createRun("chosen", Map.of("id", id));
        assertEquals(id, run.id());
        assertEquals("run-exists", assertThrows(ProblemException.class,
                () -> scope.createRun("other", Map.of("id", id))).code());
    }

    @Test
    void branchMatchIsExact(Scope scope) {
        Run run = scope.createRun("Exact/Ü");
        RunLedgerClient client = scope.client();
        for (String variant : List.of(scope.branch("exact/ü"), scope.branch("Exact/Ü "), " " + scope.branch("Exact/Ü"),
                scope.branch("Exact/U"), scope.branch("Exact/%"))) {
            assertEquals("run-not-found", assertThrows(ProblemException.class,
                    () -> client.getRunByBranch(variant, run.repoPath())).code(), variant);
        }
        assertEquals("run-not-found", assertThrows(ProblemException.class,
                () -> client.getRunByBranch(run.featureBranch(), run.repoPath() + "/")).code());
    }

    @Test
    void updateRunStatusFollowsTheTransitionTable(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("table");
        Run running = client.updateRunStatus(run.id(), "running", null, "pending");
        assertNotNull(running.startedAt());
        Run same = client.updateRunStatus(run.id(), "running", null, null);
        assertEquals(running.startedAt(), same.startedAt(), "same status changes no timestamp");
        Run failed = client.updateRunStatus(run.id(), "failed", "boom", null);
        assertNotNull(failed.completedAt());
        assertEquals("boom", failed.error());
        for (String forbidden : List.of("running", "completed", "cancelled")) {
            assertEquals("invalid-transition", assertThrows(ProblemException.class,
                    () -> client.updateRunStatus(run.id(), forbidden, null, null)).code(), "failed -> " + forbidden);
        }
        assertEquals(failed, client.getRun(run.id()));
        Run retried = client.updateRunStatus(run.id(), "pending", null, "failed");
        assertNull(retried.completedAt());
        assertNull(retried.error());
        assertEquals(running.startedAt(), retried.startedAt(), "a retried run keeps its first startedAt");
        Run again = client.updateRunStatus(run.id(), "running", null, null);
        assertEquals(running.startedAt(), again.startedAt());
        assertEquals("invalid-transition", assertThrows(ProblemException.class,
                () -> client.updateRunStatus(run.id(), "completed", null, "pending")).code());
    }

    @Test
    void listsAreOrderedByIdAndFilteredByStatus(Scope scope) {
        RunLedgerClient client = scope.client();
        Run a = scope.createRun("list-a", Map.of("status", "failed"));
        Run b = scope.createRun("list-b", Map.of("status", "running"));
        Run c = scope.createRun("list-c", Map.of("status", "pending"));
        Run d = scope.createRun("list-d", Map.of("status", "cancelled"));
        List<Run> failed = client.listRunsByStatus("failed");
        assertTrue(failed.stream().allMatch(r -> r.status().equals("failed")));
        assertTrue(failed.contains(a));
        assertOrderedById(failed);
        List<Run> incomplete = client.listIncompleteRuns();
        assertOrderedById(incomplete);
        assertTrue(incomplete.stream().allMatch(r -> Set.of("pending", "running").contains(r.status())));
        assertEquals(List.of(b, c).stream().map(Run::id).sorted().toList(),
                incomplete.stream().filter(scope::owns).map(Run::id).toList());
        assertTrue(!incomplete.contains(d) && !incomplete.contains(a));
    }

    @Test
    void deleteRunTakesItsUnitsAndEventsAndNothingElse(Scope scope) {
        RunLedgerClient client = scope.client();
        Run doomed = scope.createRun("doomed");
        Run kept = scope.createRun("kept");
        for (Run run : List.of(doomed, kept)) {
            client.createUnit(run.id(), "u1", null, null, null);
            client.appendEvent(run.id(), "e", "u1", Json.parse("{\"k\":1}"));
        }
        client.deleteRun(doomed.id());
        assertEquals("run-not-found", assertThrows(ProblemException.class, () -> client.getRun(doomed.id())).code());
        assertEquals("unit-not-found", assertThrows(ProblemException.class, () -> client.getUnit(doomed.id(), "u1")).code());
        assertEquals("run-not-found", assertThrows(ProblemException.class,
                () -> client.listEvents(doomed.id(), null, null, null, null)).code());
        assertEquals("run-not-found", assertThrows(ProblemException.class, () -> client.deleteRun(doomed.id())).code());
        assertEquals(kept, client.getRun(kept.id()));
        assertEquals(1, client.listUnits(kept.id(), null).size());
        assertEquals(1, client.listEvents(kept.id(), null, null, null, null).events().size());
        // The branch is free again.
        scope.track(client.createRun(doomed.featureBranch(), doomed.repoPath(), "main", "t", 1, Map.of()).id());
    }

    static void assertOrderedById(List<Run> runs) {
        List<String> ids = runs.stream().map(Run::id).toList();
        assertEquals(ids.stream().sorted().toList(), ids, "ordered by id");
    }

    static Set<String> keys(JsonNode object) {
        Set<String> keys = new TreeSet<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
