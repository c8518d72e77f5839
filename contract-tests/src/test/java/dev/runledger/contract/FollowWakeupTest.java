package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.EventPage;
import dev.runledger.contract.client.EventStream;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.db.event.LogWatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A commit of this process wakes its followers itself, after the commit: not the look for commits made elsewhere,
 * which here comes once an hour ({@code runledger.follow.poll-interval}; a stream's keep-alive too), so a follower
 * that this commit did not wake would answer only at the end of its wait. The waits asserted are functional
 * (answered long before the wait is over), never performance figures. And an answered follower leaves no wait behind.
 * A change of a run's status wakes too: the stream of a run that turns terminal ends.
 */
@OwnDeployment
class FollowWakeupTest {

    private static final int WAIT_MS = 60_000;

    @TempDir
    Path dir;

    @Test
    void aCommitWakesTheFollowersOfItsRunAndOfItsAttemptsOutputWithoutTheLookForOthersCommits() throws Exception {
        try (InProcessServer server = InProcessServer.start(dir.resolve("wakeup.db"),
                Map.of("runledger.follow.poll-interval", "1h", "runledger.follow.keep-alive", "1h"))) {
            RunLedgerClient client = server.client();
            LogWatch watch = server.bean(LogWatch.class);
            Run run = client.createRun("wakeup/" + System.nanoTime(), "/repo", "main", "t", 1, Map.of());
            client.createUnit(run.id(), "a", null, null, null);
            client.claimUnit(run.id(), "w", null, null);

            CompletableFuture<EventPage> events = CompletableFuture.supplyAsync(
                    () -> client.listEvents(run.id(), 0L, null, null, null, WAIT_MS));
            CompletableFuture<Answer> output = CompletableFuture.supplyAsync(() -> client.call("readOutput",
                    body("runId", run.id(), "unitId", "a", "waitMs", WAIT_MS)));
            awaitWaiting(watch, 2, events, output);

            long appended = System.nanoTime();
            client.appendEvent(run.id(), "woke", null, null);
            EventPage page = events.get(30, TimeUnit.SECONDS);
            assertEquals(1, page.events().size(), "the long poll answers with the event it was woken for");
            assertAnsweredEarly(appended);

            appended = System.nanoTime();
            Answer chunk = client.call("appendOutput", body("runId", run.id(), "unitId", "a", "attempt", 1, "text", "hi"));
            assertEquals(200, chunk.status(), chunk.raw());
            JsonNode read = output.get(30, TimeUnit.SECONDS).json();
            assertEquals("hi", read.get("chunks").get(0).get("text").asText(), read.toString());
            assertAnsweredEarly(appended);

            assertEquals(0, watch.waiting(), "an answered follower's wait is gone, not left in the watch");

            Run deleted = client.createRun("wakeup-deleted/" + System.nanoTime(), "/repo", "main", "t", 1, Map.of());
            CompletableFuture<EventPage> orphan = CompletableFuture.supplyAsync(
                    () -> client.listEvents(deleted.id(), 0L, null, null, null, WAIT_MS));
            awaitWaiting(watch, 1, orphan);
            client.deleteRun(deleted.id());
            ExecutionException failure = assertThrows(ExecutionException.class, () -> orphan.get(30, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof ProblemException problem && problem.problem().code().equals("run-not-found"),
                    "a follower of a deleted run: " + failure.getCause());
            assertEquals(0, watch.waiting(), "a follower that failed left no wait behind");

            Run ending = client.createRun("wakeup-ending/" + System.nanoTime(), "/repo", "main", "t", 1, Map.of());
            CompletableFuture<EventStream.Message> end = CompletableFuture.supplyAsync(() -> {
                try (EventStream stream = client.streamEvents(ending.id(), null, null, null, null)) {
                    return stream.next(); // keep-alive comments are counted, not returned
                }
            });
            awaitWaiting(watch, 1, end);
            long completed = System.nanoTime();
            client.updateRunStatus(ending.id(), "completed", null, null);
            EventStream.Message message = assertDoesNotThrow(() -> end.get(30, TimeUnit.SECONDS),
                    "the stream of a run turned terminal did not end (keep-alive and the look for others' commits are an hour away)");
            assertEquals("end", message.event(), "a run turned terminal ends its stream: " + message);
            assertAnsweredEarly(completed);
        }
    }

    /** Until {@code count} followers wait (they have read and found nothing), or fails if one answered already. */
    private static void awaitWaiting(LogWatch watch, int count, CompletableFuture<?>... followers) throws InterruptedException {
        for (int i = 0; i < 300 && watch.waiting() < count; i++) {
            Thread.sleep(20);
        }
        Thread.sleep(300); // registered before their first read: let that read find nothing
        for (CompletableFuture<?> follower : followers) {
            assertFalse(follower.isDone(), "nothing was committed, so the follower still waits");
        }
        assertEquals(count, watch.waiting());
    }

    private static void assertAnsweredEarly(long committedNanos) {
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committedNanos);
        assertTrue(waited < WAIT_MS / 3, "answered " + waited + " ms after the commit, not at the end of its "
                + WAIT_MS + " ms wait (the next look for others' commits is an hour away)");
    }
}
