package dev.runledger.functions.metrics;

import dev.runledger.db.write.TransactionListener;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Group commit, measured on the writer's thread: how many writes each transaction carried
 * ({@code runledger_writer_batch_size}) and how long its commit took ({@code runledger_commit_duration_seconds}).
 */
@Singleton
final class WriterMetrics implements TransactionListener {

    private final DistributionSummary batchSize;
    private final Timer commit;
    private long committing; // the writer's thread only

    WriterMetrics(PrometheusMeterRegistry registry) {
        this.batchSize = DistributionSummary.builder("runledger.writer.batch.size")
                .description("Queued writes committed together in one transaction")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512).register(registry);
        this.commit = Timer.builder("runledger.commit.duration")
                .description("The writer's commits, from the last statement to durable")
                .serviceLevelObjectives(millis(0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000))
                .register(registry);
    }

    /** Histogram buckets of these milliseconds. */
    static Duration[] millis(double... bounds) {
        Duration[] buckets = new Duration[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            buckets[i] = Duration.ofNanos((long) (bounds[i] * 1_000_000));
        }
        return buckets;
    }

    @Override
    public void committing(Connection connection) {
        committing = System.nanoTime();
    }

    @Override
    public void batchCommitted(int writes) {
        commit.record(System.nanoTime() - committing, TimeUnit.NANOSECONDS);
        batchSize.record(writes);
    }
}
