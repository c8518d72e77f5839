package dev.runledger.contract;

import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.db.idempotency.ExpiredKeySweep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys are kept at least {@code RUNLEDGER_IDEMPOTENCY_RETENTION}, then forgotten by the background sweep in batches
 * (here: a retention of three seconds, batches of 100, and the sweep run by hand instead of every hour).
 */
@OwnDeployment
class IdempotencyRetentionTest {

    @TempDir
    Path dir;

    @Test
    void keysAreReplayedWithinTheRetentionAndForgottenAfterIt() throws InterruptedException {
        Map<String, Object> settings = Map.of("runledger.idempotency.retention", "3s",
                "runledger.idempotency.sweep-interval", "1h", "runledger.idempotency.sweep-batch", 100);
        try (InProcessServer server = InProcessServer.start(dir.resolve("retention.db"), settings)) {
            RunLedgerClient client = server.client();
            String run = client.createRun("retention", "/repo", "main", "t", 1, Map.of()).id();
            String first = body("runId", run, "eventType", "old-0").toString();
            for (int i = 0; i < 250; i++) {
                String append = body("runId", run, "eventType", "old-" + i).toString();
                assertEquals(200, IdempotencyContractTest.keyed(client, "old-" + i, "appendEvent", append).status());
            }
            assertTrue(IdempotencyContractTest.keyed(client, "old-0", "appendEvent", first).replayed());
            Thread.sleep(3_100);
            String recent = body("runId", run, "eventType", "recent").toString();
            assertEquals(200, IdempotencyContractTest.keyed(client, "recent", "appendEvent", recent).status());

            assertEquals(250, server.bean(ExpiredKeySweep.class).sweep(), "every expired key, in batches of 100");
            assertTrue(IdempotencyContractTest.keyed(client, "recent", "appendEvent", recent).replayed(),
                    "a key younger than the retention is kept");
            Answer again = IdempotencyContractTest.keyed(client, "old-0", "appendEvent", first);
            assertEquals(200, again.status());
            assertFalse(again.replayed(), "a forgotten key runs again");
            assertEquals(252, again.json().get("sequence").asLong());
        }
    }
}
