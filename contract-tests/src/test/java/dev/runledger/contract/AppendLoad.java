package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Concurrent writers appending to a few runs until stopped or until the server stops answering, keeping every
 * acknowledged event: the load of the tests that stop the server under it (kill -9, SIGTERM).
 */
final class AppendLoad implements AutoCloseable {

    private final ConcurrentLinkedQueue<Event> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService pool;
    private final List<Future<?>> writers = new ArrayList<>();

    /** {@code writers} threads, spread over {@code runs}, each appending {@code {"writer": w, "i": i}} in turn. */
    AppendLoad(RunLedgerClient client, List<Run> runs, int writers) {
        this.pool = Executors.newFixedThreadPool(writers);
        for (int w = 0; w < writers; w++) {
            Run run = runs.get(w % runs.size());
            int writer = w;
            this.writers.add(pool.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    JsonNode payload = Json.parse("{\"writer\":" + writer + ",\"i\":" + i + "}");
                    try {
                        acknowledged.add(client.appendEvent(run.id(), "tick", null, payload));
                    } catch (RuntimeException refusedOrGone) {
                        return null; // a problem answer or no connection: not acknowledged
                    }
                }
                return null;
            }));
        }
    }

    /** Waits until {@code count} appends have been acknowledged. */
    void awaitAcknowledged(int count) throws InterruptedException {
        while (acknowledged.size() < count) {
            Thread.sleep(5);
        }
    }

    /** Stops the writers, waits for them, and returns every acknowledged event. */
    List<Event> finish() throws InterruptedException, ExecutionException {
        stop.set(true);
        for (Future<?> writer : writers) {
            writer.get();
        }
        pool.shutdown();
        return List.copyOf(acknowledged);
    }

    @Override
    public void close() {
        stop.set(true);
        pool.shutdownNow();
    }
}
