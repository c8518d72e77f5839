package dev.runledger.functions;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every function over real HTTP against the embedded server: the happy paths of CONTRACT.md. */
@MicronautTest(transactional = false)
class FunctionsTest extends ServerTest {

    static final Set<String> RUN_FIELDS = Set.of("id", "featureBranch", "repoPath", "targetBranch", "tasksDir",
            "parallelism", "status", "daemonVersion", "startedAt", "completedAt", "error", "config");
    static final Set<String> UNIT_FIELDS = Set.of("id", "runId", "unitId", "status", "branch", "worktreePath",
            "startedAt", "completedAt", "error");
    static final Set<String> EVENT_FIELDS = Set.of("id", "runId", "sequence", "eventType", "unitId", "payload",
            "createdAt");

    private JsonNode createRun(String branch, String extra) {
        return http().ok("createRun", "{\"featureBranch\":\"" + branch + "\",\"repoPath\":\"/repo\","
                + "\"targetBranch\":\"main\",\"tasksDir\":\"tasks\",\"parallelism\":3" + extra + "}");
    }

    @Test
    void createRunAnswersEveryFieldWithDefaults() {
        JsonNode run = createRun(unique("feature/defaults"), "");
        assertEquals(RUN_FIELDS, keys(run), "every field present, unset ones null");
        assertEquals(26, run.get("id").getStringValue().length(), "a ULID");
        assertEquals("pending", run.get("status").getStringValue());
        assertEquals("", run.get("daemonVersion").getStringValue());
        assertEquals(3, run.get("parallelism").getIntValue());
        assertTrue(run.get("startedAt").isNull());
        assertTrue(run.get("completedAt").isNull());
        assertTrue(run.get("error").isNull());
        assertTrue(run.get("config").isNull());
    }

    @Test
    void createRunWithEverythingGiven() {
        String branch = unique("feature/all");
        String id = unique("run").substring(0, 40);
        JsonNode run = createRun(branch, ",\"id\":\"" + id + "\",\"status\":\"running\",\"daemonVersion\":\"1.2.3\","
                + "\"config\":{\"model\":\"opus\",\"list\":[1,2.5,\"ü\",null,true],\"big\":12345678901234567890,\"empty\":\"\"}");
        assertEquals(id, run.get("id").getStringValue());
        assertEquals("running", run.get("status").getStringValue());
        assertEquals("1.2.3", run.get("daemonVersion").getStringValue());
        Instant startedAt = Instant.parse(run.get("startedAt").getStringValue());
        assertTrue(run.get("startedAt").getStringValue().endsWith("Z"));
        assertNotNull(startedAt);
        JsonNode config = run.get("config");
        assertEquals("opus", config.get("model").getStringValue());
        assertEquals("12345678901234567890", config.get("big").getNumberValue().toString());
        assertEquals("", config.get("empty").getStringValue());
        assertEquals(run, http().ok("getRun", "{\"id\":\"" + id + "\"}"), "the stored run reads back the same");

        JsonNode terminal = createRun(unique("feature/terminal"), ",\"status\":\"cancelled\"");
        assertTrue(terminal.get("startedAt").isNull());
        assertNotNull(Instant.parse(terminal.get("completedAt").getStringValue()));
    }

    @Test
    void getRunAndGetRunByBranch() {
        String branch = unique("feature/get");
        JsonNode run = createRun(branch, "");
        String id = run.get("id").getStringValue();
        assertEquals(run, http().ok("getRun", "{\"id\":\"" + id + "\"}"));
        assertEquals(run, http().ok("getRunByBranch", "{\"featureBranch\":\"" + branch + "\",\"repoPath\":\"/repo\"}"));
    }

