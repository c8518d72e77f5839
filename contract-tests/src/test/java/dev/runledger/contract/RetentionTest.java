package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.UnitAttempt;
import dev.runledger.contract.target.Deployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code RUNLEDGER_OUTPUT_RETENTION} and {@code RUNLEDGER_RUN_RETENTION} with short settings (two seconds, a sweep
 * every half second, output removed three chunks per write), on a deployment with a database of its own: what is
 * older goes by itself, the attempt's record stays, and nothing unfinished is touched.
 */
@OwnDeployment
class RetentionTest {

    private static Deployment start() {
        Assumptions.assumeFalse(Targets.selected().equals("url"),
                "SKIPPED LOUDLY: retention is set when a deployment starts; a deployment given by URL is someone's");
        return Targets.startOnOwnDatabase(
                Map.of("RUNLEDGER_OUTPUT_RETENTION", "2s", "RUNLEDGER_OUTPUT_SWEEP_INTERVAL", "500ms",
                        "RUNLEDGER_OUTPUT_SWEEP_BATCH", "3",
                        "RUNLEDGER_RUN_RETENTION", "2s", "RUNLEDGER_RUN_SWEEP_INTERVAL", "500ms"),
                Map.of("runledger.output.retention", "2s", "runledger.output.sweep-interval", "500ms",
                        "runledger.output.sweep-batch", "3",
                        "runledger.run.retention", "2s", "runledger.run.sweep-interval", "500ms"));
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void outputOfClosedAttemptsAndFinishedRunsGoAfterTheirRetention() throws Exception {
        try (Deployment deployment = start()) {
            RunLedgerClient client = new RunLedgerClient(deployment.uri());
            // A running run: its closed attempt's output goes, the run and the attempt's record stay.
            String run = client.createRun("retention/" + UUID.randomUUID(), "/r", "main", "t", 2, Map.of()).id();
            client.updateRunStatus(run, "running", null, null);
            client.createUnit(run, "a", null, null, null);
            client.createUnit(run, "b", null, null, null);
            client.claimUnit(run, "w", null, "a");
            client.claimUnit(run, "w", null, "b");
            for (int i = 0; i < 10; i++) {
                OutputContractTest.append(client, run, 1, "stdout", "a" + i);
            }
            client.recordAttempt(run + "_a", 1, Map.of("summary", "kept"));
            client.updateUnit(run + "_a", Map.of("status", "completed", "attempt", 1));
            for (int i = 0; i < 4; i++) {
                client.call("appendOutput", body("runId", run, "unitId", "b", "attempt", 1, "text", "b" + i));
            }
            String finished = client.createRun("retention/" + UUID.randomUUID(), "/r", "main", "t", 1, Map.of()).id();
            client.updateRunStatus(finished, "running", null, null);
            client.updateRunStatus(finished, "completed", null, null);

            eventually(() -> client.getAttempt(run + "_a", 1).outputPruned(), "the closed attempt's output removed");
            JsonNode read = client.call("readOutput", body("runId", run, "unitId", "a")).json();
            assertEquals(0, read.get("chunks").size(), read.toString());
            assertTrue(read.get("outputPruned").asBoolean());
            assertEquals(10, read.get("lastChunk").asLong(), "the count stays");
            UnitAttempt record = client.getAttempt(run + "_a", 1);
            assertEquals("kept", record.summary(), "the attempt's record stays");
            assertEquals(10, record.outputChunks());
            JsonNode running = client.call("readOutput", body("runId", run, "unitId", "b")).json();
            assertEquals(4, running.get("chunks").size(), "a running attempt's output is kept");
            assertFalse(running.get("outputPruned").asBoolean());

            eventually(() -> {
                try {
                    client.getRun(finished);
                    return false;
                } catch (ProblemException e) {
                    return e.code().equals("run-not-found");
                }
            }, "the finished run removed");
            Thread.sleep(2_500); // past the retention: what is unfinished still stays
            assertEquals("running", client.getRun(run).status(), "a running run is never removed");
            assertEquals(4, client.call("readOutput", body("runId", run, "unitId", "b")).json().get("chunks").size());
        }
    }
}
