package dev.runledger.contract;

import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.ContractDocument;
import dev.runledger.contract.client.ContractDocument.AnswerOffContract;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /openapi.json} (docs/CONTRACT.md, v3 §9) and the check every answer of the harness goes through
 * ({@link ContractDocument}): the server's own answers pass it (every other contract test shows that, answer by
 * answer), and here an answer altered in each way the document forbids fails it, so that the check is shown able to fail.
 */
@ExtendWith(RunLedgerExtension.class)
class OpenApiContractTest {

    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";

    @Test
    void aRealAnswerPassesAndEachAlterationOfItFails(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("openapi", java.util.Map.of());
        Answer answer = client.call("getRun", body("id", run.id()));
        assertEquals(200, answer.status());
        ContractDocument contract = client.contract();
        contract.check("POST", "/getRun", 200, answer.contentType(), answer.raw()); // as received

        String raw = answer.raw();
        assertOff(() -> contract.check("POST", "/getRun", 200, JSON, raw.replace("\"parallelism\":", "\"parallelism\":\"1\",\"was\":")),
                "a number sent as a string, and a field the document does not have");
        assertOff(() -> contract.check("POST", "/getRun", 200, JSON, raw.replaceFirst("\"id\":\"[^\"]*\",", "")), "a field missing");
        assertOff(() -> contract.check("POST", "/getRun", 200, JSON, raw.replace("\"featureBranch\":\"", "\"featureBranch\":null,\"x\":\"")),
                "null where the field is never null");
        assertOff(() -> contract.check("POST", "/getRun", 200, "text/plain", raw), "another media type");
        assertOff(() -> contract.check("POST", "/getRun", 409, PROBLEM, problem(409, "run-exists")), "a status getRun never answers");
        assertOff(() -> contract.check("POST", "/getRun", 404, PROBLEM, problem(404, "unit-not-found")), "a code getRun never answers");
        assertOff(() -> contract.check("POST", "/getRun", 404, PROBLEM, problem(400, "run-not-found")), "a problem's status not its answer's");
        contract.check("POST", "/getRun", 404, PROBLEM, problem(404, "run-not-found"));
        assertOff(() -> contract.check("POST", "/noSuchFunction", 404, JSON, "{}"), "no route, and not a problem");
        contract.check("POST", "/noSuchFunction", 404, PROBLEM, problem(404, "function-not-found"));
        assertOff(() -> contract.check("POST", "/noSuchFunction", 404, PROBLEM, problem(405, "method-not-allowed")),
                "no route, and a problem of another status");
        assertOff(() -> contract.checkMessage("/streamEvents", "surprise", "{}"), "a message the stream never sends");
        assertOff(() -> contract.checkMessage("/streamEvents", "end", "{\"runStatus\":\"completed\"}"), "an end message without its last sequence");
        contract.checkMessage("/streamEvents", "end", "{\"runStatus\":\"completed\",\"lastSequence\":3}");
    }

    @Test
    void theDocumentDescribesEveryFunctionsBodyAndAnswer(Scope scope) {
        var document = scope.client().contract().document();
        assertEquals("3.1.0", document.path("openapi").asText());
        var createRun = document.path("paths").path("/createRun").path("post");
        assertEquals("#/components/schemas/CreateRunRequest",
                createRun.path("requestBody").path("content").path(JSON).path("schema").path("$ref").asText());
        assertEquals("#/components/schemas/RunView", createRun.path("responses").path("200").path("content").path(JSON)
                .path("schema").path("$ref").asText());
        var request = document.path("components").path("schemas").path("CreateRunRequest");
        assertEquals(java.util.List.of("featureBranch", "repoPath", "targetBranch", "tasksDir", "parallelism"),
                java.util.stream.StreamSupport.stream(request.path("required").spliterator(), false).map(n -> n.asText()).toList());
        assertEquals(1, request.path("properties").path("parallelism").path("minimum").asInt());
        assertEquals(10000, document.path("components").path("schemas").path("ListEventsRequest").path("properties")
                .path("limit").path("maximum").asInt());
    }

