package dev.runledger.contract.property;

import dev.runledger.contract.RunLedgerExtension;
import dev.runledger.contract.Scope;
import dev.runledger.contract.client.Claim;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;
import dev.runledger.contract.client.UnitAttempt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * {@code scheduling-agrees-with-model}: generated schedules of claims, heartbeats, fenced appends, completions,
 * failures, retries, revocations (a scheduler moving a running unit back to pending, its holder unaware) and lease
 * expiries by three workers, and records of what an attempt did (v3 §5: summary and head after, fenced to the unit's
 * current attempt whatever its status), on a run of five units with dependencies, against the server and an in-memory
 * model of docs/CONTRACT.md v2 §3 and v3 §5. Every answer agrees with the model (claims' context included), no unit is
 * ever held by two live attempts, and a worker whose lease was taken over (a zombie) changes nothing.
 */
@ExtendWith(RunLedgerExtension.class)
class SchedulingProperties {

    /** unitId -> dependsOn: {@code a -> b, c -> d}, and {@code e} alone. */
    static final Map<String, List<String>> UNITS = new LinkedHashMap<>(Map.of(
            "a", List.of(), "b", List.of("a"), "c", List.of("a"), "d", List.of("b", "c"), "e", List.of()));
    static final int WORKERS = 3;
    static final long LEASE_MS = 60_000;
    static final long SHORT_LEASE_MS = 1_000;

    enum Kind { CLAIM, HEARTBEAT, APPEND, RECORD, COMPLETE, FAIL, RELEASE, RETRY, REVOKE, EXPIRE }

    /** One step: what, by which worker, on which of its held units (an index, wrapped) or which failed unit. */
    record Step(Kind kind, int worker, int pick) {
    }

    static Gen<List<Step>> schedules() {
        Gen<Kind> kinds = arbitrary().pick(List.of(Kind.CLAIM, Kind.CLAIM, Kind.CLAIM, Kind.HEARTBEAT, Kind.APPEND,
                Kind.RECORD, Kind.RECORD, Kind.COMPLETE, Kind.COMPLETE, Kind.FAIL, Kind.RELEASE, Kind.RETRY, Kind.REVOKE,
                Kind.REVOKE));
        Gen<Step> steps = kinds.zip(integers().between(0, WORKERS - 1), integers().between(0, 4), Step::new);
        // At most one expiry per schedule, at a generated place: each costs a real second (no injected clock in a
        // black-box suite).
        Gen<Integer> expiryAt = integers().between(-1, 20);
        return lists().of(steps).ofSizeBetween(4, 24).zip(expiryAt, (list, at) -> {
            List<Step> schedule = new ArrayList<>(list);
            if (at >= 0 && at < schedule.size()) {
                schedule.set(at, new Step(Kind.EXPIRE, schedule.get(at).worker(), schedule.get(at).pick()));
            }
            return schedule;
        });
    }

    /** The model's unit. */
    static final class Model {
        String status = "pending";
        int attempt;
        String owner;
        boolean expired;
        int events;
        /** attempt -> the summary and head after recorded for it (v3 §5). */
        final Map<Integer, String> summaries = new HashMap<>();
        final Map<Integer, String> headsAfter = new HashMap<>();
        int records;
    }

    /** A worker's belief: it holds {@code unitId} in {@code attempt}. */
    record Held(String unitId, int attempt) {
    }

    /** Zombie writes the schedules made and the server refused, printed after the run (a check of the generator). */
    private final java.util.concurrent.atomic.AtomicInteger zombies = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void schedulesAgreeWithTheModel(RunLedgerClient client) {
        PropertyCheck.standard().check("scheduling-agrees-with-model", 15, schedules(), schedule -> {
            try (Scope scope = new Scope(client)) {
                String run = scope.createRun("scheduling").id();
                List<Map<String, Object>> units = new ArrayList<>();
                UNITS.forEach((unitId, dependsOn) -> units.add(Map.of("unitId", unitId, "dependsOn", dependsOn)));
                client.createUnits(run, units);
                Map<String, Model> model = new TreeMap<>();
                UNITS.keySet().forEach(unitId -> model.put(unitId, new Model()));
                List<List<Held>> held = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    held.add(new ArrayList<>());
                }
                for (Step step : schedule) {
                    apply(client, run, model, held, step);
                    assertAgrees(client, run, model);
                }
            }
        });
        System.out.println("[property scheduling-agrees-with-model] " + zombies.get() + " zombie writes refused");
    }

    private void apply(RunLedgerClient client, String run, Map<String, Model> model, List<List<Held>> held,
                              Step step) {
        String worker = "worker-" + step.worker();
        List<Held> mine = held.get(step.worker());
        Held target = mine.isEmpty() ? null : mine.get(step.pick() % mine.size());
        boolean live = target != null && live(model, target);
        switch (step.kind()) {
            case CLAIM -> {
                String expected = model.entrySet().stream().filter(e -> ready(model, e.getKey()))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                Claim claim = client.claim(run, worker, LEASE_MS, null);
                Unit claimed = claim.unit();
                if (expected == null) {
                    assertNull(claimed, "nothing is ready");
                    assertEquals(List.of(), claim.context());
                    return;
                }
                assertEquals(expected, claimed.unitId(), "the first ready unit by unitId");
                assertEquals(UNITS.get(expected).stream().sorted().map(dependency -> {
                    Model of = model.get(dependency);
                    return new Claim.Context(dependency, of.attempt, of.summaries.get(of.attempt), of.headsAfter.get(of.attempt));
                }).toList(), claim.context(), "the claim's context: each dependency's current attempt, by unitId");
                Model unit = model.get(expected);
                unit.status = "running";
                unit.attempt++;
                unit.owner = worker;
                unit.expired = false;
                assertEquals(unit.attempt, claimed.attempt());
                mine.add(new Held(expected, unit.attempt));
            }
            case HEARTBEAT, EXPIRE -> {
                if (target == null) {
                    return;
                }
                long lease = step.kind() == Kind.EXPIRE ? SHORT_LEASE_MS : LEASE_MS;
                if (!live) {
                    assertLeaseLost(() -> client.heartbeatUnit(run + "_" + target.unitId(), target.attempt(), lease));
                    return;
                }
                Unit unit = client.heartbeatUnit(run + "_" + target.unitId(), target.attempt(), lease);
                model.get(target.unitId()).expired = false;
                if (step.kind() == Kind.EXPIRE) {
                    sleepPast(unit.leaseExpiresAt());
                    model.get(target.unitId()).expired = true;
                }
            }
            case APPEND -> {
                if (target == null) {
                    return;
                }
                if (!live) {
                    assertLeaseLost(() -> client.appendEvent(run, "progress", target.unitId(), null, target.attempt()));
                    return;
                }
                client.appendEvent(run, "progress", target.unitId(), null, target.attempt());
                model.get(target.unitId()).events++;
            }
            case RECORD -> {
                if (target == null) {
                    return;
                }
                Model unit = model.get(target.unitId());
                String summary = "did " + target.unitId() + "/" + target.attempt() + "/" + unit.records;
                String headAfter = String.format("%07x", 0xa000000 + unit.records);
                Map<String, Object> fields = Map.of("summary", summary, "git", Map.of("headAfter", headAfter));
                if (unit.attempt != target.attempt()) {
                    assertLeaseLost(() -> client.recordAttempt(run + "_" + target.unitId(), target.attempt(), fields));
                    return;
                }
                client.recordAttempt(run + "_" + target.unitId(), target.attempt(), fields);
                unit.summaries.put(target.attempt(), summary);
                unit.headsAfter.put(target.attempt(), headAfter);
                unit.records++;
            }
            case COMPLETE, FAIL, RELEASE -> {
                if (target == null) {
                    return;
                }
                String to = step.kind() == Kind.COMPLETE ? "completed" : step.kind() == Kind.FAIL ? "failed" : "pending";
                Map<String, Object> change = Map.of("status", to, "attempt", target.attempt());
                if (model.get(target.unitId()).attempt != target.attempt()) {
                    assertLeaseLost(() -> client.updateUnit(run + "_" + target.unitId(), change));
                    mine.remove(target);
                    return;
                }
                client.updateUnit(run + "_" + target.unitId(), change);
                Model unit = model.get(target.unitId());
                unit.status = to;
                unit.owner = null;
                unit.expired = false;
                mine.remove(target);
            }
            case REVOKE -> {
                List<String> running = model.entrySet().stream().filter(e -> e.getValue().status.equals("running"))
                        .map(Map.Entry::getKey).toList();
                if (running.isEmpty()) {
                    return;
                }
                String unitId = running.get(step.pick() % running.size());
                client.updateUnit(run + "_" + unitId, Map.of("status", "pending"));
                Model unit = model.get(unitId);
                unit.status = "pending";
                unit.owner = null;
                unit.expired = false;
            }
            case RETRY -> {
                List<String> failed = model.entrySet().stream().filter(e -> e.getValue().status.equals("failed"))
                        .map(Map.Entry::getKey).toList();
                if (failed.isEmpty()) {
                    return;
                }
                String unitId = failed.get(step.pick() % failed.size());
                client.updateUnit(run + "_" + unitId, Map.of("status", "pending"));
                model.get(unitId).status = "pending";
            }
        }
    }

    /** Whether a worker's belief is the unit's live attempt (running, not taken over). */
    private static boolean live(Map<String, Model> model, Held held) {
        Model unit = model.get(held.unitId());
        return unit.status.equals("running") && unit.attempt == held.attempt();
    }

    private static boolean ready(Map<String, Model> model, String unitId) {
        Model unit = model.get(unitId);
        if (unit.status.equals("running")) {
            return unit.expired;
        }
        return unit.status.equals("pending")
                && UNITS.get(unitId).stream().allMatch(other -> model.get(other).status.equals("completed"));
    }

    private static void assertAgrees(RunLedgerClient client, String run, Map<String, Model> model) {
        Map<String, Unit> stored = new HashMap<>();
        client.listUnits(run, null).forEach(unit -> stored.put(unit.unitId(), unit));
        model.forEach((unitId, expected) -> {
            Unit unit = stored.get(unitId);
            assertEquals(expected.status, unit.status(), unitId);
            assertEquals(expected.attempt, unit.attempt(), unitId);
            assertEquals(expected.status.equals("running") ? expected.owner : null, unit.leaseOwner(),
                    unitId + ": one live holder at most, the one the model says");
            List<UnitAttempt> attempts = client.listUnitAttempts(unit.id());
            assertEquals(expected.attempt, attempts.size(), unitId + ": one attempt per entry");
            for (UnitAttempt attempt : attempts) {
                assertEquals(expected.summaries.get(attempt.attempt()), attempt.summary(), unitId + "/" + attempt.attempt());
                assertEquals(expected.headsAfter.get(attempt.attempt()),
                        attempt.git() == null || attempt.git().isNull() ? null : attempt.git().get("headAfter").asText(),
                        unitId + "/" + attempt.attempt() + ": head after");
            }
        });
        assertEquals(model.keySet().stream().filter(unitId -> ready(model, unitId)).toList(),
                client.listReadyUnits(run).stream().map(Unit::unitId).toList(), "ready units");
        assertEquals(model.values().stream().mapToInt(unit -> unit.events).sum(), client.allEvents(run, 1000).size(),
                "only live attempts appended");
    }

    private void assertLeaseLost(org.junit.jupiter.api.function.Executable zombie) {
        zombies.incrementAndGet();
        ProblemException refused = assertThrows(ProblemException.class, zombie);
        assertEquals("lease-lost", refused.code(), refused.getMessage());
    }

    private static void sleepPast(String leaseExpiresAt) {
        long millis = Instant.parse(leaseExpiresAt).toEpochMilli() - System.currentTimeMillis() + 150;
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertTrue(Instant.now().isAfter(Instant.parse(leaseExpiresAt)));
    }
}
