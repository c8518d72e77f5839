package dev.runledger.contract;

import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;
import dev.runledger.contract.client.UnitAttempt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** 32 concurrent claimers on 10 ready units, spread over the given instances: each unit goes to exactly one. */
final class Claims {

    static final int UNITS = 10;
    static final int CLAIMERS = 32;

    private Claims() {
    }

    static void assertEachUnitOnce(String runId, List<RunLedgerClient> instances, RunLedgerClient reader) throws Exception {
        List<Map<String, Object>> units = new ArrayList<>();
        for (int i = 0; i < UNITS; i++) {
            units.add(SchedulingContractTest.unit("u" + i));
        }
        reader.createUnits(runId, units);
        ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Unit>> claims = new ArrayList<>();
            for (int c = 0; c < CLAIMERS; c++) {
                RunLedgerClient client = instances.get(c % instances.size());
                String owner = "claimer-" + c;
                claims.add(pool.submit(() -> {
                    start.await();
                    return client.claimUnit(runId, owner, 60_000L, null);
                }));
            }
            start.countDown();
            Map<String, String> holders = new HashMap<>();
            int none = 0;
            for (Future<Unit> claim : claims) {
                Unit unit = claim.get();
                if (unit == null) {
                    none++;
                    continue;
                }
                assertNull(holders.put(unit.unitId(), unit.leaseOwner()), "unit " + unit.unitId() + " claimed twice");
                assertEquals(1, unit.attempt());
            }
            assertEquals(UNITS, holders.size(), "every ready unit claimed: " + holders);
            assertEquals(CLAIMERS - UNITS, none, "the other claimers got null");
            for (Unit unit : reader.listUnits(runId, null)) {
                assertEquals(holders.get(unit.unitId()), unit.leaseOwner(), "the stored holder is the one answered");
                List<UnitAttempt> attempts = reader.listUnitAttempts(unit.id());
                assertEquals(1, attempts.size(), "one attempt per unit");
                assertEquals(holders.get(unit.unitId()), attempts.get(0).owner());
            }
            System.out.println("[claims] " + CLAIMERS + " claimers over " + instances.size() + " instance(s): "
                    + UNITS + " units each claimed once, " + none + " x null");
        } finally {
            pool.shutdownNow();
        }
    }
}
