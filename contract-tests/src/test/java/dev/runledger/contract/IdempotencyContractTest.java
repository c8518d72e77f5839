package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;
import dev.runledger.contract.target.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Idempotency keys (docs/CONTRACT.md, v2 §2), black-box: every function that writes replays its first answer for a
 * retried key, byte for byte, and changes nothing the second time; a different body is refused; failures store
 * nothing; keys are scoped by function; concurrent duplicates take effect once.
 */
@ExtendWith(RunLedgerExtension.class)
class IdempotencyContractTest {

    /** A write function and how to make a valid first request to it in a scope (creating what it needs). */
    record Write(String function, BiFunction<Scope, String, ObjectNode> firstBody) {
        @Override
        public String toString() {
            return function;
        }
    }

    static Stream<Write> writes() {
        return Stream.of(
                new Write("createRun", (scope, runId) -> newRun(scope, runId)),
                new Write("updateRunStatus", (scope, runId) -> body("id", runId, "status", "running")),
                new Write("deleteRun", (scope, runId) -> body("id", runId)),
                new Write("createUnit", (scope, runId) -> body("runId", runId, "unitId", "fresh")),
                new Write("createUnits", (scope, runId) -> body("runId", runId,
                        "units", List.of(Map.of("unitId", "x"), Map.of("unitId", "y", "dependsOn", List.of("x"))))),
                new Write("updateUnit", (scope, runId) -> body("id", runId + "_u1", "status", "running", "branch", "b")),
                new Write("claimUnit", (scope, runId) -> body("runId", runId, "owner", "worker-1")),
                new Write("heartbeatUnit", (scope, runId) -> {
                    Unit claimed = scope.client().claimUnit(runId, "worker-1", null, null);
                    return body("id", claimed.id(), "attempt", claimed.attempt(), "leaseMs", 30_000);
                }),
                new Write("appendEvent", (scope, runId) -> body("runId", runId, "eventType", "note",
                        "payload", Json.parse("{\"b\":[1,2.50,{\"c\":null}],\"a\":\"x\"}"))),
                new Write("appendEvents", (scope, runId) -> body("runId", runId, "events", List.of(
                        Map.of("eventType", "one"), Map.of("eventType", "two", "unitId", "u1", "payload", Map.of("n", 1))))));
    }

    /** A run of the scope with a pending unit u1 and one event: what every write function can act on. */
    static String fixture(Scope scope, String name) {
        String runId = scope.createRun(name).id();
        scope.client().createUnit(runId, "u1", null, null, null);
        scope.client().appendEvent(runId, "fixture", null, null);
        return runId;
    }

    static ObjectNode newRun(Scope scope, String runId) {
        String id = "k" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        scope.track(id);
        return body("id", id, "featureBranch", scope.branch("keyed-" + id), "repoPath", "/repo", "targetBranch", "main",
                "tasksDir", "t", "parallelism", 1, "config", Json.parse("{\"z\":1,\"a\":[true,null]}"));
    }

