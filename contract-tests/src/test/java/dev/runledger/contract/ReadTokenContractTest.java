package dev.runledger.contract;

import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Against a deployment with tokens (the harness jar's {@code --token} and {@code --read-token}): its read token reads
 * and is refused every write, and a request without a token is refused (docs/CONTRACT.md, v2 §4). The build's own
 * access tests start a deployment with tokens of their own ({@link AccessContractTest}).
 */
@ExtendWith(RunLedgerExtension.class)
class ReadTokenContractTest {

    @Test
    void theReadTokenReadsAndIsRefusedEveryWrite(Scope scope) {
        String read = System.getProperty(RunLedgerExtension.READ_TOKEN, "");
        Assumptions.assumeFalse(read.isBlank(), "SKIPPED LOUDLY: no read token given (-Drunledger.read-token, or the "
                + "harness jar's --read-token); AccessContractTest covers access on a deployment of its own");
        Run run = scope.createRun("read-token", Map.of());
        RunLedgerClient reader = new RunLedgerClient(scope.client().base()).withToken(read);
        assertEquals(run.id(), reader.getRun(run.id()).id());
        assertEquals(200, reader.call("listEvents", body("runId", run.id())).status());
        assertEquals(200, reader.send("GET", "/metrics", null, null).status());
        Answer write = reader.call("appendEvent", body("runId", run.id(), "eventType", "refused"));
        assertEquals(403, write.status(), write.raw());
        assertEquals("forbidden", write.code());
        assertEquals(403, reader.call("deleteRun", body("id", run.id())).status());
        assertEquals(0, scope.client().listEvents(run.id(), null, null, null, null).lastSequence(), "the refused write wrote nothing");
        Answer anonymous = new RunLedgerClient(scope.client().base()).call("getRun", body("id", run.id()));
        assertEquals(401, anonymous.status(), anonymous.raw());
    }
}
