package dev.runledger.db.run;

import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.ScheduledFuture;

/**
 * {@code pruneRuns} by itself ({@link RunRetentionSettings}): every sweep interval, the runs finished longer ago than
 * the retention are removed, as {@link RunPruning} removes them (a write per run), a thousand at a time until none is
 * left.
 */
@Context
public final class RunRetention {

    private static final Logger LOG = LoggerFactory.getLogger(RunRetention.class);
    private static final int RUNS_PER_PASS = 1000;

    private final RunPruning pruning;
    private final RunRetentionSettings settings;
    private final ScheduledFuture<?> schedule;

    public RunRetention(RunPruning pruning, RunRetentionSettings settings,
                        @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.pruning = pruning;
        this.settings = settings;
        this.schedule = settings.retention() == null ? null
                : scheduler.scheduleWithFixedDelay(settings.sweepInterval(), settings.sweepInterval(), this::sweep);
    }

    /** Removes the runs the retention no longer keeps; returns how many. */
    public long sweep() {
        if (settings.retention() == null) {
            return 0;
        }
        Instant before = Instant.now().minus(settings.retention());
        long removed = 0;
        try {
            RunPruning.Pruned pass;
            do {
                pass = pruning.prune(before, EnumSet.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED),
                        RUNS_PER_PASS, false);
                removed += pass.runs();
            } while (pass.more() && pass.runs() > 0);
        } catch (RuntimeException e) {
            // Caught, not thrown: a scheduled task that throws is never run again.
            LOG.warn("Run retention stopped early; the next sweep goes on: {}", e.toString());
        }
        return removed;
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
