package dev.runledger.functions;

import dev.runledger.db.write.Writer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A full write queue answers 503 {@code overloaded} with Retry-After at once, and writes nothing. */
@MicronautTest(transactional = false)
class OverloadTest extends ServerTest {

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("runledger.writer.queue-capacity", "1");
        return properties;
    }

    @Inject
    Writer writer;

    @Test
    void aFullQueueAnswersOverloaded() throws Exception {
        String runId = http().ok("createRun", "{\"featureBranch\":\"f\",\"repoPath\":\"/r\",\"targetBranch\":\"m\","
                + "\"tasksDir\":\"t\",\"parallelism\":1}").get("id").getStringValue();
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
            refusedWhileFull(runId, release, blocker);
        } finally {
            release.countDown(); // never leave the writer blocked, whatever failed
        }
    }

    private void refusedWhileFull(String runId, CountDownLatch release, CompletableFuture<Object> blocker) throws Exception {
        CompletableFuture<Http.Answer> queued = CompletableFuture.supplyAsync(() ->
                http().post("appendEvent", "{\"runId\":\"" + runId + "\",\"eventType\":\"queued\"}"));
        while (writer.queued() < 1) {
            Thread.onSpinWait();
        }
        DatabaseSnapshot before = snapshot();
        Http.Answer answer = http().post("appendEvent", "{\"runId\":\"" + runId + "\",\"eventType\":\"refused\"}");
        RejectedRequestsTest.assertProblem(answer, 503, "overloaded");
        assertEquals("1", answer.retryAfter().orElseThrow());
        assertEquals(before, snapshot());

        release.countDown();
        blocker.get();
        assertEquals(200, queued.get().status(), "the queued write still commits");
        assertEquals(1, http().ok("listEvents", "{\"runId\":\"" + runId + "\"}").get("events").size());
    }
}
