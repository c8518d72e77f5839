package dev.runledger.db.event;

import dev.runledger.db.DatabaseSettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The threads that read the log for followers, and the reads they share. As many threads as the pool has
 * connections, so that a burst of wakeups (a commit to a run that a hundred followers wait on) queues here instead of
 * parking a thread per follower on the pool; a follower that waits holds none of them.
 *
 * <p>Followers that ask for the same page (same run, cursor, filters and limit) while its read has not yet begun share
 * that one read: a commit wakes every follower of its run at once, and most of them stand at the same cursor. Each
 * still gets what the database holds from its own cursor at a moment after it asked, so sharing changes no answer;
 * it only keeps the reads per commit near one per cursor instead of one per follower when the readers are busy.
 */
@Singleton
public final class LogReads {

    private final ExecutorService threads;
    /** Orders followers' requests against reads' starts: a read that starts after a tick sees every commit before it. */
    private final AtomicLong clock = new AtomicLong();
    /** Reads asked for and not yet done, by query: an {@link EventQuery}, or another log's query record. */
    private final Map<Object, SharedRead<?, ?>> reading = new ConcurrentHashMap<>();

    public LogReads(DatabaseSettings settings) {
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(settings.poolSize(), task -> {
            Thread thread = new Thread(task, "runledger-log-read-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The page {@code query} asks for, read on one of these threads by {@code read}, by a read that begins after this
     * call (so it holds every commit made before it): one already asked for and not yet begun, or a new one.
     */
    @SuppressWarnings("unchecked") // a query's read is always put under that query, with its page type
    public <Q, P> CompletableFuture<P> page(Q query, Function<Q, P> read) {
        long asked = clock.incrementAndGet();
        List<SharedRead<Q, P>> created = new ArrayList<>(1);
        SharedRead<Q, P> shared = (SharedRead<Q, P>) reading.compute(query, (same, current) -> {
            if (current != null && current.beganAfter(asked)) {
                return current;
            }
            SharedRead<Q, P> read1 = new SharedRead<>(query, read);
            created.add(read1);
            return read1;
        });
        if (!created.isEmpty()) {
            SharedRead<Q, P> started = created.get(0);
            try {
                threads.execute(started);
            } catch (RejectedExecutionException e) { // shut down
                reading.remove(query, started);
                started.page.completeExceptionally(e);
            }
        }
        return shared.page;
    }

    @PreDestroy
    void stop() {
        threads.shutdown();
    }

    private final class SharedRead<Q, P> implements Runnable {

        private final Q query;
        private final Function<Q, P> read;
        private final CompletableFuture<P> page = new CompletableFuture<>();
        /** The clock when the read began; until then, later than any tick. */
        private volatile long began = Long.MAX_VALUE;

        private SharedRead(Q query, Function<Q, P> read) {
            this.query = query;
            this.read = read;
        }

        /**
         * Whether the read begins after {@code tick}. Exact though {@link #began} is set a moment after the clock is
         * read: a follower that still sees it unset asked before the statement starts.
         */
        private boolean beganAfter(long tick) {
            return began > tick;
        }

        @Override
        public void run() {
            began = clock.incrementAndGet();
            try {
                page.complete(read.apply(query));
            } catch (RuntimeException e) {
                page.completeExceptionally(e);
            } finally {
                reading.remove(query, this);
            }
        }
    }
}
