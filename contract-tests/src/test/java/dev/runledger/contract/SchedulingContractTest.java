package dev.runledger.contract;

import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;
import dev.runledger.contract.client.UnitAttempt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scheduling state (docs/CONTRACT.md, v2 §3), black-box: dependencies, readiness, claims, leases, fencing, attempts. */
@ExtendWith(RunLedgerExtension.class)
class SchedulingContractTest {

    /** The shortest lease the contract allows: expiry tests wait just past it. */
    static final long SHORT_LEASE_MS = 1_000;

    static Map<String, Object> unit(String unitId, String... dependsOn) {
        Map<String, Object> item = new HashMap<>();
        item.put("unitId", unitId);
        item.put("dependsOn", List.of(dependsOn));
        return item;
    }

    static List<String> ready(RunLedgerClient client, String runId) {
        return client.listReadyUnits(runId).stream().map(Unit::unitId).toList();
    }

    static Unit complete(RunLedgerClient client, Unit unit) {
        return client.updateUnit(unit.id(), Map.of("status", "completed", "attempt", unit.attempt()));
    }

    static void waitPast(String leaseExpiresAt) throws InterruptedException {
        long millis = Instant.parse(leaseExpiresAt).toEpochMilli() - System.currentTimeMillis() + 150;
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    @Test
    void aDiamondBecomesReadyStepByStep(Scope scope) {
        RunLedgerClient client = scope.client();
        String run = scope.createRun("diamond").id();
        // Given in reverse order: dependsOn may name units later in the batch.
        List<Unit> created = client.createUnits(run, List.of(unit("d", "c", "b"), unit("c", "a"), unit("b", "a"), unit("a")));
        assertEquals(List.of("a", "b", "c", "d"), created.stream().map(Unit::unitId).toList(), "ordered by unitId");
        assertEquals(List.of("b", "c"), created.get(3).dependsOn(), "dependsOn sorted");
        assertEquals(List.of(), created.get(0).dependsOn());
        assertEquals(0, created.get(0).attempt());
        assertEquals(created, client.listUnits(run, null), "listUnits answers each unit's dependsOn as createUnits did");
        assertEquals(created.get(3), client.getUnit(run, "d"));

        assertEquals(List.of("a"), ready(client, run));
        Unit a = client.claimUnit(run, "worker-1", null, null);
        assertEquals("a", a.unitId());
        assertEquals(List.of(), ready(client, run), "a runs under a lease; b and c wait for it");
        complete(client, a);
        assertEquals(List.of("b", "c"), ready(client, run));
        Unit b = client.claimUnit(run, "worker-1", null, null);
        Unit c = client.claimUnit(run, "worker-2", null, null);
        assertEquals(List.of("b", "c"), List.of(b.unitId(), c.unitId()), "claims take the first ready by unitId");
        complete(client, b);
        assertEquals(List.of(), ready(client, run), "d waits for c");
        complete(client, c);
        assertEquals(List.of("d"), ready(client, run));
        assertEquals(List.of("b", "c"), client.getUnit(run, "d").dependsOn());
    }

    @Test
    void aFailedDependencyKeepsItsDependentsNotReadyUntilItIsRetriedAndCompletes(Scope scope) {
        RunLedgerClient client = scope.client();
        String run = scope.createRun("failed-dependency").id();
        client.createUnits(run, List.of(unit("a"), unit("b", "a")));
        Unit a = client.claimUnit(run, "worker", null, "a");
        client.updateUnit(a.id(), Map.of("status", "failed", "error", "boom", "attempt", a.attempt()));
        assertEquals(List.of(), ready(client, run), "b's dependency failed");
        assertEquals("pending", client.getUnit(run, "b").status());
        client.updateUnit(a.id(), Map.of("status", "pending"));
        assertEquals(List.of("a"), ready(client, run));
        Unit retried = client.claimUnit(run, "worker", null, null);
        assertEquals(2, retried.attempt());
        complete(client, retried);
        assertEquals(List.of("b"), ready(client, run));
    }

    @Test
    void nothingIsReadyInATerminalRun(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("terminal-run");
        client.createUnits(run.id(), List.of(unit("a")));
        client.updateRunStatus(run.id(), "cancelled", null, null);
        assertEquals(List.of(), ready(client, run.id()));
        assertNull(client.claimUnit(run.id(), "worker", null, null));
        ProblemException named = assertThrows(ProblemException.class, () -> client.claimUnit(run.id(), "worker", null, "a"));
        assertEquals("unit-not-ready", named.code());
    }

    @ParameterizedTest(name = "a cycle of {0}")
    @ValueSource(ints = {2, 3, 5})
    void aCycleIsRejectedWithItsPathAndCreatesNothing(int length, Scope scope) {
        RunLedgerClient client = scope.client();
        String run = scope.createRun("cycle-" + length).id();
        List<Map<String, Object>> units = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            units.add(unit("u" + i, "u" + ((i + 1) % length)));
        }
        units.add(unit("outside", "u0"));
        Answer answer = client.call("createUnits", body("runId", run, "units", units));
        assertEquals(409, answer.status(), answer.raw());
        assertEquals("dependency-cycle", answer.code());
        assertEquals(java.util.Set.of("type", "title", "status", "detail", "code", "cycle"), RunContractTest.keys(answer.json()));
        List<String> cycle = new ArrayList<>();
        answer.json().get("cycle").forEach(node -> cycle.add(node.asText()));
        assertEquals(length + 1, cycle.size(), "from a unit of the cycle back to it: " + cycle);
        assertEquals(cycle.get(0), cycle.get(length));
        for (int i = 0; i < length; i++) {
            int from = Integer.parseInt(cycle.get(i).substring(1));
            assertEquals("u" + ((from + 1) % length), cycle.get(i + 1), "each unit depends on the next: " + cycle);
        }
        assertEquals(List.of(), client.listUnits(run, null), "all or nothing");
    }

