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

    /** Output of the closed attempt: removed in batches of three, so in seven writes. */
    private static final int CLOSED_CHUNKS = 20;

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
            for (int i = 0; i < CLOSED_CHUNKS; i++) {
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

            // Read as fast as it answers while the batches go: never a part of the output.
            JsonNode read;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            do {
                assertTrue(System.nanoTime() < deadline, "the closed attempt's output not removed within 20 s");
                read = client.call("readOutput", body("runId", run, "unitId", "a")).json();
                int chunks = read.get("chunks").size();
                assertTrue(chunks == 0 || chunks == CLOSED_CHUNKS && !read.get("outputPruned").asBoolean(),
                        "all of the output or none of it: " + chunks + " chunks, " + read.get("outputPruned"));
            } while (!read.get("outputPruned").asBoolean());
            assertEquals(0, read.get("chunks").size(), read.toString());
            assertEquals(CLOSED_CHUNKS, read.get("lastChunk").asLong(), "the count stays");
            UnitAttempt record = client.getAttempt(run + "_a", 1);
            assertEquals("kept", record.summary(), "the attempt's record stays");
            assertEquals(CLOSED_CHUNKS, record.outputChunks());
            // Below the API: the rows are gone, not only hidden, every batch of them, and the attempt is marked done
            // (output_pruned 1; 2 while its batches go). Only where the suite can open the deployment's database.
            if (DatabaseRows.of(deployment).isEmpty()) {
                System.out.println("RetentionTest: the database of " + Targets.selected()
                        + " cannot be opened from here; the rows under the API are not looked at");
            } else {
                eventually(() -> {
                    DatabaseRows rows = DatabaseRows.of(deployment).orElseThrow();
                    return rows.of("output_chunks", "unit_id", run + "_a").isEmpty()
                            && rows.of("unit_attempts", "output_pruned", "1").stream()
                                    .anyMatch(row -> row.contains("|unit_id=" + run + "_a|"));
                }, "the closed attempt's chunk rows deleted and its attempt marked removed");
                assertEquals(4, DatabaseRows.of(deployment).orElseThrow().of("output_chunks", "unit_id", run + "_b").size(),
                        "the running attempt's rows stay");
            }
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
