package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.Claim;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.UnitAttempt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an attempt did (docs/CONTRACT.md, v3 §5), black-box: recordAttempt, getAttempt, the Attempt, claim context. */
@ExtendWith(RunLedgerExtension.class)
class AttemptContractTest {

    /** A run with unit {@code a} claimed (attempt 1); its composite id. */
    private static String claimedUnit(Scope scope, String name) {
        Run run = scope.createRun(name);
        scope.client().createUnit(run.id(), "a", null, null, null);
        scope.client().claimUnit(run.id(), "w", null, null);
        return run.id() + "_a";
    }

    @Test
    void aPidIsAnyIntegerFromZeroToTheLargestLongAndAClosedAttemptKeepsItsError(Scope scope) {
        RunLedgerClient client = scope.client();
        String unit = claimedUnit(scope, "attempt-pid");
        for (long pid : new long[] {0, Long.MAX_VALUE, 7}) {
            assertEquals(pid, client.recordAttempt(unit, 1, Map.of("agent", Map.of("pid", pid))).agent().get("pid").asLong());
        }
        client.updateUnit(unit, Map.of("status", "failed", "error", "tests failed"));
        UnitAttempt closed = client.getAttempt(unit, 1);
        assertEquals("failed", closed.status());
        assertEquals("tests failed", closed.error(), "the attempt ends with the unit's error");
        assertEquals(7, closed.agent().get("pid").asLong());
    }

    @Test
    void agentAndGitMergeMemberByMemberNullClearsAbsentKeeps(Scope scope) {
        RunLedgerClient client = scope.client();
        String unit = claimedUnit(scope, "attempt-merge");
        UnitAttempt first = client.recordAttempt(unit, 1, Map.of("agent", Map.of("name", "claude", "model", "opus", "pid", 42),
                "git", Map.of("branch", "rl/a", "baseCommit", "abcdef0"), "summary", "first"));
        assertEquals(Json.parse("{\"name\":\"claude\",\"provider\":null,\"model\":\"opus\",\"sessionId\":null,\"pid\":42}"),
                first.agent(), "every member given is stored, the rest null");
        assertEquals("abcdef0", first.git().get("baseCommit").asText());
        assertEquals("first", first.summary());
        Map<String, Object> agent = new HashMap<>();
        agent.put("model", "sonnet");
        agent.put("pid", null);
        agent.put("sessionId", "s-1");
        UnitAttempt merged = client.recordAttempt(unit, 1, Map.of("agent", agent, "exitCode", 3));
        assertEquals(Json.parse("{\"name\":\"claude\",\"provider\":null,\"model\":\"sonnet\",\"sessionId\":\"s-1\",\"pid\":null}"),
                merged.agent(), "given members replaced, null cleared, absent kept");
        assertEquals("rl/a", merged.git().get("branch").asText(), "git absent: kept");
        assertEquals("first", merged.summary(), "summary absent: kept");
        assertEquals(3, merged.exitCode());
        Map<String, Object> clear = new HashMap<>();
        clear.put("git", null);
        clear.put("summary", null);
        UnitAttempt cleared = client.recordAttempt(unit, 1, clear);
        assertTrue(cleared.git().isNull(), "a null object clears every member");
        assertNull(cleared.summary());
        assertEquals("claude", cleared.agent().get("name").asText());
        assertEquals(List.of(cleared), client.listUnitAttempts(unit), "listUnitAttempts answers the same Attempt");
    }

    @Test
    void thePromptIsAnsweredByGetAttemptOnlyAndTheResultAsSent(Scope scope) {
        RunLedgerClient client = scope.client();
        String unit = claimedUnit(scope, "attempt-prompt");
        String prompt = "é".repeat(256 * 1024); // 512 KiB of UTF-8 exactly: the limit
        JsonNode result = Json.parse("{\"big\":123456789012345678901234567890,\"list\":[1,\"two\",null]}");
        UnitAttempt recorded = client.recordAttempt(unit, 1, Map.of("prompt", prompt, "result", result));
        assertTrue(recorded.hasPrompt());
        assertNull(recorded.prompt(), "recordAttempt does not answer the prompt");
        Json.assertSameValue(result, recorded.result());
        Answer listed = client.call("listUnitAttempts", body("id", unit));
        assertFalse(listed.json().get("attempts").get(0).has("prompt"), "listUnitAttempts never answers a prompt");
        UnitAttempt got = client.getAttempt(unit, 1);
        assertEquals(prompt, got.prompt());
        Json.assertSameValue(result, got.result());
        Answer missing = client.call("getAttempt", body("id", unit, "attempt", 2));
        assertEquals(404, missing.status(), missing.raw());
        assertEquals("attempt-not-found", missing.code());
        assertEquals("unit-not-found", client.call("getAttempt", body("id", unit + "x", "attempt", 1)).code());
    }