    /** The same JSON value written differently: members in reverse order, spaces around everything. */
    static String respelled(JsonNode value) {
        if (value.isObject()) {
            List<String> members = new ArrayList<>();
            value.fields().forEachRemaining(member -> members.add(0,
                    " " + RunLedgerClient.json().valueToTree(member.getKey()) + " : " + respelled(member.getValue())));
            return "{" + String.join(",", members) + " }";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(" " + respelled(item)));
            return "[" + String.join(",", items) + " ]";
        }
        return value.toString();
    }

    static String key() {
        return "key-" + UUID.randomUUID();
    }

    static Answer keyed(RunLedgerClient client, String key, String function, String body) {
        return client.withIdempotencyKey(key).send("POST", "/" + function, "application/json",
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** What the API shows of a run (its record, units and events), and every row where the suite can read them. */
    static List<Object> state(Deployment deployment, RunLedgerClient client, String runId) {
        List<Object> state = new ArrayList<>();
        state.add(client.call("getRun", body("id", runId)).raw());
        state.add(client.call("listUnits", body("runId", runId)).raw());
        state.add(client.call("listEvents", body("runId", runId)).raw());
        state.add(DatabaseRows.of(deployment));
        return state;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void aRetryWithTheSameKeyReplaysTheFirstAnswerAndChangesNothing(Write write, Scope scope, Deployment deployment) {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "replay-" + write.function());
        ObjectNode first = write.firstBody().apply(scope, runId);
        String stateRun = write.function().equals("createRun") ? first.get("id").asText() : runId;
        String key = key();

        Answer answered = keyed(client, key, write.function(), first.toString());
        assertEquals(200, answered.status(), answered.raw());
        assertFalse(answered.replayed(), "a first request is not a replay");
        List<Object> after = state(deployment, client, stateRun);

        Answer again = keyed(client, key, write.function(), first.toString());
        Answer respelled = keyed(client, key, write.function(), respelled(first));
        for (Answer replay : List.of(again, respelled)) {
            assertEquals(200, replay.status(), replay.raw());
            assertTrue(replay.replayed(), "Idempotent-Replayed: true");
            assertEquals(answered.raw(), replay.raw(), "the stored answer, byte for byte");
            assertTrue(replay.contentType().startsWith("application/json"), replay.contentType());
        }
        assertEquals(after, state(deployment, client, stateRun), "a replay changes nothing");

        Answer unkeyed = client.call(write.function(), first);
        assertFalse(unkeyed.replayed(), "without the key, the same body is a new request: " + unkeyed.raw());
    }

    @Test
    void aReplayAnswersEvenAfterTheRunIsDeleted(Scope scope) {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "replay-after-delete");
        String key = key();
        String append = body("runId", runId, "eventType", "late").toString();
        Answer first = keyed(client, key, "appendEvent", append);
        client.deleteRun(runId);
        Answer replay = keyed(client, key, "appendEvent", append);
        assertEquals(200, replay.status(), "the key is checked before existence: " + replay.raw());
        assertEquals(first.raw(), replay.raw());
        assertEquals("run-not-found", client.call("getRun", body("id", runId)).code());
    }

    @Test
    void aDifferentBodyWithAUsedKeyIsRefusedAndChangesNothing(Scope scope, Deployment deployment) {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "reused");
        String key = key();
        assertEquals(200, keyed(client, key, "appendEvent", body("runId", runId, "eventType", "a").toString()).status());
        List<Object> before = state(deployment, client, runId);

        Answer reused = keyed(client, key, "appendEvent", body("runId", runId, "eventType", "b").toString());
        assertEquals(422, reused.status(), reused.raw());
        assertEquals("idempotency-key-reused", reused.code());
        assertTrue(reused.contentType().startsWith("application/problem+json"));
        Answer otherRun = keyed(client, key, "appendEvent", body("runId", "no-such-run", "eventType", "a").toString());
        assertEquals("idempotency-key-reused", otherRun.code(), "the key before existence: " + otherRun.raw());
        Answer badField = keyed(client, key, "appendEvent", body("runId", runId, "eventType", "").toString());
        assertEquals("validation-failed", badField.code(), "fields before the key: " + badField.raw());
        // Field rules the function or the store checks while the call runs (not the request's binding): still
        // before the key.
        Answer storeRule = keyed(client, key, "appendEvent",
                body("runId", runId, "eventType", "a", "attempt", 1).toString());
        assertEquals("validation-failed", storeRule.code(), "an attempt without a unitId, before the key: " + storeRule.raw());
        assertEquals(before, state(deployment, client, runId));

        String unitKey = key();
        String unitId = runId + "_u1";
        assertEquals(200, keyed(client, unitKey, "updateUnit", body("id", unitId, "branch", "b").toString()).status());
        List<Object> updated = state(deployment, client, runId);
        Answer functionRule = keyed(client, unitKey, "updateUnit",
                body("id", unitId, "runId", runId, "unitId", "u1", "branch", "b").toString());
        assertEquals("validation-failed", functionRule.code(), "both ways of naming a unit, before the key: "
                + functionRule.raw());
        Answer otherChange = keyed(client, unitKey, "updateUnit", body("id", unitId, "branch", "c").toString());
        assertEquals("idempotency-key-reused", otherChange.code(), otherChange.raw());
        assertEquals(updated, state(deployment, client, runId));
    }

    /**
     * Bodies that differ only in where a nested object or array ends or begins, in a boolean, a null item, a member's
     * name or a number are different requests: the second under the first's key is {@code idempotency-key-reused}, not the first's replay.
     */
    @Test
    void bodiesThatDifferOnlyInTheirShapeAreDifferentRequests(Scope scope) {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "shapes");
        String[][] pairs = {
                {"{\"a\":{\"x\":1},\"z\":2}", "{\"a\":{\"x\":1,\"z\":2}}"},
                {"{\"p\":[[1,2]]}", "{\"p\":[1,[2]]}"},
                {"{\"p\":[[1],2]}", "{\"p\":[[1,2]]}"},
                {"{\"p\":true}", "{\"p\":false}"},
                {"{\"p\":[null]}", "{\"p\":[]}"},
                {"{\"p\":1}", "{\"q\":1}"},
                {"{\"p\":1}", "{\"p\":2}"},
                // at the edge of the exponents answers carry
                {"{\"p\":1e2147483647}", "{\"p\":2e2147483647}"},
        };
        for (String[] pair : pairs) {
            String key = key();
            Answer first = keyed(client, key, "appendEvent", withPayload(runId, pair[0]));
            assertEquals(200, first.status(), first.raw());
            Answer second = keyed(client, key, "appendEvent", withPayload(runId, pair[1]));
            assertEquals("idempotency-key-reused", second.code(), pair[0] + " then " + pair[1] + ": " + second.raw());
            Answer again = keyed(client, key, "appendEvent", withPayload(runId, pair[0]));
            assertEquals(first.raw(), again.raw(), pair[0] + " again is the first's replay");
        }
    }

    private static String withPayload(String runId, String payload) {
        return "{\"runId\":\"" + runId + "\",\"eventType\":\"shape\",\"payload\":" + payload + "}";
    }

    @Test
    void aFailedRequestStoresNothingSoItsKeyRunsAgainLater(Scope scope, Deployment deployment) {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "failed-first");
        String key = key();
        String finish = body("id", runId, "status", "completed", "expectedStatus", "running").toString();
        Answer refused = keyed(client, key, "updateRunStatus", finish);
        assertEquals(409, refused.status(), refused.raw());
        assertEquals("invalid-transition", refused.code());
        assertEquals(refused.raw(), keyed(client, key, "updateRunStatus", finish).raw(), "still refused, not replayed");

        client.updateRunStatus(runId, "running", null, null);
        Answer succeeded = keyed(client, key, "updateRunStatus", finish);
        assertEquals(200, succeeded.status(), succeeded.raw());
        assertFalse(succeeded.replayed(), "the key's first success");
        assertEquals("completed", client.getRun(runId).status());
        assertTrue(keyed(client, key, "updateRunStatus", finish).replayed());
    }

    /** A keyed append that is refused answers its refusal, not an error of the key's bookkeeping, and stores no key. */
    @Test
    void aRefusedKeyedAppendAnswersItsRefusalEachTime(Scope scope) {
        RunLedgerClient client = scope.client();
        String key = key();
        String append = body("runId", "no-such-run-" + key, "eventType", "x").toString();
        Answer refused = keyed(client, key, "appendEvent", append);
        assertEquals(404, refused.status(), refused.raw());
        assertEquals("run-not-found", refused.code());
        assertEquals(refused.raw(), keyed(client, key, "appendEvent", append).raw(), "still refused, not replayed");
        String fenced = body("runId", "no-such-run-" + key, "eventType", "x", "unitId", "a", "attempt", 1).toString();
        Answer missingRun = keyed(client, key(), "appendEvent", fenced);
        assertEquals("run-not-found", missingRun.code(), "a fenced append to a missing run: " + missingRun.raw());
    }

    @Test
    void keysAreScopedByFunction(Scope scope) {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "scoped");
        String key = key();
        Answer unit = keyed(client, key, "createUnit", body("runId", runId, "unitId", "u2").toString());
        Answer event = keyed(client, key, "appendEvent", body("runId", runId, "eventType", "e").toString());
        assertEquals(200, unit.status(), unit.raw());
        assertEquals(200, event.status(), event.raw());
        assertFalse(unit.replayed() || event.replayed());
        assertEquals(2, client.listUnits(runId, null).size());
        assertEquals(2, client.allEvents(runId, 100).size());
    }

    @Test
    void readsIgnoreTheHeader(Scope scope) {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "reads");
        String key = key();
        Answer read = keyed(client, key, "getRun", body("id", runId).toString());
        client.appendEvent(runId, "between", null, null);
        Answer events = keyed(client, key, "listEvents", body("runId", runId).toString());
        assertEquals(200, read.status());
        assertFalse(read.replayed() || events.replayed());
        assertEquals(2, events.json().get("events").size(), "read anew, not replayed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Idempotency-Key: ", "Idempotency-Key: has space", "Idempotency-Key: caf\u00e9",
            "Idempotency-Key: tab\there", "Idempotency-Key: a\r\nIdempotency-Key: b"})
    void malformedKeysAreValidationFailedAndChangeNothing(String header, Scope scope, Deployment deployment) {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "malformed");
        List<Object> before = state(deployment, client, runId);
        byte[] append = body("runId", runId, "eventType", "x").toString().getBytes(StandardCharsets.UTF_8);
        RawHttp.Reply reply = RawHttp.post(client.base(), "/appendEvent", List.of(header.split("\r\n")), append);
        assertEquals(400, reply.status(), reply.body());
        assertEquals("validation-failed", Json.parse(reply.body()).get("code").asText());
        assertTrue(reply.body().contains("Idempotency-Key"), "the detail names the header: " + reply.body());
        assertEquals(before, state(deployment, client, runId));
    }

    @Test
    void keysOfOneAndOf255PrintableCharactersAreAccepted(Scope scope, Deployment deployment) {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "key-lengths");
        String unique = UUID.randomUUID().toString();
        StringBuilder longest = new StringBuilder(unique);
        for (int i = 0; longest.length() < 255; i++) {
            longest.append((char) ('!' + i % ('~' - '!' + 1)));
        }
        List<String> keys = new ArrayList<>(List.of(longest.toString()));
        if (deployment.ownsDatabase()) {
            keys.add("!"); // a one-character key is unique only in a database of this run's own
        } else {
            System.out.println("[idempotency] one-character key not tried: " + deployment.name() + " shares its database");
        }
        for (String key : keys) {
            String append = body("runId", runId, "eventType", "k" + key.length()).toString();
            Answer first = keyed(client, key, "appendEvent", append);
            assertEquals(200, first.status(), first.raw());
            assertFalse(first.replayed());
            assertTrue(keyed(client, key, "appendEvent", append).replayed(), key);
        }
        Answer tooLong = keyed(client, longest + "x", "appendEvent", body("runId", runId, "eventType", "x").toString());
        assertEquals("validation-failed", tooLong.code(), tooLong.raw());
        assertEquals(1 + keys.size(), client.allEvents(runId, 100).size());
    }

    @Test
    void sixteenConcurrentIdenticalRequestsTakeEffectOnce(Scope scope) throws Exception {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "concurrent");
        String appendKey = key();
        String append = body("runId", runId, "eventType", "once", "payload", Map.of("n", 1)).toString();
        ObjectNode create = newRun(scope, null);
        String createKey = key();
        List<Answer> appends = concurrently(16, () -> keyed(client, appendKey, "appendEvent", append));
        List<Answer> creates = concurrently(16, () -> keyed(client, createKey, "createRun", create.toString()));
        for (List<Answer> answers : List.of(appends, creates)) {
            assertEquals(1, answers.stream().filter(answer -> !answer.replayed()).count(), "one performed, the rest replayed");
            for (Answer answer : answers) {
                assertEquals(200, answer.status(), answer.raw());
                assertEquals(answers.get(0).raw(), answer.raw());
            }
        }
        assertEquals(1, client.allEvents(runId, 100).stream().filter(e -> e.eventType().equals("once")).count());
        assertEquals(create.get("id").asText(), client.getRun(create.get("id").asText()).id());
    }

    static List<Answer> concurrently(int requests, Callable<Answer> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                futures.add(pool.submit(request));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    // ---- appendEvents

    @Test
    void appendEventsAppendsInOrderWithConsecutiveSequences(Scope scope) {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "batch");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(Map.of("eventType", "e" + i, "unitId", "u" + (i % 2), "payload", Map.of("i", i)));
        }
        var appended = client.appendEvents(runId, items);
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), appended.events().stream().map(Event::sequence).toList());
        assertEquals(6, appended.lastSequence());
        assertEquals(List.of("e0", "e1", "e2", "e3", "e4"), appended.events().stream().map(Event::eventType).toList());
        List<Event> stored = client.allEvents(runId, 100).subList(1, 6);
        assertEquals(appended.events(), stored, "the answer is what was stored");
        assertEquals(7, client.appendEvent(runId, "after", null, null).sequence());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 999})
    void aBadItemWritesNothingAndIsNamed(int bad, Scope scope, Deployment deployment) {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "batch-bad");
        List<Object> before = state(deployment, client, runId);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(i == bad ? Map.of("eventType", "") : Map.of("eventType", "ok"));
        }
        Answer refused = client.withIdempotencyKey(key()).call("appendEvents", body("runId", runId, "events", items));
        assertEquals(400, refused.status(), refused.raw());
        assertEquals("validation-failed", refused.code());
        assertTrue(refused.json().get("detail").asText().contains("events[" + bad + "].eventType"), refused.raw());
        assertEquals(before, state(deployment, client, runId));
    }

    @Test
    void aThousandEventsAreOneBatchAndAThousandAndOneAreRefused(Scope scope, Deployment deployment) {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "batch-size");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            items.add(Map.of("eventType", "t", "payload", i));
        }
        List<Object> before = state(deployment, client, runId);
        Answer tooMany = client.call("appendEvents", body("runId", runId, "events", items));
        assertEquals("validation-failed", tooMany.code(), tooMany.raw());
        Answer none = client.call("appendEvents", body("runId", runId, "events", List.of()));
        assertEquals("validation-failed", none.code(), none.raw());
        assertEquals(before, state(deployment, client, runId));

        String key = key();
        Answer thousand = client.withIdempotencyKey(key).call("appendEvents", body("runId", runId, "events", items.subList(0, 1000)));
        assertEquals(200, thousand.status(), thousand.raw().substring(0, Math.min(300, thousand.raw().length())));
        assertEquals(1001, thousand.json().get("lastSequence").asLong());
        assertEquals(1001, client.allEvents(runId, 1000).size());
        Answer replay = client.withIdempotencyKey(key).call("appendEvents", body("runId", runId, "events", items.subList(0, 1000)));
        assertTrue(replay.replayed());
        assertEquals(thousand.raw(), replay.raw());
        assertEquals(1001, client.allEvents(runId, 1000).size());
    }

    @Test
    void appendEventsIsFencedItemByItem(Scope scope, Deployment deployment) {
        RunLedgerClient client = scope.client();
        String runId = fixture(scope, "batch-fenced");
        Unit claimed = client.claimUnit(runId, "worker-1", null, "u1");
        List<Map<String, Object>> fenced = List.of(
                Map.of("eventType", "progress", "unitId", "u1", "attempt", claimed.attempt()),
                Map.of("eventType", "stale", "unitId", "u1", "attempt", claimed.attempt() + 1));
        List<Object> before = state(deployment, client, runId);
        Answer lost = client.call("appendEvents", body("runId", runId, "events", fenced));
        assertEquals("lease-lost", lost.code(), lost.raw());
        assertTrue(lost.json().get("detail").asText().contains("events[1]"), lost.raw());
        assertEquals(before, state(deployment, client, runId));
        Answer noUnit = client.call("appendEvents", body("runId", runId, "events", List.of(Map.of("eventType", "x", "attempt", 1))));
        assertEquals("validation-failed", noUnit.code());
        assertTrue(noUnit.json().get("detail").asText().contains("events[0].unitId"), noUnit.raw());

        var appended = client.appendEvents(runId, fenced.subList(0, 1));
        assertEquals("progress", appended.events().get(0).eventType());
        Answer missing = client.call("appendEvents", body("runId", "no-such-run", "events", List.of(Map.of("eventType", "x"))));
        assertEquals("run-not-found", missing.code());
    }
}
