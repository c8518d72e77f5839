package dev.runledger.db.idempotency;

import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledFuture;

/**
 * Reclaims the storage of idempotency keys older than the retention, in the background: every
 * {@link IdempotencySettings#sweepInterval()}, batches of {@link IdempotencySettings#sweepBatch()} keys, each its own
 * short write queued among the others, until none is left. The writer is never held for more than one batch.
 */
@Context
public final class ExpiredKeySweep {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredKeySweep.class);

    private final IdempotencyKeys keys;
    private final IdempotencySettings settings;
    private final ScheduledFuture<?> schedule;

    public ExpiredKeySweep(IdempotencyKeys keys, IdempotencySettings settings,
                           @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.keys = keys;
        this.settings = settings;
        this.schedule = scheduler.scheduleWithFixedDelay(settings.sweepInterval(), settings.sweepInterval(), this::sweep);
    }

    /** Removes every key first used more than the retention ago; returns how many. */
    public int sweep() {
        long cutoff = System.currentTimeMillis() - settings.retention().toMillis();
        int removed = 0;
        try {
            int batch;
            do {
                batch = keys.removeExpired(cutoff, settings.sweepBatch());
                removed += batch;
            } while (batch == settings.sweepBatch());
        } catch (RuntimeException e) {
            // Caught, not thrown: a scheduled task that throws is never run again.
            LOG.warn("Idempotency key sweep stopped early; the next one goes on: {}", e.toString());
        }
        return removed;
    }

    @PreDestroy
    void stop() {
        schedule.cancel(false);
    }
}
