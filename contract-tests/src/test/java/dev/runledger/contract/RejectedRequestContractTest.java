package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.Deployment;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every error code of CONTRACT.md, black-box: the status, the problem+json shape with its code, and
 * "a rejected request changed nothing", as far as the API can see and, where the suite can open the deployment's
 * database, row for row. In the bodies, {@code $RUN} is a
 * completed run of the test's scope with a failed unit {@code u1} and one event, {@code $BRANCH} its
 * branch, {@code $NEW} a branch nobody uses.
 */
@ExtendWith(RunLedgerExtension.class)
public class RejectedRequestContractTest {

    static final String JSON = "application/json";
    /** What a detail must never show: Java classes and types, parser tokens, the framework's own wording. */
    public static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile(
            "class |dev\\.runledger|java\\.|\\w+Request\\b|VALUE_|START_|END_|token|Error decoding|deserializ|SQL");
    static final String NEW_RUN = "\"featureBranch\":\"$NEW\",\"repoPath\":\"/repo\",\"targetBranch\":\"main\",\"tasksDir\":\"t\"";

    static Stream<Arguments> rejected() {
        return Stream.of(
                bad("createRun", "{" + NEW_RUN + "}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":0}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":-1}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":\"1\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1.5}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"repoPath\":\"\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"targetBranch\":3}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"unknown\":true}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"status\":\"archived\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"id\":\"a_b\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"id\":\"" + "x".repeat(65) + "\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"id\":\"\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":true}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"status\":\"Running\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"daemonVersion\":[1]}", 400, "validation-failed"),
                bad("getRun", "{\"id\":5}", 400, "validation-failed"),
                bad("getRun", "{\"id\":null}", 400, "validation-failed"),
                bad("updateRunStatus", "{\"id\":\"$RUN\",\"status\":\"pending\",\"error\":{}}", 400, "validation-failed"),
                bad("listRunsByStatus", "{}", 400, "validation-failed"),
                bad("listRunsByStatus", "{\"status\":\"RUNNING\"}", 400, "validation-failed"),
                bad("deleteRun", "{\"id\":\"\"}", 400, "validation-failed"),
                bad("createUnit", "{\"runId\":\"$RUN\"}", 400, "validation-failed"),
                // fields are checked before existence
                bad("createUnit", "{\"runId\":\"no-such-run\",\"unitId\":\"u9\",\"status\":\"weird\"}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"no-such-run\",\"eventType\":1}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"no-such-run\",\"limit\":0}", 400, "validation-failed"),
                bad("getUnit", "{}", 400, "validation-failed"),
                bad("getUnit", "{\"runId\":\"$RUN\"}", 400, "validation-failed"),
                bad("updateUnit", "{\"status\":\"pending\"}", 400, "validation-failed"),
                bad("listUnits", "{}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"$RUN\"}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"\"}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"$RUN\",\"afterSequence\":1.5}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"$RUN\",\"limit\":\"10\"}", 400, "validation-failed"),
                bad("createRun", "null", 400, "malformed-json"),
                bad("createRun", "123", 400, "malformed-json"),
                bad("getRun", "{'id':'x'}", 400, "malformed-json"),
                arguments("appendEvent", JSON, "{\"runId\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1), 400, "malformed-json"),
                bad("getRunByBranch", "{\"featureBranch\":\"$BRANCH\",\"repoPath\":\"/Repo/fixture\"}", 404, "run-not-found"),
                bad("getUnit", "{\"runId\":\"$RUN\",\"unitId\":\"U1\"}", 404, "unit-not-found"),
                bad("updateUnit", "{\"id\":\"$RUN_u1\",\"branch\":\"b\",\"expectedStatus\":\"running\"}", 409, "invalid-transition"),
                arguments("appendEvent", JSON, "[" + "x".repeat(2 * 1024 * 1024), 413, "payload-too-large"),
                arguments("createRun", "application/xml", "<run/>", 415, "unsupported-media-type"),
                // scheduling (v2 §3)
                bad("createUnits", "{\"runId\":\"$RUN\",\"units\":[]}", 400, "validation-failed"),
                bad("createUnits", "{\"runId\":\"$RUN\"}", 400, "validation-failed"),
                bad("createUnits", "{\"runId\":\"no-such-run\",\"units\":[{\"unitId\":\"x\"}]}", 404, "run-not-found"),
                bad("createUnit", "{\"runId\":\"$RUN\",\"unitId\":\"u2\",\"dependsOn\":[\"u2\"]}", 400, "validation-failed"),
                bad("createUnit", "{\"runId\":\"$RUN\",\"unitId\":\"u2\",\"dependsOn\":[\"u9\"]}", 404, "unit-not-found"),
                bad("listReadyUnits", "{}", 400, "validation-failed"),
                bad("listReadyUnits", "{\"runId\":\"no-such-run\"}", 404, "run-not-found"),
                bad("claimUnit", "{\"runId\":\"$RUN\",\"owner\":\"\"}", 400, "validation-failed"),
                bad("claimUnit", "{\"runId\":\"$RUN\",\"owner\":\"" + "w".repeat(201) + "\"}", 400, "validation-failed"),
                bad("claimUnit", "{\"runId\":\"$RUN\",\"owner\":\"w\",\"leaseMs\":999}", 400, "validation-failed"),
                bad("claimUnit", "{\"runId\":\"$RUN\",\"owner\":\"w\",\"leaseMs\":3600001}", 400, "validation-failed"),
                bad("claimUnit", "{\"runId\":\"no-such-run\",\"owner\":\"w\"}", 404, "run-not-found"),
                // A named unit of a run that does not exist: the run is what is missing (mutation survivor of Units.claim).
                bad("claimUnit", "{\"runId\":\"no-such-run\",\"owner\":\"w\",\"unitId\":\"u1\"}", 404, "run-not-found"),
                bad("claimUnit", "{\"runId\":\"$RUN\",\"owner\":\"w\",\"unitId\":\"u9\"}", 404, "unit-not-found"),
                bad("claimUnit", "{\"runId\":\"$RUN\",\"owner\":\"w\",\"unitId\":\"u1\"}", 409, "unit-not-ready"),
                bad("heartbeatUnit", "{\"id\":\"$RUN_u1\"}", 400, "validation-failed"),
                bad("heartbeatUnit", "{\"id\":\"$RUN_u1\",\"attempt\":0}", 409, "lease-lost"),
                bad("heartbeatUnit", "{\"id\":\"$RUN_u9\",\"attempt\":1}", 404, "unit-not-found"),
                bad("updateUnit", "{\"id\":\"$RUN_u1\",\"status\":\"pending\",\"attempt\":7}", 409, "lease-lost"),
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"e\",\"attempt\":1}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"e\",\"unitId\":\"u1\",\"attempt\":0}", 409, "lease-lost"),
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"e\",\"unitId\":\"u9\",\"attempt\":1}", 404, "unit-not-found"),
                bad("appendEvent", "{\"runId\":\"no-such-run\",\"eventType\":\"e\",\"unitId\":\"u1\",\"attempt\":1}", 404, "run-not-found"),
                bad("listUnitAttempts", "{\"id\":\"$RUN_u9\"}", 404, "unit-not-found"),
                bad("listUnitAttempts", "{}", 400, "validation-failed"),
                bad("getRun", "{}", 400, "validation-failed"),
                bad("getRun", "{\"id\":[\"$RUN\"]}", 400, "validation-failed"),
                // what an attempt did, merges (v3 §5, §6)
                bad("recordAttempt", "{\"id\":\"$RUN_u1\",\"attempt\":1}", 400, "validation-failed"),
                bad("recordAttempt", "{\"id\":\"$RUN_u1\",\"summary\":\"s\"}", 400, "validation-failed"),
                bad("recordAttempt", "{\"id\":\"$RUN_u1\",\"attempt\":1,\"agent\":{\"pid\":-1}}", 400, "validation-failed"),
                bad("recordAttempt", "{\"id\":\"$RUN_u1\",\"attempt\":1,\"git\":{\"headAfter\":\"xyz\"}}", 400, "validation-failed"),
                bad("recordAttempt", "{\"id\":\"$RUN_u1\",\"attempt\":1,\"bogus\":1}", 400, "validation-failed"),
                bad("recordAttempt", "{\"id\":\"$RUN_u9\",\"attempt\":1,\"summary\":\"s\"}", 404, "unit-not-found"),
                bad("recordAttempt", "{\"id\":\"$RUN_u1\",\"attempt\":1,\"summary\":\"s\"}", 409, "lease-lost"),
                bad("getAttempt", "{\"id\":\"$RUN_u1\"}", 400, "validation-failed"),
                bad("getAttempt", "{\"id\":\"$RUN_u1\",\"attempt\":1}", 404, "attempt-not-found"),
                bad("recordMerge", "{\"runId\":\"$RUN\",\"targetBranch\":\"main\",\"kind\":\"direct\"}", 400, "validation-failed"),
                bad("recordMerge", "{\"runId\":\"$RUN\",\"targetBranch\":\"main\",\"kind\":\"pr\",\"pr\":{\"number\":1,\"url\":\"u\"}}", 400, "validation-failed"),
                bad("recordMerge", "{\"runId\":\"no-such-run\",\"targetBranch\":\"main\",\"kind\":\"direct\",\"mergeCommit\":\"abcdef0\"}", 404, "run-not-found"),
                bad("recordMerge", "{\"runId\":\"$RUN\",\"unitId\":\"u1\",\"attempt\":1,\"targetBranch\":\"main\",\"kind\":\"direct\",\"mergeCommit\":\"abcdef0\"}", 404, "attempt-not-found"),
                bad("updateMerge", "{\"id\":\"nope\"}", 400, "validation-failed"),
                bad("updateMerge", "{\"id\":\"nope\",\"prStatus\":\"open\"}", 404, "merge-not-found"),
                bad("listMerges", "{}", 400, "validation-failed"),
                bad("listMerges", "{\"runId\":\"no-such-run\"}", 404, "run-not-found"),
                bad("getRunByBranch", "{\"repoPath\":\"/repo\"}", 400, "validation-failed"),
                bad("updateRunStatus", "{\"id\":\"$RUN\",\"status\":\"stopped\"}", 400, "validation-failed"),
                bad("updateRunStatus", "{\"id\":\"$RUN\"}", 400, "validation-failed"),
                bad("updateRunStatus", "{\"id\":\"$RUN\",\"status\":\"pending\",\"expectedStatus\":\"COMPLETED\"}", 400, "validation-failed"),
                bad("listRunsByStatus", "{\"status\":\"\"}", 400, "validation-failed"),
                bad("listIncompleteRuns", "{\"limit\":1}", 400, "validation-failed"),
                bad("deleteRun", "{\"id\":null}", 400, "validation-failed"),
                bad("deleteRun", "{\"id\":\"$RUN\",\"cascade\":false}", 400, "validation-failed"),
                bad("createUnit", "{\"runId\":\"$RUN\",\"unitId\":\"\"}", 400, "validation-failed"),
                bad("createUnit", "{\"runId\":\"$RUN\",\"unitId\":\"" + "u".repeat(201) + "\"}", 400, "validation-failed"),
                bad("createUnit", "{\"runId\":\"$RUN\",\"unitId\":\"u2\",\"status\":\"cancelled\"}", 400, "validation-failed"),
                bad("getUnit", "{\"id\":\"$RUN_u1\",\"unitId\":\"u1\"}", 400, "validation-failed"),
                bad("getUnit", "{\"unitId\":\"u1\"}", 400, "validation-failed"),
                bad("updateUnit", "{}", 400, "validation-failed"),
                bad("updateUnit", "{\"id\":\"$RUN_u1\",\"status\":\"done\"}", 400, "validation-failed"),
                bad("updateUnit", "{\"id\":\"$RUN_u1\",\"worktreePath\":7}", 400, "validation-failed"),
                bad("listUnits", "{\"runId\":\"$RUN\",\"status\":\"cancelled\"}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":null}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"e\",\"unitId\":5}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"e\",\"createdAt\":\"now\"}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"$RUN\",\"limit\":0}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"$RUN\",\"limit\":10001}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"$RUN\",\"afterSequence\":-1}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"$RUN\",\"afterSequence\":\"1\"}", 400, "validation-failed"),
                bad("createRun", "{\"featureBranch\":", 400, "malformed-json"),
                bad("createRun", "[]", 400, "malformed-json"),
                bad("createRun", "\"{}\"", 400, "malformed-json"),
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"e\"}{}", 400, "malformed-json"),
                bad("appendEvent", "", 400, "malformed-json"),
                bad("getRun", "{\"id\":\"$RUN\",}", 400, "malformed-json"),
                bad("getRun", "{\"id\":\"no-such-run\"}", 404, "run-not-found"),
                bad("getRunByBranch", "{\"featureBranch\":\"$NEW\",\"repoPath\":\"/repo\"}", 404, "run-not-found"),
                bad("updateRunStatus", "{\"id\":\"no-such-run\",\"status\":\"failed\"}", 404, "run-not-found"),
                bad("deleteRun", "{\"id\":\"no-such-run\"}", 404, "run-not-found"),
                bad("createUnit", "{\"runId\":\"no-such-run\",\"unitId\":\"u1\"}", 404, "run-not-found"),
                bad("listUnits", "{\"runId\":\"no-such-run\"}", 404, "run-not-found"),
                bad("appendEvent", "{\"runId\":\"no-such-run\",\"eventType\":\"e\"}", 404, "run-not-found"),
                bad("listEvents", "{\"runId\":\"no-such-run\"}", 404, "run-not-found"),
                bad("getUnit", "{\"id\":\"$RUN_u9\"}", 404, "unit-not-found"),
                bad("updateUnit", "{\"runId\":\"$RUN\",\"unitId\":\"u9\",\"error\":\"x\"}", 404, "unit-not-found"),
                bad("createRun", "{\"featureBranch\":\"$BRANCH\",\"repoPath\":\"/repo/fixture\",\"targetBranch\":\"main\",\"tasksDir\":\"t\",\"parallelism\":1}", 409, "run-exists"),
                bad("createRun", "{\"id\":\"$RUN\"," + NEW_RUN + ",\"parallelism\":1}", 409, "run-exists"),
                bad("createUnit", "{\"runId\":\"$RUN\",\"unitId\":\"u1\",\"status\":\"running\"}", 409, "unit-exists"),
                bad("updateRunStatus", "{\"id\":\"$RUN\",\"status\":\"failed\"}", 409, "invalid-transition"),
                bad("updateRunStatus", "{\"id\":\"$RUN\",\"status\":\"pending\",\"expectedStatus\":\"running\"}", 409, "invalid-transition"),
                bad("updateUnit", "{\"id\":\"$RUN_u1\",\"status\":\"running\"}", 409, "invalid-transition"),
                bad("updateUnit", "{\"id\":\"$RUN_u1\",\"status\":\"pending\",\"expectedStatus\":\"pending\"}", 409, "invalid-transition"),
                arguments("appendEvent", JSON, "{\"runId\":\"$RUN\",\"eventType\":\"e\",\"payload\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}", 413, "payload-too-large"),
                arguments("createRun", "text/plain", "{" + NEW_RUN + ",\"parallelism\":1}", 415, "unsupported-media-type"),
                // the detail names the field in the contract's words, never a Java type or a parser token
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1e400}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"$RUN\",\"limit\":1e400}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"parallelism\":2}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"config\":{\"a\":1,\"a\":2}}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"e\",\"payload\":[{\"k\":1,\"k\":1}]}", 400, "validation-failed"),
                bad("appendEvents", "{\"runId\":\"$RUN\",\"events\":5}", 400, "validation-failed"),
                bad("appendEvents", "{\"runId\":\"$RUN\",\"events\":[5]}", 400, "validation-failed"),
                bad("appendEvents", "{\"runId\":\"$RUN\",\"events\":{\"eventType\":\"e\"}}", 400, "validation-failed"),
                bad("createUnits", "{\"runId\":\"$RUN\",\"units\":\"u2\"}", 400, "validation-failed"),
                // strings must be Unicode: a lone surrogate was answered as sent and stored as '?'
                bad("createRun", "{" + NEW_RUN.replace("$NEW", "$NEW/\\ud800") + ",\"parallelism\":1}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"e\",\"payload\":{\"k\":\"\\udc00x\"}}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"e\",\"payload\":{\"\\ud83d\":1}}", 400, "validation-failed"),
                // numbers must have an exact decimal value, which every answer carries: none beyond a decimal's exponent
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"e\",\"payload\":{\"k\":9e99999999999}}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"e\",\"payload\":[-1.5E-2147483649]}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"e\",\"payload\":100e2147483647}", 400, "validation-failed"),
                // an escape cut off by the body's end: malformed, not a failure of the surrogate check that reads it
                bad("getRun", "{\"id\":\"\\uD", 400, "malformed-json"),
                // no Content-Type at all (a cross-site fetch with a Blob body sends none): refused, not read as JSON
                arguments("createRun", null, "{" + NEW_RUN + ",\"parallelism\":1}", 415, "unsupported-media-type"),
                arguments("appendEvent", null, "{\"runId\":\"$RUN\",\"eventType\":\"e\"}", 415, "unsupported-media-type"),
                arguments("appendEvent", "application/x-www-form-urlencoded", "runId=$RUN&eventType=e", 415, "unsupported-media-type"),
                arguments("appendEvent", "text/plain", "[" + "x".repeat(2 * 1024 * 1024), 415, "unsupported-media-type"),
                bad("CreateRun", "{}", 404, "function-not-found"),
                bad("truncate", "{}", 404, "function-not-found"));
    }

    /** What a field's detail says of the value sent, in the contract's words (and the field's name). */
    static Stream<Arguments> details() {
        String run = "{" + NEW_RUN + ",\"parallelism\":";
        return Stream.of(
                arguments(run + "1e400}", "'parallelism' must be an integer in range, not a number of that size."),
                arguments(run + "1.5}", "'parallelism' must be an integer, not 1.5."),
                arguments(run + "true}", "'parallelism' must be an integer, not true."),
                arguments(run + "false}", "'parallelism' must be an integer, not false."),
                arguments(run + "\"2\"}", "'parallelism' must be an integer, not a string."),
                arguments(run + "-2147483649}", "'parallelism' must be an integer in 32-bit range, not -2147483649."),
                arguments(run + "1,\"config\":{\"big\":1e+99999999999}}",
                        "'big' has an exponent beyond ±2147483647: it could not be answered exactly."));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("details")
    void aDetailSaysWhatWasSentInTheContractsWords(String template, String detail, Scope scope) {
        byte[] body = template.replace("$NEW", scope.branch("new")).getBytes(StandardCharsets.UTF_8);
        Answer answer = scope.client().send("POST", "/createRun", JSON, body);
        assertProblem(answer, 400, "validation-failed");
        assertEquals(detail, answer.json().get("detail").asText(), answer.raw());
    }

    static Arguments bad(String function, String body, int status, String code) {
        return arguments(function, JSON, body, status, code);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {3} {4}")
    @MethodSource("rejected")
    void aRejectedRequestChangesNothing(String function, String contentType, Object template, int status, String code,
                                        Scope scope, Deployment deployment) {
        RunLedgerClient client = scope.client();
        Run fixture = scope.createRun("fixture", Map.of("status", "completed"));
        client.createUnit(fixture.id(), "u1", "failed", null, null);
        client.appendEvent(fixture.id(), "e", null, Json.parse("{\"k\":1}"));
        // A template is text with placeholders, or bytes sent as they are (such as invalid UTF-8).
        byte[] body = template instanceof byte[] bytes ? bytes : ((String) template).replace("$RUN", fixture.id())
                .replace("$BRANCH", fixture.featureBranch()).replace("$NEW", scope.branch("new")).getBytes(StandardCharsets.UTF_8);
        ScopeState before = ScopeState.of(scope);
        Optional<DatabaseRows> rowsBefore = DatabaseRows.of(deployment);
        Answer answer = client.send("POST", "/" + function, contentType, body);
        assertProblem(answer, status, code);
        if (template instanceof String text && text.contains("\"events\":5")) {
            assertEquals("'events' must be an array.", answer.json().get("detail").asText(), "the field is named");
        }
        if (template instanceof String text && text.contains("\"events\":[5]")) {
            assertEquals("'events[0]' must be an object.", answer.json().get("detail").asText(), "the item is named");
        }
        if (template instanceof String text && text.contains("/\\ud800")) {
            assertTrue(answer.json().get("detail").asText().startsWith("'featureBranch' is not valid Unicode"),
                    "the field is named: " + answer.raw());
        }
        assertEquals(before, ScopeState.of(scope), "the rejected request changed nothing the API shows");
        assertEquals(rowsBefore, DatabaseRows.of(deployment), "the rejected request changed no row of the database");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongMethods")
    void onlyPostIsAllowed(String method, String path, Scope scope, Deployment deployment) {
        Optional<DatabaseRows> rowsBefore = DatabaseRows.of(deployment);
        assertProblem(scope.client().send(method, path, null, null), 405, "method-not-allowed");
        assertEquals(rowsBefore, DatabaseRows.of(deployment));
    }

    static Stream<Arguments> wrongMethods() {
        return Stream.of(arguments("GET", "/getRun"), arguments("PUT", "/createRun"),
                arguments("DELETE", "/deleteRun"), arguments("PATCH", "/updateUnit"));
    }

    static void assertProblem(Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.raw().length() > 500 ? answer.raw().substring(0, 500) : answer.raw());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
        JsonNode json = answer.json();
        assertEquals(Set.of("type", "title", "status", "detail", "code"), RunContractTest.keys(json));
        assertEquals(code, answer.code());
        assertEquals(status, json.get("status").asInt());
        for (String field : Set.of("type", "title", "detail")) {
            assertTrue(json.get(field).isTextual() && !json.get(field).asText().isBlank(), field);
        }
        assertFalse(answer.raw().contains("Exception") || answer.raw().contains("\tat "), "no internals: " + answer.raw());
        assertFalse(INTERNALS.matcher(json.get("detail").asText()).find(), "no Java type, class or parser token: " + answer.raw());
    }
}
