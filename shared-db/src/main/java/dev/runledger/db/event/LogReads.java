package dev.runledger.db.event;

import dev.runledger.db.DatabaseSettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that read the log for followers: as many as the pool has connections, so that a burst of wakeups
 * (a commit to a run that a hundred followers wait on) queues here instead of parking a thread per follower on the
 * pool; a follower that waits holds none of them.
 */
@Singleton
public final class LogReads implements Executor {

    private final ExecutorService threads;

    public LogReads(DatabaseSettings settings) {
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(settings.poolSize(), task -> {
            Thread thread = new Thread(task, "runledger-log-read-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void execute(Runnable task) {
        threads.execute(task);
    }

    @PreDestroy
    void stop() {
        threads.shutdown();
    }
}
