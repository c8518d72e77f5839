package dev.runledger.contract;

import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * U+0000 in a text field (a JSON {@code "\u0000"} escape) is never a 5xx: SQLite stores it and answers it back;
 * PostgreSQL's text cannot hold it, so there it is {@code 400 validation-failed} and nothing is written. Reads that
 * take it as a parameter answer likewise.
 */
@ExtendWith(RunLedgerExtension.class)
@OwnDeployment
class NulTextContractTest {

    @Test
    void aNulInATextFieldIsStoredOrValidationFailedNeverAFault(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("nul-text");
        client.createUnit(run.id(), "a", null, null, null);
        client.claimUnit(run.id(), "w", 600_000L, null);
        long lastSequence = client.listEvents(run.id(), 0L, null, null, null).lastSequence();
        List<String[]> calls = List.of(
                new String[]{"appendEvent", body("runId", run.id(), "eventType", "nul\u0000type").toString()},
                new String[]{"recordAttempt", body("id", run.id() + "_a", "attempt", 1, "summary", "nul\u0000summary").toString()},
                new String[]{"getRunByBranch", body("featureBranch", "nul\u0000branch", "repoPath", "/r").toString()});
        for (String[] call : calls) {
            Answer answer = client.call(call[0], Json.parse(call[1]));
            assertTrue(answer.status() < 500, call[0] + " -> " + answer.raw());
            if (Targets.postgres()) {
                assertEquals(400, answer.status(), call[0] + " -> " + answer.raw());
                assertEquals("validation-failed", answer.code());
            }
        }
        if (Targets.postgres()) {
            assertEquals(lastSequence, client.listEvents(run.id(), 0L, null, null, null).lastSequence(), "nothing was appended");
        }
    }
}
