package dev.runledger.db.event;

import dev.runledger.db.JdbcStatements;
import dev.runledger.db.write.TransactionListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the followers of a run's log, or of an attempt's output ({@link AttemptOutput}), when it may have changed. It only wakes: a woken follower reads the log from its
 * own cursor in the database, so nothing is ever delivered from memory, and a wakeup too many costs one read, never
 * an event. A waiting follower is a future in a map, not a thread.
 *
 * <p>Three sources: the writes of this process (told by the {@link dev.runledger.db.write.Writer} after their
 * commit, so a follower never reads before the commit it was woken for); and, for commits made elsewhere (another
 * instance on the same PostgreSQL database, another process such as the Go daemon on the same SQLite file), a look
 * at the watched runs every {@link FollowSettings#pollInterval()}, only while someone waits: one query for all of
 * them, which wakes a follower whose run's last sequence or status (an attempt's last chunk or status) differs from
 * what it last read.
 */
@Singleton
public final class LogWatch implements TransactionListener, GracefulShutdownCapable {

    private static final Logger LOG = LoggerFactory.getLogger(LogWatch.class);
    /** Run ids (or attempts, two parameters each) per poll statement: well under SQLite's limit on bound parameters. */
    private static final int RUNS_PER_QUERY = 500;

    private final JdbcStatements sql;
    /** Waits by what they follow: a run's id (its events), or an {@link AttemptOutput}. */
    private final Map<Object, Set<Wait>> waits = new ConcurrentHashMap<>();
    /** Logs changed by the writer's current transaction; the writer's thread only. */
    private final Set<Object> changed = new HashSet<>();
    private final ScheduledFuture<?> schedule;
    private volatile boolean open = true;

    public LogWatch(JdbcStatements sql, FollowSettings settings,
                    @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.sql = sql;
        this.schedule = scheduler.scheduleWithFixedDelay(settings.pollInterval(), settings.pollInterval(), this::poll);
    }

    /**
     * Starts waiting for a change of {@code runId}'s log. Taken before the follower reads, so that a commit between
     * its read and its wait still wakes it; then {@link Wait#seen} says what the read found.
     */
    public Wait watch(String runId) {
        return watchLog(runId);
    }

    /** As {@link #watch}, for the output of a unit's attempt. */
    public Wait watchOutput(AttemptOutput output) {
        return watchLog(output);
    }

    private Wait watchLog(Object log) {
        Wait wait = new Wait(log);
        waits.compute(log, (id, watching) -> {
            Set<Wait> set = watching == null ? ConcurrentHashMap.newKeySet() : watching;
            set.add(wait); // inside compute: a concurrent cancel cannot drop the set this wait joins
            return set;
        });
        return wait;
    }

    /** Inside a write: {@code runId}'s log or status changes; its followers are woken once the write commits. */
    public void changed(String runId) {
        changed.add(runId);
    }

    /** Inside a write: the attempt's output or status changes; its followers are woken once the write commits. */
    public void changed(AttemptOutput output) {
        changed.add(output);
    }

    @Override
    public void began(java.sql.Connection connection) {
        changed.clear();
    }

    @Override
    public void committed() {
        if (!changed.isEmpty()) {
            changed.forEach(this::wake);
            changed.clear();
        }
    }

    /**
     * Whether followers may still wait. At shutdown every wait ends at once and no new one begins, so that waiting
     * long polls answer (with what there is) and streams close, within the grace period rather than at its end.
     */
    public boolean open() {
        return open;
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        open = false;
        new ArrayList<>(waits.keySet()).forEach(this::wake);
        return CompletableFuture.completedFuture(null);
    }

    /** Followers currently waiting (for tests and monitoring). */
    public int waiting() {
        return waits.values().stream().mapToInt(Set::size).sum();
    }

    private void wake(Object log) {
        Set<Wait> woken = waits.remove(log);
        if (woken != null) {
            woken.forEach(wait -> wait.woken.complete(null));
        }
    }