    @Test
    void limitsAndSpellingsAreCheckedAndARefusalChangesNothing(Scope scope) {
        RunLedgerClient client = scope.client();
        String unit = claimedUnit(scope, "attempt-limits");
        UnitAttempt before = client.recordAttempt(unit, 1, Map.of("summary", "kept"));
        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of("prompt", "x".repeat(512 * 1024 + 1)),
                Map.<String, Object>of("summary", "x".repeat(64 * 1024 + 1)),
                Map.<String, Object>of("result", "x".repeat(256 * 1024)),
                Map.<String, Object>of("git", Map.of("headAfter", "abcdef")),
                Map.<String, Object>of("git", Map.of("headAfter", "a".repeat(65))),
                Map.<String, Object>of("git", Map.of("headAfter", "ABCDEF0")),
                Map.<String, Object>of("git", Map.of("baseCommit", "abcdefg")),
                Map.<String, Object>of("git", Map.of("branch", "")),
                Map.<String, Object>of("git", Map.of("branch", "b".repeat(256))),
                Map.<String, Object>of("agent", Map.of("name", "n".repeat(201))),
                Map.<String, Object>of("agent", Map.of("pid", -1)),
                Map.<String, Object>of("agent", Map.of("pid", java.math.BigInteger.ONE.shiftLeft(63))),
                Map.<String, Object>of("agent", Map.of("pid", "42")),
                Map.<String, Object>of("agent", Map.of("bogus", "x")),
                Map.<String, Object>of("agent", "claude"),
                Map.<String, Object>of("exitCode", 1L << 31),
                Map.<String, Object>of())) {
            ObjectNodeBody request = new ObjectNodeBody(unit, bad);
            Answer answer = client.call("recordAttempt", request.json());
            assertEquals(400, answer.status(), bad + " -> " + answer.raw());
            assertEquals("validation-failed", answer.code(), bad + " -> " + answer.raw());
        }
        for (String commit : List.of("abcdef0", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")) {
            assertEquals(commit, client.recordAttempt(unit, 1, Map.of("git", Map.of("headAfter", commit))).git().get("headAfter").asText());
        }
        assertEquals(before.summary(), client.getAttempt(unit, 1).summary(), "nothing refused was stored");
    }

    @Test
    void onlyTheCurrentAttemptIsRecordedAZombieChangesNothing(Scope scope) throws Exception {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("attempt-fencing");
        client.createUnit(run.id(), "a", null, null, null);
        String unit = run.id() + "_a";
        ProblemException never = assertThrows(ProblemException.class, () -> client.recordAttempt(unit, 1, Map.of("summary", "s")));
        assertEquals("lease-lost", never.code(), "a unit that never started has nothing to record");
        client.claimUnit(run.id(), "zombie", 1000L, null);
        client.recordAttempt(unit, 1, Map.of("summary", "zombie's"));
        Thread.sleep(1_200);
        assertEquals(2, client.claimUnit(run.id(), "fresh", 60_000L, null).attempt(), "the lease expired: taken over");
        ProblemException zombie = assertThrows(ProblemException.class, () -> client.recordAttempt(unit, 1, Map.of("summary", "late")));
        assertEquals("lease-lost", zombie.code());
        assertEquals("zombie's", client.getAttempt(unit, 1).summary(), "the zombie changed nothing");
        client.updateUnit(unit, Map.of("status", "completed", "attempt", 2));
        assertEquals("done", client.recordAttempt(unit, 2, Map.of("summary", "done")).summary(),
                "a completed unit's last attempt can still get its summary");
    }

    @Test
    void aClaimCarriesWhatItsDependenciesProducedOrderedByUnitId(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("attempt-context");
        client.createUnits(run.id(), List.of(Map.of("unitId", "b"), Map.of("unitId", "a"),
                Map.of("unitId", "z", "dependsOn", List.of("b", "a"))));
        Claim first = client.claim(run.id(), "w", null, null);
        assertEquals("a", first.unit().unitId());
        assertEquals(List.of(), first.context(), "no dependencies: []");
        client.recordAttempt(run.id() + "_a", 1, Map.of("summary", "made a", "git", Map.of("headAfter", "aaaaaaa")));
        client.updateUnit(run.id() + "_a", Map.of("status", "completed", "attempt", 1));
        client.claim(run.id(), "w", null, null);
        client.updateUnit(run.id() + "_b", Map.of("status", "completed", "attempt", 1)); // b records nothing
        Claim z = client.claim(run.id(), "w", null, null);
        assertEquals("z", z.unit().unitId());
        assertEquals(List.of(new Claim.Context("a", 1, "made a", "aaaaaaa"), new Claim.Context("b", 1, null, null)), z.context());
        Claim none = client.claim(run.id(), "w", null, null);
        assertNull(none.unit());
        assertEquals(List.of(), none.context(), "no unit: []");
    }

    /** v2 §2 holds for the new writes: a retry with the same key replays the first answer and records nothing again. */
    @Test
    void aKeyedRecordIsAnsweredOnceAndReplayed(Scope scope) {
        RunLedgerClient client = scope.client();
        String unit = claimedUnit(scope, "attempt-keyed");
        RunLedgerClient keyed = client.withIdempotencyKey("attempt-keyed-" + unit);
        JsonNode body = new ObjectNodeBody(unit, Map.of("summary", "once")).json();
        Answer first = keyed.call("recordAttempt", body);
        assertEquals(200, first.status(), first.raw());
        client.recordAttempt(unit, 1, Map.of("summary", "changed since"));
        Answer again = keyed.call("recordAttempt", body);
        assertTrue(again.replayed(), "a replay: " + again.raw());
        assertEquals(first.raw(), again.raw(), "the stored answer, byte for byte");
        assertEquals("changed since", client.getAttempt(unit, 1).summary(), "the replay recorded nothing");
    }

    /** A recordAttempt body for {@code unit}, attempt 1, with {@code fields} as sent. */
    private record ObjectNodeBody(String unit, Map<String, Object> fields) {
        JsonNode json() {
            var body = body("id", unit, "attempt", 1);
            fields.forEach((key, value) -> body.set(key, RunLedgerClient.json().valueToTree(value)));
            return body;
        }
    }
}
