package dev.runledger.db.output;

import dev.runledger.db.JdbcStatements;
import dev.runledger.db.event.LogWatch;
import dev.runledger.db.time.Timestamps;
import dev.runledger.db.write.Writer;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * Removes the output of attempts closed longer ago than {@link OutputSettings#retention()}, in the background: every
 * {@link OutputSettings#sweepInterval()}, oldest attempt first, at most {@link OutputSettings#sweepBatch()} chunks
 * per write, each write queued among the others, so the writer is never held for more than one batch. The attempt's
 * record stays; its {@code outputPruned} becomes true with the first batch (a reader then gets no chunk rather than
 * part of the output), and its row is marked done with the last.
 */
@Context
public final class OutputRetention {

    private static final Logger LOG = LoggerFactory.getLogger(OutputRetention.class);
    /** {@code unit_attempts.output_pruned}: being removed (answered as removed), and removed. */
    private static final int REMOVING = 2;
    private static final int REMOVED = 1;

    private final Writer writer;
    private final JdbcStatements sql;
    private final LogWatch watch;
    private final OutputSettings settings;
    private final ScheduledFuture<?> schedule;

    public OutputRetention(Writer writer, JdbcStatements sql, LogWatch watch, OutputSettings settings,
                           @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.writer = writer;
        this.sql = sql;
        this.watch = watch;
        this.settings = settings;
        this.schedule = settings.retention() == null ? null
                : scheduler.scheduleWithFixedDelay(settings.sweepInterval(), settings.sweepInterval(), this::sweep);
    }

    /** Removes the output the retention no longer keeps; returns how many chunks. */
    public long sweep() {
        if (settings.retention() == null) {
            return 0;
        }
        String cutoff = Timestamps.format(Instant.now().minus(settings.retention()));
        long removed = 0;
        try {
            long batch;
            do {
                batch = writer.write(() -> removeBatch(cutoff));
                removed += Math.max(batch, 0);
            } while (batch >= 0);
        } catch (RuntimeException e) {
            // Caught, not thrown: a scheduled task that throws is never run again.
            LOG.warn("Output retention stopped early; the next sweep goes on: {}", e.toString());
        }
        return removed;
    }

    /**
     * In one write: up to a batch of chunks of the oldest attempt closed before {@code cutoff} whose output is not yet
     * removed; -1 when there is none. (Timestamps of unit_attempts are RunLedger's own, in one fixed-width UTC form,
     * so they compare as text.)
     */
    private long removeBatch(String cutoff) {
        record Kept(String unitId, int attempt, int pruned) {
        }
        Kept oldest = sql.write("SELECT unit_id, attempt, output_pruned FROM unit_attempts WHERE output_chunks > 0"
                + " AND output_pruned <> " + REMOVED + " AND completed_at < ? ORDER BY completed_at LIMIT 1", statement -> {
            statement.setString(1, cutoff);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? new Kept(rows.getString(1), rows.getInt(2), rows.getInt(3)) : null;
            }
        });
        if (oldest == null) {
            return -1;
        }
        String unitId = oldest.unitId();
        int number = oldest.attempt();
        if (oldest.pruned() != REMOVING) {
            mark(unitId, number, REMOVING);
            watch.changed(new LogWatch.AttemptOutput(unitId, number));
        }
        int deleted = sql.write("DELETE FROM output_chunks WHERE unit_id = ? AND attempt = ? AND chunk < "
                + "(SELECT MIN(chunk) FROM output_chunks WHERE unit_id = ? AND attempt = ?) + ?", statement -> {
            statement.setString(1, unitId);
            statement.setInt(2, number);
            statement.setString(3, unitId);
            statement.setInt(4, number);
            statement.setInt(5, settings.sweepBatch());
            return statement.executeUpdate();
        });
        if (deleted < settings.sweepBatch()) {
            mark(unitId, number, REMOVED);
        }
        return deleted;
    }

    private void mark(String unitId, int attempt, int state) {
        sql.write("UPDATE unit_attempts SET output_pruned = ? WHERE unit_id = ? AND attempt = ?", statement -> {
            statement.setInt(1, state);
            statement.setString(2, unitId);
            statement.setInt(3, attempt);
            return statement.executeUpdate();
        });
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