    /**
     * The request limits the document states are the server's: for each function below, from a body it accepts, every
     * required field left out, every number one past its minimum or maximum, every string one past its maxLength and
     * every list one past its item limits is refused ({@code validation-failed}); a number or string at its limit
     * passes the limit checks. The limits are read from the document, so a change on either side alone fails here.
     */
    @Test
    void theRequestLimitsTheDocumentStatesAreTheServers(Scope scope) {
        RunLedgerClient client = scope.client();
        JsonNode schemas = client.contract().document().path("components").path("schemas");
        String runId = scope.createRun("openapi-limits", java.util.Map.of()).id();
        java.util.Map<String, java.util.function.Supplier<ObjectNode>> accepted = new java.util.LinkedHashMap<>();
        accepted.put("createRun", () -> body("featureBranch", "rl-contract/openapi/" + java.util.UUID.randomUUID(),
                "repoPath", "/r", "targetBranch", "main", "tasksDir", "t", "parallelism", 1));
        accepted.put("listEvents", () -> body("runId", runId));
        accepted.put("appendEvents", () -> body("runId", runId, "events", java.util.List.of(java.util.Map.of("eventType", "x"))));
        accepted.put("createUnits", () -> body("runId", runId, "units", java.util.List.of(java.util.Map.of("unitId",
                "u-" + java.util.UUID.randomUUID()))));
        accepted.put("claimUnit", () -> body("runId", runId, "owner", "w"));
        accepted.put("listRunsByStatus", () -> body("status", "running"));
        accepted.put("pruneRuns", () -> body("finishedBefore", "2000-01-01T00:00:00Z", "dryRun", true));
        int checked = 0;
        for (var function : accepted.entrySet()) {
            String name = function.getKey();
            String ref = client.contract().document().path("paths").path("/" + name).path("post").path("requestBody")
                    .path("content").path(JSON).path("schema").path("$ref").asText();
            JsonNode schema = schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
            assertEquals(200, client.call(name, function.getValue().get()).status(), name + " accepts the base body");
            for (JsonNode required : schema.path("required")) {
                ObjectNode without = function.getValue().get();
                without.remove(required.asText());
                assertRefused(client, name, without, "without required " + required.asText());
                checked++;
            }
            for (var property : schema.path("properties").properties()) {
                String field = property.getKey();
                JsonNode limits = property.getValue();
                java.util.function.Function<Object, ObjectNode> with = value -> {
                    ObjectNode changed = function.getValue().get();
                    changed.set(field, RunLedgerClient.json().valueToTree(value));
                    return changed;
                };
                boolean waits = field.startsWith("wait"); // at its maximum a call waits that long
                if (limits.has("maximum")) {
                    assertRefused(client, name, with.apply(limits.get("maximum").asLong() + 1), field + " over its maximum");
                    if (!waits) {
                        assertWithinLimits(client, name, with.apply(limits.get("maximum").asLong()), field + " at its maximum");
                    }
                    checked++;
                }
                if (limits.has("minimum")) {
                    assertRefused(client, name, with.apply(limits.get("minimum").asLong() - 1), field + " under its minimum");
                    checked++;
                }
                if (limits.has("maxLength")) {
                    int max = limits.get("maxLength").asInt();
                    assertRefused(client, name, with.apply("w".repeat(max + 1)), field + " over its maxLength");
                    assertWithinLimits(client, name, with.apply("w".repeat(max)), field + " at its maxLength");
                    checked++;
                }
                if (limits.has("minLength") && limits.get("minLength").asInt() == 1) {
                    assertRefused(client, name, with.apply(""), field + " empty");
                    checked++;
                }
                if (limits.has("maxItems")) {
                    JsonNode item = function.getValue().get().get(field).get(0);
                    java.util.List<JsonNode> items = new java.util.ArrayList<>();
                    for (int i = 0; i <= limits.get("maxItems").asInt(); i++) {
                        items.add(item);
                    }
                    assertRefused(client, name, with.apply(items), field + " over its maxItems");
                    assertRefused(client, name, with.apply(java.util.List.of()), field + " under its minItems");
                    checked++;
                }
            }
        }
        assertTrue(checked >= 20, "the document states limits to check: " + checked);
    }

    /** Past the limit checks: answered, or refused for something else (a unit that does not exist), never invalid. */
    private static void assertWithinLimits(RunLedgerClient client, String function, ObjectNode body, String what) {
        Answer answer = client.call(function, body);
        assertTrue(answer.status() < 500 && !"validation-failed".equals(answer.code()), function + " " + what + ": " + answer.raw());
    }

    private static void assertRefused(RunLedgerClient client, String function, ObjectNode body, String what) {
        Answer answer = client.call(function, body);
        assertEquals(400, answer.status(), function + " " + what + ": " + answer.raw());
        assertEquals("validation-failed", answer.code(), function + " " + what);
    }

    private static String problem(int status, String code) {
        return "{\"type\":\"https://runledger.dev/problems/" + code + "\",\"title\":\"T\",\"status\":" + status
                + ",\"detail\":\"d\",\"code\":\"" + code + "\"}";
    }

    private static void assertOff(Runnable check, String what) {
        assertThrows(AnswerOffContract.class, check::run, what + " must fail the check");
    }
}