    @Test
    void aCycleAgainstStoredUnitsIsImpossibleAndBadDependenciesAreRefused(Scope scope) {
        RunLedgerClient client = scope.client();
        String run = scope.createRun("bad-dependencies").id();
        client.createUnits(run, List.of(unit("a")));
        assertCode("validation-failed", () -> client.createUnits(run, List.of(unit("b", "b"))));
        assertCode("validation-failed", () -> client.createUnits(run, List.of(unit("b", "a", "a"))));
        assertCode("unit-not-found", () -> client.createUnits(run, List.of(unit("b", "nope"))));
        assertCode("unit-exists", () -> client.createUnits(run, List.of(unit("a"))));
        assertCode("unit-exists", () -> client.createUnits(run, List.of(unit("b"), unit("b"))));
        assertCode("unit-not-found", () -> client.createUnit(run, "c", List.of("nope")));
        Answer itemError = client.call("createUnits", body("runId", run, "units", List.of(unit("ok"), Map.of("unitId", ""))));
        RejectedRequestContractTest.assertProblem(itemError, 400, "validation-failed");
        assertTrue(itemError.json().get("detail").asText().contains("units[1].unitId"), itemError.raw());
        Unit viaCreateUnit = client.createUnit(run, "c", List.of("a"));
        assertEquals(List.of("a"), viaCreateUnit.dependsOn());
        assertEquals(List.of("a", "c"), client.listUnits(run, null).stream().map(Unit::unitId).toList());
    }

    @Test
    void aHeartbeatExtendsTheLease(Scope scope) throws InterruptedException {
        RunLedgerClient client = scope.client();
        String run = scope.createRun("heartbeat").id();
        client.createUnits(run, List.of(unit("a")));
        Unit claimed = client.claimUnit(run, "worker", SHORT_LEASE_MS, null);
        assertEquals("worker", claimed.leaseOwner());
        assertNotNull(claimed.leaseExpiresAt());
        Unit extended = client.heartbeatUnit(claimed.id(), claimed.attempt(), 60_000L);
        assertTrue(Instant.parse(extended.leaseExpiresAt()).isAfter(Instant.parse(claimed.leaseExpiresAt())));
        waitPast(claimed.leaseExpiresAt());
        assertEquals(List.of(), ready(client, run), "the extended lease still holds");
        assertEquals(extended.attempt(), client.getUnit(claimed.id()).attempt());
    }

