package dev.runledger.contract.bench;

import dev.runledger.contract.client.RunLedgerClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scheduling row: wrk connections that claim a unit ({@code claimUnit}) and complete it with the claimed
 * attempt ({@code updateUnit}), on one run of ready units without dependencies. A claim's answer queues the update
 * on its wrk thread, which sends it before its next claim; a cycle is a completed unit.
 */
final class ClaimCycles {

    private ClaimCycles() {
    }

    /** The i-th unit's id as {@link #prepare} names it. */
    static String unitId(int i) {
        return String.format("u%06d", i);
    }

    /** Creates {@code units} ready units on {@code runId} (which exists), 1,000 per createUnits. */
    static void prepare(RunLedgerClient client, String runId, int units, List<String> dependsOn) {
        for (int start = 0; start < units; start += 1000) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(units, start + 1000); i++) {
                batch.add(Map.of("unitId", unitId(i), "dependsOn", dependsOn));
            }
            client.createUnits(runId, batch);
        }
    }

    /**
     * {@code count} units ({@code d1}, {@code d2}, …) claimed, given a summary and a head after, and completed: what the
     * run's other units depend on, so that each claim carries their context.
     */
    static List<String> completedDependencies(RunLedgerClient client, String runId, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add("d" + i);
            client.createUnit(runId, "d" + i, null, null, null);
        }
        for (String name : names) {
            String id = client.claimUnit(runId, "bench", null, name).id();
            client.recordAttempt(id, 1, Map.of("summary", "what " + name + " produced: " + "x".repeat(200),
                    "git", Map.of("headAfter", "abcdef" + name.charAt(1))));
            client.updateUnit(id, Map.of("status", "completed", "attempt", 1));
        }
        return names;
    }

    /** The wrk script: updates waiting on this thread first, otherwise a claim. */
    static String script(String runId) {
        return """
                local headers = {["Content-Type"] = "application/json"}
                local updates = {}
                local claim = wrk.format("POST", "/claimUnit", headers, '{"runId":"%s","owner":"bench","leaseMs":60000}')
                request = function()
                  local n = #updates
                  if n > 0 then
                    local body = updates[n]
                    updates[n] = nil
                    return wrk.format("POST", "/updateUnit", headers, body)
                  end
                  return claim
                end
                response = function(status, headers, body)
                  local id, attempt = body:match('^{"unit":{"id":"([^"]+)".-"attempt":(%%d+)')
                  if id then
                    updates[#updates + 1] = '{"id":"' .. id .. '","status":"completed","attempt":' .. attempt .. '}'
                  end
                end
                """.formatted(runId);
    }
}
