package dev.runledger.db.write;

import java.sql.Connection;

/**
 * Told by the {@link Writer} what becomes of its transactions, on the writer's thread: for what must follow the
 * database exactly, such as a memory of what the writer wrote (which a rollback undoes) or a wakeup for readers
 * (which must not come before the commit). A singleton bean implementing it is registered by being one.
 */
public interface TransactionListener {

    /** A transaction began on {@code connection}; nothing of it has run yet. */
    default void began(Connection connection) {
    }

    /** The transaction's writes are done and it is about to commit: the last statement it may run. */
    default void committing(Connection connection) {
    }

    /** It committed: what it wrote is durable and visible. */
    default void committed() {
    }

    /** Right after {@link #committed}: how many queued writes the transaction carried (for measuring group commit). */
    default void batchCommitted(int writes) {
    }

    /** It, or one write inside it (a savepoint), was rolled back: some of what it wrote is gone. */
    default void rolledBack() {
    }

    /**
     * A write, or the whole transaction, failed with {@code cause} (then {@link #rolledBack} follows or came): a
     * {@code StoreException} of {@code STORAGE_FULL} when the storage itself failed, as the writer decided it.
     */
    default void failed(RuntimeException cause) {
    }
}
