package dev.runledger.functions;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every error code of CONTRACT.md, over real HTTP: the status, the code, the problem+json shape, and a
 * database that is byte-for-byte what it was before the request.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RejectedRequestsTest extends ServerTest {

    static final String JSON = "application/json";
    static final String RUN = "rejected-fixture";
    static final String BRANCH = "\"featureBranch\":\"feature/rejected\",\"repoPath\":\"/repo\"";
    static final String NEW_RUN = "\"featureBranch\":\"feature/other\",\"repoPath\":\"/repo\",\"targetBranch\":\"main\",\"tasksDir\":\"t\"";
    static final String OVERSIZED = "{\"runId\":\"" + RUN + "\",\"eventType\":\"big\",\"payload\":\"" + "x".repeat(1024 * 1024) + "\"}";

    @BeforeAll
    void world() {
        Http http = http();
        http.ok("createRun", "{\"id\":\"" + RUN + "\"," + BRANCH + ",\"targetBranch\":\"main\",\"tasksDir\":\"t\",\"parallelism\":1,\"status\":\"completed\"}");
        http.ok("createUnit", "{\"runId\":\"" + RUN + "\",\"unitId\":\"u1\",\"status\":\"failed\"}");
        http.ok("appendEvent", "{\"runId\":\"" + RUN + "\",\"eventType\":\"e\",\"payload\":{\"k\":1}}");
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                // validation-failed: missing, empty, wrong type, unknown field, unknown status, out of range
                bad("createRun", "{" + NEW_RUN + "}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":0}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":-3}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":\"2\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1.5}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":true}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"featureBranch\":\"\"}", 400, "validation-failed"),
                bad("createRun", "{\"featureBranch\":7,\"repoPath\":\"/r\",\"targetBranch\":\"m\",\"tasksDir\":\"t\",\"parallelism\":1}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"colour\":\"blue\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"status\":\"done\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"status\":\"Running\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"id\":\"has_underscore\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"id\":\"" + "a".repeat(65) + "\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"id\":\"\"}", 400, "validation-failed"),
                bad("createRun", "{" + NEW_RUN + ",\"parallelism\":1,\"daemonVersion\":[1]}", 400, "validation-failed"),
                bad("getRun", "{}", 400, "validation-failed"),
                bad("getRun", "{\"id\":5}", 400, "validation-failed"),
                bad("getRun", "{\"id\":null}", 400, "validation-failed"),
                bad("getRunByBranch", "{\"featureBranch\":\"feature/rejected\"}", 400, "validation-failed"),
                bad("updateRunStatus", "{\"id\":\"" + RUN + "\"}", 400, "validation-failed"),
                bad("updateRunStatus", "{\"id\":\"" + RUN + "\",\"status\":\"paused\"}", 400, "validation-failed"),
                bad("updateRunStatus", "{\"id\":\"" + RUN + "\",\"status\":\"pending\",\"expectedStatus\":\"x\"}", 400, "validation-failed"),
                bad("updateRunStatus", "{\"id\":\"" + RUN + "\",\"status\":\"pending\",\"error\":{}}", 400, "validation-failed"),
                bad("listRunsByStatus", "{}", 400, "validation-failed"),
                bad("listRunsByStatus", "{\"status\":\"RUNNING\"}", 400, "validation-failed"),
                bad("listIncompleteRuns", "{\"status\":\"pending\"}", 400, "validation-failed"),
                bad("deleteRun", "{\"id\":\"\"}", 400, "validation-failed"),
                bad("createUnit", "{\"runId\":\"" + RUN + "\"}", 400, "validation-failed"),
                bad("createUnit", "{\"runId\":\"" + RUN + "\",\"unitId\":\"" + "u".repeat(201) + "\"}", 400, "validation-failed"),
                bad("createUnit", "{\"runId\":\"" + RUN + "\",\"unitId\":\"u9\",\"status\":\"cancelled\"}", 400, "validation-failed"),
                bad("createUnit", "{\"runId\":\"no-such-run\",\"unitId\":\"u9\",\"status\":\"weird\"}", 400, "validation-failed"),
                bad("getUnit", "{}", 400, "validation-failed"),
                bad("getUnit", "{\"id\":\"" + RUN + "_u1\",\"runId\":\"" + RUN + "\",\"unitId\":\"u1\"}", 400, "validation-failed"),
                bad("getUnit", "{\"runId\":\"" + RUN + "\"}", 400, "validation-failed"),
                bad("updateUnit", "{\"status\":\"pending\"}", 400, "validation-failed"),
                bad("updateUnit", "{\"id\":\"" + RUN + "_u1\",\"status\":\"cancelled\"}", 400, "validation-failed"),
                bad("updateUnit", "{\"id\":\"" + RUN + "_u1\",\"branch\":false}", 400, "validation-failed"),
                bad("listUnits", "{}", 400, "validation-failed"),
                bad("listUnits", "{\"runId\":\"" + RUN + "\",\"status\":\"cancelled\"}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"" + RUN + "\"}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"" + RUN + "\",\"eventType\":\"\"}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"" + RUN + "\",\"eventType\":\"e\",\"sequence\":9}", 400, "validation-failed"),
                bad("appendEvent", "{\"runId\":\"no-such-run\",\"eventType\":1}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"" + RUN + "\",\"limit\":0}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"" + RUN + "\",\"limit\":10001}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"" + RUN + "\",\"afterSequence\":-1}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"" + RUN + "\",\"afterSequence\":1.5}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"" + RUN + "\",\"limit\":\"10\"}", 400, "validation-failed"),
                bad("listEvents", "{\"runId\":\"no-such-run\",\"limit\":0}", 400, "validation-failed"),
                // malformed-json: not JSON, or not an object
                bad("createRun", "{\"featureBranch\":", 400, "malformed-json"),
                bad("createRun", "[{\"featureBranch\":\"x\"}]", 400, "malformed-json"),
                bad("createRun", "\"createRun\"", 400, "malformed-json"),
                bad("createRun", "null", 400, "malformed-json"),
                bad("createRun", "123", 400, "malformed-json"),
                bad("createRun", "", 400, "malformed-json"),
                bad("appendEvent", "{\"runId\":\"" + RUN + "\",\"eventType\":\"e\"} trailing", 400, "malformed-json"),
                bad("getRun", "{'id':'x'}", 400, "malformed-json"),
                arguments("appendEvent", JSON, "{\"runId\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1), 400, "malformed-json"),
                // run-not-found
                bad("getRun", "{\"id\":\"no-such-run\"}", 404, "run-not-found"),
                bad("getRunByBranch", "{\"featureBranch\":\"feature/Rejected\",\"repoPath\":\"/repo\"}", 404, "run-not-found"),
                bad("updateRunStatus", "{\"id\":\"no-such-run\",\"status\":\"running\"}", 404, "run-not-found"),
                bad("deleteRun", "{\"id\":\"no-such-run\"}", 404, "run-not-found"),
                bad("createUnit", "{\"runId\":\"no-such-run\",\"unitId\":\"u1\"}", 404, "run-not-found"),
                bad("listUnits", "{\"runId\":\"no-such-run\"}", 404, "run-not-found"),
                bad("appendEvent", "{\"runId\":\"no-such-run\",\"eventType\":\"e\"}", 404, "run-not-found"),
                bad("listEvents", "{\"runId\":\"no-such-run\"}", 404, "run-not-found"),
                // unit-not-found
                bad("getUnit", "{\"id\":\"" + RUN + "_u2\"}", 404, "unit-not-found"),
                bad("getUnit", "{\"runId\":\"" + RUN + "\",\"unitId\":\"U1\"}", 404, "unit-not-found"),
                bad("updateUnit", "{\"runId\":\"" + RUN + "\",\"unitId\":\"u2\",\"branch\":\"b\"}", 404, "unit-not-found"),
                // run-exists, unit-exists
                bad("createRun", "{" + BRANCH + ",\"targetBranch\":\"main\",\"tasksDir\":\"t\",\"parallelism\":1}", 409, "run-exists"),
                bad("createRun", "{\"id\":\"" + RUN + "\"," + NEW_RUN + ",\"parallelism\":1}", 409, "run-exists"),
                bad("createUnit", "{\"runId\":\"" + RUN + "\",\"unitId\":\"u1\"}", 409, "unit-exists"),
                // invalid-transition
                bad("updateRunStatus", "{\"id\":\"" + RUN + "\",\"status\":\"running\"}", 409, "invalid-transition"),
                bad("updateRunStatus", "{\"id\":\"" + RUN + "\",\"status\":\"pending\",\"expectedStatus\":\"failed\"}", 409, "invalid-transition"),
                bad("updateUnit", "{\"id\":\"" + RUN + "_u1\",\"status\":\"completed\"}", 409, "invalid-transition"),
                bad("updateUnit", "{\"id\":\"" + RUN + "_u1\",\"branch\":\"b\",\"expectedStatus\":\"running\"}", 409, "invalid-transition"),
                // payload-too-large, before JSON syntax
                arguments("appendEvent", JSON, OVERSIZED.getBytes(StandardCharsets.UTF_8), 413, "payload-too-large"),
                arguments("appendEvent", JSON, ("[" + OVERSIZED).getBytes(StandardCharsets.UTF_8), 413, "payload-too-large"),
                // unsupported-media-type, before size and syntax
                arguments("createRun", "text/plain", "{}".getBytes(StandardCharsets.UTF_8), 415, "unsupported-media-type"),
                arguments("createRun", "application/xml", "<run/>".getBytes(StandardCharsets.UTF_8), 415, "unsupported-media-type"),
                arguments("appendEvent", "application/x-www-form-urlencoded", "runId=x".getBytes(StandardCharsets.UTF_8), 415, "unsupported-media-type"),
                arguments("appendEvent", "text/plain", ("[" + OVERSIZED).getBytes(StandardCharsets.UTF_8), 415, "unsupported-media-type"),
                // function-not-found
                bad("createrun", "{}", 404, "function-not-found"),
                bad("dropDatabase", "{}", 404, "function-not-found"));
    }

    static Arguments bad(String function, String body, int status, String code) {
        return arguments(function, JSON, body.getBytes(StandardCharsets.UTF_8), status, code);
    }

    @ParameterizedTest(name = "[{index}] {0} {3} {4}")
    @MethodSource("rejected")
    void aRejectedRequestChangesNothing(String function, String contentType, byte[] body, int status, String code) {
        DatabaseSnapshot before = snapshot();
        Http.Answer answer = http().post(function, contentType, body);
        assertProblem(answer, status, code);
        assertEquals(before, snapshot(), "the database is unchanged");
    }

    static Stream<Arguments> wrongMethods() {
        return Stream.of(arguments("GET", "/createRun"), arguments("PUT", "/appendEvent"),
                arguments("DELETE", "/deleteRun"), arguments("PATCH", "/updateUnit"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongMethods")
    void aMethodOtherThanPostIsNotAllowed(String method, String path) {
        DatabaseSnapshot before = snapshot();
        assertProblem(http().method(method, path), 405, "method-not-allowed");
        assertEquals(before, snapshot());
    }

    static void assertProblem(Http.Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.raw());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
        assertEquals(Set.of("type", "title", "status", "detail", "code"), FunctionsTest.keys(answer.json()));
        assertEquals(code, answer.code());
        assertEquals(status, answer.json().get("status").getIntValue());
        assertTrue(answer.text("type").endsWith(code));
        assertFalse(answer.text("title").isBlank());
        assertFalse(answer.text("detail").isBlank());
        assertFalse(answer.raw().contains("Exception") || answer.raw().contains("\tat "), "no internals: " + answer.raw());
    }
}
