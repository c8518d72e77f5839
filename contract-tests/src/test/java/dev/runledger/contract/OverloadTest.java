package dev.runledger.contract;

import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.db.write.Writer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A full write queue answers 503 {@code overloaded} with Retry-After at once, and writes nothing. */
@OwnDeployment
class OverloadTest {

    @TempDir
    Path dir;

    @Test
    void aFullQueueAnswersOverloaded() throws Exception {
        try (InProcessServer server = InProcessServer.start(dir.resolve("overload.db"),
                Map.of("runledger.writer.queue-capacity", 1));
             Scope scope = new Scope(server.client())) {
            Writer writer = server.bean(Writer.class);
            String runId = scope.createRun("overload").id();
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> blocker = CompletableFuture.supplyAsync(() -> writer.write(() -> {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            entered.await();
            try {
                refusedWhileFull(server, writer, runId, release, blocker);
            } finally {
                release.countDown(); // never leave the writer blocked, whatever failed
            }
        }
    }

    private static void refusedWhileFull(InProcessServer server, Writer writer, String runId, CountDownLatch release,
                                         CompletableFuture<Object> blocker) throws Exception {
        RunLedgerClient client = server.client();
        CompletableFuture<Answer> queued = CompletableFuture.supplyAsync(() ->
                client.call("appendEvent", RunLedgerClient.body("runId", runId, "eventType", "queued")));
        while (writer.queued() < 1) {
            Thread.onSpinWait();
        }
        Answer answer = client.call("appendEvent", RunLedgerClient.body("runId", runId, "eventType", "refused"));
        RejectedRequestContractTest.assertProblem(answer, 503, "overloaded");
        assertEquals("1", answer.retryAfter().orElseThrow());

        release.countDown();
        blocker.get();
        assertEquals(200, queued.get().status(), "the queued write still commits");
        assertEquals(1, client.listEvents(runId, null, null, null, null).events().size(), "the refused write left nothing");
    }
}