    /** Wakes the followers whose log differs from what they last read (a commit made elsewhere), or is gone. */
    void poll() {
        if (waits.isEmpty()) {
            return;
        }
        try {
            List<String> runs = new ArrayList<>();
            List<AttemptOutput> outputs = new ArrayList<>();
            for (Object log : waits.keySet()) {
                if (log instanceof AttemptOutput output) {
                    outputs.add(output);
                } else {
                    runs.add((String) log);
                }
            }
            Map<Object, LogMark> now = new HashMap<>();
            for (int from = 0; from < runs.size(); from += RUNS_PER_QUERY) {
                marks(runs.subList(from, Math.min(runs.size(), from + RUNS_PER_QUERY)))
                        .forEach(mark -> now.put(mark.log(), mark));
            }
            for (int from = 0; from < outputs.size(); from += RUNS_PER_QUERY / 2) {
                outputMarks(outputs.subList(from, Math.min(outputs.size(), from + RUNS_PER_QUERY / 2)))
                        .forEach(mark -> now.put(mark.log(), mark));
            }
            for (Object log : waits.keySet()) {
                LogMark mark = now.get(log);
                Set<Wait> watching = waits.get(log);
                if (watching != null && watching.stream().anyMatch(wait -> wait.outdatedBy(mark))) {
                    wake(log);
                }
            }
        } catch (RuntimeException e) {
            // Caught, not thrown: a scheduled task that throws is never run again. Waits still end at their timeouts.
            LOG.warn("Looking for changes made elsewhere failed; the next look goes on: {}", e.toString());
        }
    }

    /**
     * Where each run's log stands now, for the runs that exist (a deleted run is missing): one statement for many
     * runs, so that watching a thousand runs costs one query.
     */
    private List<LogMark> marks(List<String> runIds) {
        return sql.read("SELECT r.id, r.status, (SELECT COALESCE(MAX(e.sequence), 0) FROM events e WHERE e.run_id = r.id)"
                + " FROM runs r WHERE r.id IN (" + String.join(", ", Collections.nCopies(runIds.size(), "?")) + ")", statement -> {
            for (int i = 0; i < runIds.size(); i++) {
                statement.setString(i + 1, runIds.get(i));
            }
            List<LogMark> marks = new ArrayList<>(runIds.size());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    marks.add(new LogMark(rows.getString(1), rows.getString(2), rows.getLong(3)));
                }
            }
            return marks;
        });
    }

    /** As {@link #marks}, for attempts' output: each attempt's status and chunk count, in one statement. */
    private List<LogMark> outputMarks(List<AttemptOutput> outputs) {
        return sql.read("SELECT unit_id, attempt, status, output_chunks FROM unit_attempts WHERE "
                + String.join(" OR ", Collections.nCopies(outputs.size(), "(unit_id = ? AND attempt = ?)")), statement -> {
            for (int i = 0; i < outputs.size(); i++) {
                statement.setString(2 * i + 1, outputs.get(i).unitId());
                statement.setInt(2 * i + 2, outputs.get(i).attempt());
            }
            List<LogMark> marks = new ArrayList<>(outputs.size());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    marks.add(new LogMark(new AttemptOutput(rows.getString(1), rows.getInt(2)), rows.getString(3),
                            rows.getLong(4)));
                }
            }
            return marks;
        });
    }

    @PreDestroy
    void stop() {
        schedule.cancel(false);
    }

    /** The output of one attempt of a unit ({@code unitId} the unit's stored id), as followed. */
    public record AttemptOutput(String unitId, int attempt) {
    }

    /** One follower's wait: {@link #woken} completes when the log may have changed. */
    public final class Wait {

        private final Object log;
        private final CompletableFuture<Void> woken = new CompletableFuture<>();
        private volatile @Nullable LogMark seen;

        private Wait(Object log) {
            this.log = log;
        }

        /** What the follower's read found; until then, the poll does not wake it (its read is still to come). */
        public void seen(LogMark mark) {
            this.seen = mark;
        }

        /** Completes when the run may have changed, or after {@code timeoutMillis}. */
        public CompletableFuture<Void> woken(long timeoutMillis) {
            return woken.completeOnTimeout(null, timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((done, failure) -> cancel());
        }

        /** Stops waiting. */
        public void cancel() {
            waits.computeIfPresent(log, (id, watching) -> {
                watching.remove(this);
                return watching.isEmpty() ? null : watching;
            });
        }

        private boolean outdatedBy(@Nullable LogMark now) {
            LogMark read = seen;
            return read != null && !read.equals(now);
        }
    }
}