    @Test
    void anExpiredLeaseMakesTheUnitReadyAgainAndTheZombieChangesNothing(Scope scope) throws InterruptedException {
        RunLedgerClient client = scope.client();
        String run = scope.createRun("zombie").id();
        client.createUnits(run, List.of(unit("a")));
        Unit first = client.claimUnit(run, "worker-1", SHORT_LEASE_MS, null);
        client.appendEvent(run, "progress", "a", Json.parse("{\"step\":1}"), first.attempt());
        waitPast(first.leaseExpiresAt());
        assertEquals(List.of("a"), ready(client, run), "its holder stopped heartbeating");
        Unit second = client.claimUnit(run, "worker-2", 60_000L, null);
        assertEquals(first.attempt() + 1, second.attempt());
        assertEquals(first.startedAt(), second.startedAt(), "startedAt is the unit's first start");

        int events = client.allEvents(run, 100).size();
        assertCode("lease-lost", () -> client.heartbeatUnit(first.id(), first.attempt(), null));
        assertCode("lease-lost", () -> client.updateUnit(first.id(), Map.of("status", "completed", "attempt", first.attempt())));
        assertCode("lease-lost", () -> client.appendEvent(run, "progress", "a", Json.parse("{\"step\":2}"), first.attempt()));
        assertEquals(second, client.getUnit(first.id()), "the zombie changed nothing");
        assertEquals(events, client.allEvents(run, 100).size(), "the zombie appended nothing");

        client.appendEvent(run, "progress", "a", null, second.attempt());
        Unit done = complete(client, second);
        assertNull(done.leaseOwner(), "a lease ends when the unit leaves running");
        assertNull(done.leaseExpiresAt());
        List<UnitAttempt> history = client.listUnitAttempts(first.id());
        assertEquals(List.of(1, 2), history.stream().map(UnitAttempt::attempt).toList());
        assertEquals(List.of("lost", "completed"), history.stream().map(UnitAttempt::status).toList());
        assertEquals(List.of("worker-1", "worker-2"), history.stream().map(UnitAttempt::owner).toList());
        assertTrue(history.stream().allMatch(attempt -> attempt.startedAt() != null && attempt.completedAt() != null));
        assertCode("lease-lost", () -> client.appendEvent(run, "late", "a", null, second.attempt()));
    }

    @Test
    void fencingNeedsAUnitAndAnAttemptCountsEveryEntryIntoRunning(Scope scope) {
        RunLedgerClient client = scope.client();
        String run = scope.createRun("fencing").id();
        assertCode("validation-failed", () -> client.appendEvent(run, "e", null, null, 1));
        assertCode("unit-not-found", () -> client.appendEvent(run, "e", "nope", null, 1));
        Unit unit = client.createUnit(run, "a", "running", null, null);
        assertEquals(1, unit.attempt(), "created running: a new attempt with no owner");
        assertNull(unit.leaseOwner());
        assertEquals(unit, client.updateUnit(unit.id(), Map.of("status", "running")), "running again is no change");
        Unit released = client.updateUnit(unit.id(), Map.of("status", "pending", "attempt", 1));
        Unit again = client.updateUnit(released.id(), Map.of("status", "running"));
        assertEquals(2, again.attempt());
        assertCode("lease-lost", () -> client.updateUnit(unit.id(), Map.of("branch", "b", "attempt", 1)));
        assertEquals(List.of("pending", "running"),
                client.listUnitAttempts(unit.id()).stream().map(UnitAttempt::status).toList());
    }

    @Test
    void aRunRetriedFromATerminalStatusCountsAnAttemptAndKeepsItsHistory(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("retry-history");
        assertEquals(1, run.attempt());
        client.createUnits(run.id(), List.of(unit("a")));
        Unit a = client.claimUnit(run.id(), "worker", null, null);
        Event event = client.appendEvent(run.id(), "done", "a", null, a.attempt());
        complete(client, a);
        client.updateRunStatus(run.id(), "completed", null, null);
        Run retried = client.updateRunStatus(run.id(), "pending", null, null);
        assertEquals(2, retried.attempt());
        assertEquals(2, client.updateRunStatus(run.id(), "running", null, null).attempt(), "only a retry counts");
        assertEquals(List.of(event), client.allEvents(run.id(), 100));
        assertEquals(1, client.listUnitAttempts(a.id()).size());
        assertEquals("completed", client.getUnit(a.id()).status());
    }

    @Test
    void concurrentClaimersTakeEachUnitOnce(Scope scope) throws Exception {
        RunLedgerClient client = scope.client();
        String run = scope.createRun("claimers").id();
        Claims.assertEachUnitOnce(run, List.of(client), client);
    }

    static void assertCode(String code, org.junit.jupiter.api.function.Executable call) {
        ProblemException refused = assertThrows(ProblemException.class, call);
        assertEquals(code, refused.code(), refused.getMessage());
    }
}
