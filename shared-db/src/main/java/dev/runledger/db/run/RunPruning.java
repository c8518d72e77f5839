package dev.runledger.db.run;

import dev.runledger.db.JdbcStatements;
import dev.runledger.db.time.Timestamps;
import dev.runledger.db.write.Writer;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Removes finished runs with everything they own (docs/CONTRACT.md, v3 §8): runs whose status is one of those asked
 * (completed, failed, cancelled) and whose {@code completedAt} is before a moment, oldest first. Each run is removed in
 * a write of its own, so that appends to other runs wait behind at most one run's removal; each write checks the run
 * again under its lock, so a run retried meanwhile (running again) is never removed. A run without
 * {@code completedAt} (rows the Go daemon wrote may lack it) is never removed.
 */
@Singleton
public final class RunPruning {

    private static final Logger LOG = LoggerFactory.getLogger(RunPruning.class);

    private final Runs runs;
    private final Writer writer;
    private final JdbcStatements sql;

    public RunPruning(Runs runs, Writer writer, JdbcStatements sql) {
        this.runs = runs;
        this.writer = writer;
        this.sql = sql;
    }

    /** What was removed (or, dry, would be), and whether matching runs remain past the limit. */
    public record Pruned(long runs, long units, long events, long outputChunks, long merges, boolean more) {
    }

    /**
     * Removes (or with {@code dryRun} only counts) up to {@code limit} runs finished before {@code finishedBefore} in
     * one of {@code statuses}, oldest first.
     */
    public Pruned prune(Instant finishedBefore, Set<RunStatus> statuses, int limit, boolean dryRun) {
        List<String> candidates = finishedBefore(finishedBefore, statuses);
        List<String> chosen = candidates.subList(0, Math.min(limit, candidates.size()));
        long[] total = new long[5];
        for (String id : chosen) {
            long[] counted = dryRun ? sql.read(() -> count(id)) : writer.write(id, () -> remove(id, finishedBefore, statuses));
            if (counted != null) {
                for (int i = 0; i < total.length; i++) {
                    total[i] += counted[i];
                }
            }
        }
        return new Pruned(total[0], total[1], total[2], total[3], total[4], candidates.size() > chosen.size());
    }

    /** The ids of the matching runs, oldest first (completedAt is compared as a moment: the Go daemon's forms vary). */
    private List<String> finishedBefore(Instant moment, Set<RunStatus> statuses) {
        List<RunStatus> asked = new ArrayList<>(statuses);
        record Finished(String id, Instant completedAt) {
        }
        List<Finished> found = sql.read("SELECT id, completed_at FROM runs WHERE completed_at IS NOT NULL AND status IN ("
                + String.join(", ", Collections.nCopies(asked.size(), "?")) + ")", statement -> {
            for (int i = 0; i < asked.size(); i++) {
                statement.setString(i + 1, asked.get(i).value());
            }
            List<Finished> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Instant completed = parsed(result.getString(1), result.getString(2));
                    if (completed != null && completed.isBefore(moment)) {
                        rows.add(new Finished(result.getString(1), completed));
                    }
                }
            }
            return rows;
        });
        found.sort(Comparator.comparing(Finished::completedAt).thenComparing(Finished::id));
        return found.stream().map(Finished::id).toList();
    }

    private static Instant parsed(String id, String completedAt) {
        try {
            return Timestamps.parse(completedAt);
        } catch (IllegalArgumentException e) {
            LOG.warn("Run '{}' is not pruned: its completedAt '{}' is not a timestamp", id, completedAt);
            return null;
        }
    }

    /**
     * Inside the run's write: the run, checked again under its lock, and what it owns removed table by table; each
     * deletion's row count is what it counts, so a removal reads nothing it does not delete. Null if the run no longer
     * matches. Child rows go first: the run row's own cascade then finds nothing left to look up.
     */
    private long[] remove(String id, Instant finishedBefore, Set<RunStatus> statuses) {
        Run run;
        try {
            run = runs.getForWrite(id);
        } catch (dev.runledger.db.StoreException gone) {
            return null; // removed meanwhile
        }
        boolean matches = RunStatus.of(run.status()).filter(statuses::contains).isPresent()
                && run.completedAt() != null && run.completedAt().isBefore(finishedBefore);
        if (!matches) {
            return null;
        }
        long outputChunks = delete("DELETE FROM output_chunks WHERE unit_id IN (SELECT id FROM units WHERE run_id = ?)", id);
        long events = delete("DELETE FROM events WHERE run_id = ?", id);
        long merges = delete("DELETE FROM merges WHERE run_id = ?", id);
        long units = delete("DELETE FROM units WHERE run_id = ?", id);
        runs.remove(id);
        return new long[]{1, units, events, outputChunks, merges};
    }

    private long delete(String statement, String runId) {
        return sql.write(statement, prepared -> {
            prepared.setString(1, runId);
            return (long) prepared.executeUpdate();
        });
    }

    /** A dry run's counts: the run itself (1), its units, events, attempts' output chunks and merges. */
    private long[] count(String id) {
        return sql.read("SELECT (SELECT COUNT(*) FROM units WHERE run_id = ?), (SELECT COUNT(*) FROM events WHERE run_id = ?),"
                + " (SELECT COUNT(*) FROM output_chunks o JOIN units u ON u.id = o.unit_id WHERE u.run_id = ?),"
                + " (SELECT COUNT(*) FROM merges WHERE run_id = ?), (SELECT COUNT(*) FROM runs WHERE id = ?)", statement -> {
            for (int i = 1; i <= 5; i++) {
                statement.setString(i, id);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new long[]{rows.getLong(5), rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)};
            }
        });
    }
}