    @Test
    void updateRunStatusFollowsTheTable() {
        String id = createRun(unique("feature/update"), "").get("id").getStringValue();
        JsonNode running = http().ok("updateRunStatus", "{\"id\":\"" + id + "\",\"status\":\"running\",\"expectedStatus\":\"pending\"}");
        assertEquals("running", running.get("status").getStringValue());
        assertTrue(!running.get("startedAt").isNull());
        JsonNode failed = http().ok("updateRunStatus", "{\"id\":\"" + id + "\",\"status\":\"failed\",\"error\":\"red\"}");
        assertEquals("red", failed.get("error").getStringValue());
        assertTrue(!failed.get("completedAt").isNull());
        JsonNode retried = http().ok("updateRunStatus", "{\"id\":\"" + id + "\",\"status\":\"pending\"}");
        assertTrue(retried.get("completedAt").isNull());
        assertTrue(retried.get("error").isNull());
        assertEquals(running.get("startedAt"), retried.get("startedAt"));
    }

    @Test
    void listRunsByStatusAndIncomplete() {
        String a = createRun(unique("feature/list-a"), ",\"status\":\"failed\"").get("id").getStringValue();
        String b = createRun(unique("feature/list-b"), ",\"status\":\"failed\"").get("id").getStringValue();
        String c = createRun(unique("feature/list-c"), ",\"status\":\"running\"").get("id").getStringValue();
        List<String> failed = ids(http().ok("listRunsByStatus", "{\"status\":\"failed\"}").get("runs"));
        assertTrue(failed.containsAll(List.of(a, b)));
        assertEquals(sorted(failed), failed, "ordered by id");
        JsonNode incomplete = http().ok("listIncompleteRuns", "{}").get("runs");
        List<String> incompleteIds = ids(incomplete);
        assertTrue(incompleteIds.contains(c));
        assertTrue(!incompleteIds.contains(a));
        assertEquals(sorted(incompleteIds), incompleteIds);
        for (JsonNode run : incomplete.values()) {
            assertTrue(Set.of("pending", "running").contains(run.get("status").getStringValue()));
        }
    }

    @Test
    void deleteRunTakesUnitsAndEvents() {
        String id = createRun(unique("feature/delete"), "").get("id").getStringValue();
        http().ok("createUnit", "{\"runId\":\"" + id + "\",\"unitId\":\"u1\"}");
        http().ok("appendEvent", "{\"runId\":\"" + id + "\",\"eventType\":\"e\"}");
        assertEquals(JsonNode.createBooleanNode(true), http().ok("deleteRun", "{\"id\":\"" + id + "\"}").get("deleted"));
        assertEquals("run-not-found", http().post("getRun", "{\"id\":\"" + id + "\"}").code());
        assertEquals("unit-not-found", http().post("getUnit", "{\"id\":\"" + id + "_u1\"}").code());
        assertTrue(snapshot().rows().stream().noneMatch(row -> row.contains(id)), "nothing of the run is left");
    }

    @Test
    void unitFunctions() {
        String runId = createRun(unique("feature/units"), "").get("id").getStringValue();
        JsonNode unit = http().ok("createUnit", "{\"runId\":\"" + runId + "\",\"unitId\":\"task-2\",\"branch\":\"b2\"}");
        assertEquals(UNIT_FIELDS, keys(unit));
        assertEquals(runId + "_task-2", unit.get("id").getStringValue());
        assertEquals("pending", unit.get("status").getStringValue());
        assertTrue(unit.get("worktreePath").isNull());
        http().ok("createUnit", "{\"runId\":\"" + runId + "\",\"unitId\":\"task-1\",\"status\":\"running\"}");

        assertEquals(unit, http().ok("getUnit", "{\"id\":\"" + runId + "_task-2\"}"));
        assertEquals(unit, http().ok("getUnit", "{\"runId\":\"" + runId + "\",\"unitId\":\"task-2\"}"));

        JsonNode updated = http().ok("updateUnit", "{\"runId\":\"" + runId + "\",\"unitId\":\"task-2\","
                + "\"worktreePath\":\"/wt/2\",\"error\":\"note\"}");
        assertEquals("pending", updated.get("status").getStringValue());
        assertEquals("/wt/2", updated.get("worktreePath").getStringValue());
        assertEquals("b2", updated.get("branch").getStringValue());
        assertEquals("note", updated.get("error").getStringValue());
        JsonNode running = http().ok("updateUnit", "{\"id\":\"" + runId + "_task-2\",\"status\":\"running\"}");
        assertTrue(running.get("error").isNull(), "a status change sets error to the request's");
        assertTrue(!running.get("startedAt").isNull());

        List<String> all = new ArrayList<>();
        http().ok("listUnits", "{\"runId\":\"" + runId + "\"}").get("units").values()
                .forEach(u -> all.add(u.get("unitId").getStringValue()));
        assertEquals(List.of("task-1", "task-2"), all);
        assertEquals(2, http().ok("listUnits", "{\"runId\":\"" + runId + "\",\"status\":\"running\"}").get("units").size());
        assertEquals(0, http().ok("listUnits", "{\"runId\":\"" + runId + "\",\"status\":\"failed\"}").get("units").size());
    }

