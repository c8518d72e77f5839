package dev.runledger.contract;

import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.ContractDocument;
import dev.runledger.contract.client.ContractDocument.AnswerOffContract;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    private static String problem(int status, String code) {
        return "{\"type\":\"https://runledger.dev/problems/" + code + "\",\"title\":\"T\",\"status\":" + status
                + ",\"detail\":\"d\",\"code\":\"" + code + "\"}";
    }

    private static void assertOff(Runnable check, String what) {
        assertThrows(AnswerOffContract.class, check::run, what + " must fail the check");
    }
}
