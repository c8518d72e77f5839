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
