package dev.runledger.db.merge;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.runledger.db.DatabaseVendor;
import dev.runledger.db.Fields;
import dev.runledger.db.JdbcStatements;
import dev.runledger.db.StoreClock;
import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.run.Runs;
import dev.runledger.db.time.Timestamps;
import dev.runledger.db.unit.Unit;
import dev.runledger.db.unit.Units;
import dev.runledger.db.write.Writer;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges (docs/CONTRACT.md, v3 §6): recorded, their pull request's status moved by the transition table
 * ({@link PrStatus}) with an optional compare-and-set, listed by run. Every write goes through the writer; an update
 * reads the merge locked ({@code FOR UPDATE} where several instances write), so a compare-and-set has one winner.
 */
@Singleton
public final class Merges {

    private static final String COLUMNS = "id, run_id, unit_id, attempt, target_branch, kind, merge_commit, merge_base, "
            + "pr_number, pr_url, pr_status, merged_at, created_at, updated_at";

    private final JdbcStatements sql;
    private final Writer writer;
    private final Runs runs;
    private final Units units;
    private final StoreClock clock;
    private final DatabaseVendor vendor;

    public Merges(JdbcStatements sql, Writer writer, Runs runs, Units units, StoreClock clock, DatabaseVendor vendor) {
        this.sql = sql;
        this.writer = writer;
        this.runs = runs;
        this.units = units;
        this.clock = clock;
        this.vendor = vendor;
    }

    /**
     * @throws StoreException {@link Failure#RUN_NOT_FOUND}, {@link Failure#UNIT_NOT_FOUND},
     *                        {@link Failure#ATTEMPT_NOT_FOUND} (an attempt the unit never had)
     */
    public Merge record(NewMerge merge) {
        return writer.write(merge.runId(), () -> {
            runs.requireExists(merge.runId());
            Integer attempt = merge.attempt();
            if (merge.unitId() != null) {
                String unitId = Unit.idOf(merge.runId(), merge.unitId());
                int current = units.currentAttempt(unitId);
                if (attempt != null && attempt > current) {
                    throw new StoreException(Failure.ATTEMPT_NOT_FOUND, "Unit '" + merge.unitId() + "' of run '"
                            + merge.runId() + "' has no attempt " + attempt + ".");
                }
                attempt = attempt != null ? attempt : current == 0 ? null : current;
            }
            String id = UlidCreator.getMonotonicUlid().toString();
            String now = Timestamps.format(clock.now());
            Integer storedAttempt = attempt;
            sql.write("INSERT INTO merges (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", statement -> {
                statement.setString(1, id);
                statement.setString(2, merge.runId());
                statement.setString(3, merge.unitId());
                setInteger(statement, 4, storedAttempt);
                statement.setString(5, merge.targetBranch());
                statement.setString(6, merge.kind());
                statement.setString(7, merge.mergeCommit());
                statement.setString(8, merge.mergeBase());
                if (merge.pr() == null) {
                    statement.setNull(9, Types.BIGINT);
                } else {
                    statement.setLong(9, merge.pr().number());
                }
                statement.setString(10, merge.pr() == null ? null : merge.pr().url());
                statement.setString(11, merge.pr() == null ? null : merge.pr().status());
                statement.setString(12, merge.mergedAt() == null ? null : Timestamps.format(merge.mergedAt()));
                statement.setString(13, now);
                statement.setString(14, now);
                return statement.executeUpdate();
            });
            return find(id, false);
        });
    }

    /**
     * Moves a pull request merge: its status by the table, {@code mergedAt}, {@code mergeCommit}; with
     * {@code expected}, only from that status.
     *
     * @throws StoreException {@link Failure#MERGE_NOT_FOUND}; {@link Failure#INVALID_FIELD} for a direct merge;
     *                        {@link Failure#INVALID_TRANSITION} (the table, {@code expected} not met, merged without a
     *                        commit)
     */
    public Merge update(String id, @Nullable PrStatus status, @Nullable Instant mergedAt, @Nullable String mergeCommit,
                        @Nullable PrStatus expected) {
        return writer.write(id, () -> {
            Merge merge = find(id, vendor.locksRows());
            if (merge.pr() == null) {
                throw Fields.invalid("Merge '" + id + "' is direct: only a pull request merge is updated.");
            }
            PrStatus from = PrStatus.of(merge.pr().status(), "pr.status");
            if (expected != null && expected != from) {
                throw new StoreException(Failure.INVALID_TRANSITION, "The pull request of merge '" + id + "' is "
                        + from.value() + ", not " + expected.value() + ".");
            }
            PrStatus to = status == null ? from : status;
            from.requireMoveTo(to, id);
            String commit = mergeCommit != null ? mergeCommit : merge.mergeCommit();
            if (to == PrStatus.MERGED && commit == null) {
                throw new StoreException(Failure.INVALID_TRANSITION, "Merge '" + id
                        + "' cannot be merged without 'mergeCommit' (give it, or record it first).");
            }
            Instant at = mergedAt != null ? mergedAt : merge.mergedAt();
            sql.write("UPDATE merges SET pr_status = ?, merge_commit = ?, merged_at = ?, updated_at = ? WHERE id = ?", statement -> {
                statement.setString(1, to.value());
                statement.setString(2, commit);
                statement.setString(3, at == null ? null : Timestamps.format(at));
                statement.setString(4, Timestamps.format(clock.now()));
                statement.setString(5, id);
                return statement.executeUpdate();
            });
            return find(id, false);
        });
    }

    /** The run's merges (of one unit, when given), by creation, then id. @throws StoreException {@link Failure#RUN_NOT_FOUND} */
    public List<Merge> list(String runId, @Nullable String unitId) {
        runs.requireExists(runId);
        return sql.read("SELECT " + COLUMNS + " FROM merges WHERE run_id = ?" + (unitId == null ? "" : " AND unit_id = ?")
                + " ORDER BY created_at, id", statement -> {
            statement.setString(1, runId);
            if (unitId != null) {
                statement.setString(2, unitId);
            }
            List<Merge> merges = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    merges.add(merge(rows));
                }
            }
            return merges;
        });
    }

    private Merge find(String id, boolean lock) {
        return sql.write("SELECT " + COLUMNS + " FROM merges WHERE id = ?" + (lock ? " FOR UPDATE" : ""), statement -> {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new StoreException(Failure.MERGE_NOT_FOUND, "Merge '" + id + "' does not exist.");
                }
                return merge(rows);
            }
        });
    }

    private static Merge merge(ResultSet rows) throws SQLException {
        int attempt = rows.getInt(4);
        Integer storedAttempt = rows.wasNull() ? null : attempt;
        long number = rows.getLong(9);
        Merge.PullRequest pr = rows.wasNull() ? null : new Merge.PullRequest(number, rows.getString(10), rows.getString(11));
        String mergedAt = rows.getString(12);
        return new Merge(rows.getString(1), rows.getString(2), rows.getString(3), storedAttempt, rows.getString(5),
                rows.getString(6), rows.getString(7), rows.getString(8), pr,
                mergedAt == null ? null : Timestamps.parse(mergedAt), Timestamps.parse(rows.getString(13)),
                Timestamps.parse(rows.getString(14)));
    }

    private static void setInteger(PreparedStatement statement, int index, @Nullable Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }
}
