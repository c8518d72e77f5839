package dev.runledger.db.event;

import dev.runledger.db.DatabaseVendor;
import dev.runledger.db.write.TransactionListener;
import dev.runledger.db.write.Writer;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Each run's last sequence as the {@link Writer} last appended it, remembered across the writer's transactions so
 * that an append needs no {@code MAX(sequence)} lookup. All of its rules are here:
 * <ul>
 *   <li>It is used only on the writer's thread, inside the writer's transaction (by {@link EventLog}).</li>
 *   <li>It holds while nothing but the writer's own committed transactions changed the database. At the start of
 *       each transaction, under the write lock, it compares the vendor's change mark with the one taken as the
 *       writer's last transaction committed, and forgets everything when they differ or cannot be known
 *       (another process such as the Go daemon wrote the file; on PostgreSQL, always).</li>
 *   <li>A rollback, of a transaction or of one write's savepoint, forgets everything: it may have undone an
 *       append remembered here.</li>
 *   <li>Deleting a run forgets that run ({@link #forget}): a run created again under its id starts at 1.</li>
 *   <li>Where rows are locked (PostgreSQL), a run remembered here is locked by the current transaction: everything
 *       is forgotten when a transaction begins, and the append that put the run here locked its row first (a
 *       savepoint's rollback, which releases its locks, forgets everything). An append to it needs neither the lock
 *       again nor the lookup.</li>
 * </ul>
 */
@Singleton
public final class RunSequences implements TransactionListener {

    private final DatabaseVendor vendor;
    private final Map<String, Long> last = new HashMap<>();
    /** The change mark as the writer's last transaction committed; empty when none may be relied on. */
    private Optional<Object> markAtLastCommit = Optional.empty();
    private Optional<Object> markAtCommit = Optional.empty();

    public RunSequences(DatabaseVendor vendor) {
        this.vendor = vendor;
    }

    /** The run's last sequence if remembered; otherwise the caller reads it from the database. */
    OptionalLong last(String runId) {
        Long known = last.get(runId);
        return known == null ? OptionalLong.empty() : OptionalLong.of(known);
    }

    /** The writer appended {@code sequence} to the run in its current transaction. */
    void appended(String runId, long sequence) {
        last.put(runId, sequence);
    }

    /** The run is being deleted, with its events. */
    public void forget(String runId) {
        last.remove(runId);
    }

    @Override
    public void began(Connection connection) {
        if (markAtLastCommit.isEmpty() || !markAtLastCommit.equals(vendor.changeMark(connection))) {
            last.clear();
        }
    }

    @Override
    public void committing(Connection connection) {
        markAtCommit = vendor.changeMark(connection);
    }

    @Override
    public void committed() {
        markAtLastCommit = markAtCommit;
    }

    @Override
    public void rolledBack() {
        last.clear();
        markAtLastCommit = Optional.empty();
    }
}
