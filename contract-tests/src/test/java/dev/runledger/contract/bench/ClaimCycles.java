package dev.runledger.contract.bench;

import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;

import java.util.ArrayList;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The scheduling row: workers that each loop {@code claimUnit} then {@code updateUnit(completed)} with the
 * claimed attempt, on one run of ready units without dependencies, for a bounded time or until nothing is ready.
 * A cycle's latency is the two calls together, measured by the worker (wrk cannot feed an answer into the next
 * request).
 */
final class ClaimCycles {

    private ClaimCycles() {
    }

    /** Creates {@code units} ready units on {@code runId} (which exists), 1,000 per createUnits. */
    static void prepare(RunLedgerClient client, String runId, int units) {
        for (int start = 0; start < units; start += 1000) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(units, start + 1000); i++) {
                batch.add(Map.of("unitId", String.format("u%06d", i)));
            }
            client.createUnits(runId, batch);
        }
    }

    static Wrk.Result run(RunLedgerClient client, String runId, int workers, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long started = System.nanoTime();
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String owner = "bench-worker-" + w;
            results.add(pool.submit(() -> {
                List<Long> cycles = new ArrayList<>();
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    Unit unit = client.claimUnit(runId, owner, 60_000L, null);
                    if (unit == null) {
                        break;
                    }
                    client.updateUnit(unit.id(), Map.of("status", "completed", "attempt", unit.attempt()));
                    cycles.add(System.nanoTime() - t0);
                }
                return cycles;
            }));
        }
        List<Long> all = new ArrayList<>();
        long non2xx = 0;
        for (Future<List<Long>> result : results) {
            try {
                all.addAll(result.get());
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof ProblemException)) {
                    throw e;
                }
                non2xx++;
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Wrk.Result(sorted.length / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99), non2xx,
                sorted.length);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

}
