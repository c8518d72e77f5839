package dev.runledger.db.event;

import dev.runledger.db.DatabaseSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which followers share a read of the log: those that ask for the same page before its read begins, no others. */
class LogReadsTest {

    private final LogReads reads = new LogReads(new DatabaseSettings(null, null, null, 1));

    @AfterEach
    void stop() {
        reads.stop();
    }

    @Test
    void followersAskingForTheSamePageBeforeItsReadBeginsShareOneRead() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The one reader thread is busy, so the reads asked for below wait in the queue, not yet begun.
        reads.page(query("other", 0), q -> {
            busy.countDown();
            await(release);
            return page(q);
        });
        assertTrue(busy.await(10, TimeUnit.SECONDS));
        AtomicInteger statements = new AtomicInteger();
        CompletableFuture<EventPage> first = reads.page(query("r", 5), q -> {
            statements.incrementAndGet();
            return page(q);
        });
        CompletableFuture<EventPage> second = reads.page(query("r", 5), q -> {
            statements.incrementAndGet();
            return page(q);
        });
        CompletableFuture<EventPage> otherCursor = reads.page(query("r", 6), q -> {
            statements.incrementAndGet();
            return page(q);
        });
        assertSame(first, second);
        assertNotSame(first, otherCursor);
        release.countDown();
        assertEquals(5, first.get(10, TimeUnit.SECONDS).afterSequence());
        assertEquals(6, otherCursor.get(10, TimeUnit.SECONDS).afterSequence());
        assertEquals(2, statements.get(), "one statement for the two who asked for the same page, one for the other");
    }

    @Test
    void aFollowerNeverJoinsAReadThatBeganBeforeItAsked() throws Exception {
        CountDownLatch began = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<EventPage> early = reads.page(query("r", 0), q -> {
            began.countDown();
            await(release); // a commit made now is not in this read: the next follower must not be given it
            return page(q);
        });
        assertTrue(began.await(10, TimeUnit.SECONDS));
        CompletableFuture<EventPage> late = reads.page(query("r", 0), LogReadsTest::page);
        assertNotSame(early, late);
        release.countDown();
        late.get(10, TimeUnit.SECONDS);
        early.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFailedReadFailsEveryoneWhoSharedIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        reads.page(query("other", 0), q -> {
            await(release);
            return page(q);
        });
        CompletableFuture<EventPage> first = reads.page(query("gone", 0), q -> {
            throw new IllegalStateException("run deleted");
        });
        CompletableFuture<EventPage> second = reads.page(query("gone", 0), LogReadsTest::page);
        release.countDown();
        for (CompletableFuture<EventPage> page : List.of(first, second)) {
            assertTrue(page.handle((ok, failure) -> failure instanceof IllegalStateException).get(10, TimeUnit.SECONDS));
        }
    }

    private static EventQuery query(String runId, long after) {
        return new EventQuery(runId, after, 100, null, null);
    }

    private static EventPage page(EventQuery query) {
        return new EventPage(List.of(), query.afterSequence(), "running", query.afterSequence(), false);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