    @Test
    void eventFunctions() {
        String runId = createRun(unique("feature/events"), "").get("id").getStringValue();
        JsonNode empty = http().ok("listEvents", "{\"runId\":\"" + runId + "\"}");
        assertEquals(0, empty.get("events").size());
        assertEquals(0, empty.get("lastSequence").getLongValue());

        String[] payloads = {"{\"a\":1}", "[1,\"two\",{\"three\":[3]}]", "\"just a string\"", "42", "true", "null",
                "{\"nested\":{\"ünï\":\"cödé 🚀\",\"empty\":\"\"}}", "12345678901234567890123"};
        for (int i = 0; i < payloads.length; i++) {
            JsonNode event = http().ok("appendEvent", "{\"runId\":\"" + runId + "\",\"eventType\":\"t" + (i % 2)
                    + "\",\"unitId\":" + (i % 3 == 0 ? "\"u1\"" : "null") + ",\"payload\":" + payloads[i] + "}");
            assertEquals(EVENT_FIELDS, keys(event));
            assertEquals(i + 1, event.get("sequence").getLongValue());
            assertTrue(event.get("createdAt").getStringValue().endsWith("Z"));
        }
        JsonNode all = http().ok("listEvents", "{\"runId\":\"" + runId + "\"}");
        assertEquals(payloads.length, all.get("lastSequence").getLongValue());
        for (int i = 0; i < payloads.length; i++) {
            JsonNode event = all.get("events").get(i);
            assertEquals(i + 1, event.get("sequence").getLongValue());
            assertEquals(mapperRead(payloads[i]), event.get("payload"), "payload " + i + " round trips");
        }
        JsonNode page = http().ok("listEvents", "{\"runId\":\"" + runId + "\",\"afterSequence\":2,\"limit\":3}");
        assertEquals(List.of(3L, 4L, 5L), sequences(page));
        assertEquals(payloads.length, page.get("lastSequence").getLongValue());
        assertEquals(List.of(2L, 4L, 6L, 8L), sequences(http().ok("listEvents", "{\"runId\":\"" + runId + "\",\"eventType\":\"t1\"}")));
        assertEquals(List.of(1L, 4L, 7L), sequences(http().ok("listEvents", "{\"runId\":\"" + runId + "\",\"unitId\":\"u1\"}")));
        assertEquals(List.of(4L), sequences(http().ok("listEvents",
                "{\"runId\":\"" + runId + "\",\"unitId\":\"u1\",\"eventType\":\"t1\",\"afterSequence\":null,\"limit\":null}")));
    }

    @Test
    void healthIsUpWhileTheDatabaseAnswers() {
        Http.Answer health = http().method("GET", "/health");
        assertEquals(200, health.status());
        assertEquals("UP", health.text("status"));
        assertEquals("UP", health.json().get("details").get("jdbc").get("status").getStringValue());
    }

    private JsonNode mapperRead(String json) {
        try {
            JsonNode node = mapper.readValue(json, JsonNode.class);
            return node == null ? JsonNode.nullNode() : node;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Set<String> keys(JsonNode object) {
        Set<String> keys = new TreeSet<>();
        object.entries().forEach(e -> keys.add(e.getKey()));
        return keys;
    }

    static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.values().forEach(node -> ids.add(node.get("id").getStringValue()));
        return ids;
    }

    static List<Long> sequences(JsonNode page) {
        List<Long> sequences = new ArrayList<>();
        page.get("events").values().forEach(node -> sequences.add(node.get("sequence").getLongValue()));
        return sequences;
    }

    static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
    }
}
