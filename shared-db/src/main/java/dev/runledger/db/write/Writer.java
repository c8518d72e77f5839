package dev.runledger.db.write;

import dev.runledger.db.DatabaseErrors;
import dev.runledger.db.DatabaseVendor;
import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The single writer: every write of the store runs here, on one thread, so that SQLite never sees two
 * writers from this process (a pool of writers only queues on the file lock or fails with
 * {@code SQLITE_BUSY}) and sequence numbers are computed under the write lock.
 *
 * <p>Group commit: the writer takes what has queued up (at most {@link WriterSettings#maxBatch()}, where the
 * vendor allows batches) and runs it in one transaction, one fsync. Each write runs inside its own savepoint, so
 * a failing write is rolled back alone and fails alone. Callers are answered only after the commit. The queue
 * is bounded ({@link WriterSettings#queueCapacity()}); when it is full, callers get {@link Failure#OVERLOADED}
 * at once instead of unbounded latency. {@link TransactionListener}s hear of every transaction's outcome.
 *
 * <p>Where several processes write one database (PostgreSQL), each write names the row its locks start from (its
 * run's id, or a unit's id, which starts with it), and a batch runs its writes in that order: two instances' batches
 * then take run locks in one order and cannot wait on each other in a cycle over them. A deadlock that still happens
 * (keys, unique indexes) rolls back only the write that hit it, to its savepoint, and that write runs again, alone,
 * in the writer's next transaction: it is never answered as a failure and never applied twice.
 */
@Singleton
public final class Writer {

    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
    /** The lock order of a write that names none: first, as it takes no run's lock before others'. */
    private static final String UNORDERED = "";
    private static final Comparator<QueuedWrite<?>> LOCK_ORDER = Comparator.comparing(write -> write.lockOrder);
    /** Transactions a batch may lose to lock conflicts before its writes are refused as overloaded. */
    private static final int LOCK_CONFLICT_ATTEMPTS = 20;

    private final TransactionOperations<Connection> transactions;
    private final List<TransactionListener> listeners;
    private final BlockingQueue<QueuedWrite<?>> queue;
    private final int writesPerTransaction;
    private final DatabaseVendor vendor;
    private final Thread thread;
    /** Writes to run again, each alone, before the queue's next batch (the writer's thread only). */
    private final List<QueuedWrite<?>> again = new ArrayList<>();
    private volatile boolean open = true;

    public Writer(TransactionOperations<Connection> transactions, DatabaseVendor vendor, WriterSettings settings,
                  List<TransactionListener> listeners) {
        this.transactions = transactions;
        this.listeners = List.copyOf(listeners);
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.writesPerTransaction = vendor.writesPerTransaction(settings.maxBatch());
        this.vendor = vendor;
        this.thread = new Thread(this::drain, "runledger-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Runs {@code operation} in the writer's transaction and returns its result once that transaction
     * has committed. Exceptions of the operation reach the caller as thrown; the operation's writes
     * are then rolled back and nothing else is affected.
     */
    public <T> T write(Supplier<T> operation) {
        return write(UNORDERED, operation);
    }

    /** {@link #write(Supplier)} of a write whose row locks start at {@code lockOrder} (a run's or a unit's id). */
    public <T> T write(String lockOrder, Supplier<T> operation) {
        if (Thread.currentThread() == thread) {
            return operation.get(); // already inside the writer's transaction: waiting on the queue would deadlock
        }
        return await(submit(lockOrder, operation));
    }

    /**
     * {@link #write} without waiting: queues {@code operation} and returns at once. The future completes
     * after the operation's transaction has committed, with its result or its exception, on the writer's
     * thread: what depends on it should be short (an HTTP answer is handed to its event loop from there). Called
     * from inside a write, it runs the operation at once, as part of that write, and returns it completed.
     *
     * @throws StoreException {@link Failure#OVERLOADED} at once when the queue is full or the store closes
     */
    public <T> CompletableFuture<T> submit(Supplier<T> operation) {
        return submit(UNORDERED, operation);
    }

    /** {@link #submit(Supplier)} of a write whose row locks start at {@code lockOrder} (a run's or a unit's id). */
    public <T> CompletableFuture<T> submit(String lockOrder, Supplier<T> operation) {
        if (Thread.currentThread() == thread) {
            // Already inside the writer's transaction (a keyed request runs its whole call there): run it now. The
            // enclosing write's commit is what makes it durable, and that write answers only after it.
            try {
                return CompletableFuture.completedFuture(operation.get());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        QueuedWrite<T> write = new QueuedWrite<>(lockOrder, operation);
        if (!open || !queue.offer(write)) {
            throw new StoreException(Failure.OVERLOADED,
                    open ? "The write queue is full; retry shortly." : "The store is shutting down.");
        }
        return write.outcome;
    }

    /** Writes waiting for the writer (for tests and monitoring). */
    public int queued() {
        return queue.size();
    }

    private void drain() {
        List<QueuedWrite<?>> batch = new ArrayList<>(writesPerTransaction);
        while (open || !queue.isEmpty() || !again.isEmpty()) {
            try {
                if (!again.isEmpty()) {
                    batch.add(again.remove(0)); // a write a deadlock rolled back: alone, before anything new
                    commit(batch);
                    continue;
                }
                QueuedWrite<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, writesPerTransaction - 1);
                if (vendor.locksRows()) {
                    batch.sort(LOCK_ORDER); // stable: one run's writes keep their arrival order
                }
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable unexpected) {
                LOG.error("Writer batch failed unexpectedly", unexpected);
                listeners.forEach(TransactionListener::rolledBack);
                batch.forEach(write -> write.fail(unexpected));
            } finally {
                batch.clear();
            }
        }
        queue.forEach(write -> write.fail(new StoreException(Failure.OVERLOADED, "The store is shutting down.")));
    }

    private void commit(List<QueuedWrite<?>> batch) {
        for (int attempt = 1; ; attempt++) {
            RuntimeException conflict = tryCommit(batch);
            if (conflict == null) {
                return;
            }
            if (attempt == LOCK_CONFLICT_ATTEMPTS) {
                batch.forEach(write -> write.fail(new StoreException(Failure.OVERLOADED,
                        "The write kept meeting other instances' locks; retry shortly.")));
                return;
            }
            LOG.debug("Writer transaction met a lock conflict, run again: {}", conflict.toString());
            batch.forEach(QueuedWrite::reset);
        }
    }

    /** Commits the batch; null when done, or the lock conflict that rolled the whole transaction back. */
    private RuntimeException tryCommit(List<QueuedWrite<?>> batch) {
        try {
            transactions.executeWrite(status -> {
                Connection connection = status.getConnection();
                listeners.forEach(listener -> listener.began(connection));
                if (batch.size() == 1) {
                    // No savepoint for a lone write: if it fails, the whole transaction rolls back.
                    batch.get(0).run();
                } else {
                    boolean first = true;
                    for (QueuedWrite<?> write : batch) {
                        runInSavepoint(connection, write, first);
                        first = false;
                    }
                }
                listeners.forEach(listener -> listener.committing(connection));
                return null;
            });
        } catch (RuntimeException e) {
            listeners.forEach(TransactionListener::rolledBack);
            if (runsAgain(e)) {
                return e; // a deadlock victim (another instance's transaction goes on): the whole batch runs again
            }
            RuntimeException storage = storageFailure(e);
            listeners.forEach(listener -> listener.failed(storage != null ? storage : e));
            boolean locked = DatabaseErrors.lockedByAnotherProcess(e);
            RuntimeException failure = storage != null ? storage : locked
                    ? new StoreException(Failure.OVERLOADED, "The database is locked by another process; retry shortly.")
                    : e;
            batch.forEach(write -> write.fail(batch.size() == 1 && !locked && storage == null ? e : failure));
            return null;
        }
        listeners.forEach(TransactionListener::committed);
        listeners.forEach(listener -> listener.batchCommitted(batch.size()));
        for (QueuedWrite<?> write : batch) {
            if (write.again) {
                write.reset();
                again.add(write);
            } else {
                write.answer();
            }
        }
        return null;
    }

    /**
     * Where the database is a round trip away, the previous write's savepoint is released together with this one's
     * creation, in one round trip (the last one is released by the commit); one savepoint is open at any time, so
     * the transaction never nests subtransactions deeper than one.
     */
    private void runInSavepoint(Connection connection, QueuedWrite<?> write, boolean first) {
        boolean together = vendor.sendsStatementsTogether();
        execute(connection, together && !first ? "RELEASE writer_op; SAVEPOINT writer_op" : "SAVEPOINT writer_op");
        try {
            write.run();
            if (!together) {
                execute(connection, "RELEASE writer_op");
            }
        } catch (RuntimeException e) {
            listeners.forEach(TransactionListener::rolledBack);
            if (runsAgain(e)) {
                write.again = true; // rolled back alone; it runs again after this transaction's commit
            } else {
                RuntimeException storage = storageFailure(e);
                write.failedInBatch(storage != null ? storage : e);
                listeners.forEach(listener -> listener.failed(storage != null ? storage : e));
            }
            execute(connection, "ROLLBACK TO writer_op");
            if (!together) {
                execute(connection, "RELEASE writer_op");
            }
        }
    }

    private static boolean runsAgain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RunAgain) {
                return true;
            }
        }
        return DatabaseErrors.lockConflict(failure);
    }

    /**
     * Thrown by a write's operation to roll that write back (to its savepoint, or with its transaction when it runs
     * alone) and run the same operation again, alone, in a later transaction, as a deadlock's victim is; the operation
     * keeps what it needs to act differently then. A write that asks for it every time fails as one that keeps meeting
     * locks does ({@link Failure#OVERLOADED}).
     */
    public static final class RunAgain extends RuntimeException {
        public RunAgain() {
            super("The write runs again in a transaction of its own", null, false, false);
        }
    }

    /**
     * {@link Failure#STORAGE_FULL} for a failure of the storage itself (disk full, read-only), else null; the one place
     * that decides it. The vendor's look at the disk is asked only for a database failure its exception does not
     * explain (a failed SQLite commit can surface as the failure of the rollback after it), never for a refusal.
     */
    private StoreException storageFailure(RuntimeException e) {
        boolean storage = DatabaseErrors.storageUnavailable(e)
                || DatabaseErrors.fromDatabase(e) && !(e instanceof StoreException) && vendor.storageFull();
        return storage
                ? new StoreException(Failure.STORAGE_FULL, "The database cannot take writes now (its disk is full or "
                        + "read-only); nothing was written. Retry later.")
                : null;
    }

    // Savepoints as prepared statements with one fixed name, not Connection.setSavepoint(): xerial gives
    // each savepoint a new name, so its SQL is parsed every time; these are prepared once per connection.
    // The syntax is the same on SQLite and PostgreSQL.
    private static void execute(Connection connection, String sql) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    private static <T> T await(CompletableFuture<T> outcome) {
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(Failure.OVERLOADED, "Interrupted while waiting for the writer.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        open = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** One caller's write and its outcome, which the caller sees only once the batch has ended. */
    private static final class QueuedWrite<T> {
        private final String lockOrder;
        private final Supplier<T> operation;
        private final CompletableFuture<T> outcome = new CompletableFuture<>();
        private T result;
        private Throwable failure;
        /** A lock conflict rolled it back to its savepoint: it runs again in a transaction of its own. */
        private boolean again;

        QueuedWrite(String lockOrder, Supplier<T> operation) {
            this.lockOrder = lockOrder;
            this.operation = operation;
        }

        /** Forgets what a rolled-back run of it did, before it runs again. */
        void reset() {
            result = null;
            failure = null;
            again = false;
        }

        void run() {
            result = operation.get();
        }

        /** It failed and was rolled back to its savepoint; the rest of the batch goes on. */
        void failedInBatch(Throwable e) {
            failure = e;
        }

        /** After the commit: its result, or the failure it had inside the batch. */
        void answer() {
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else {
                outcome.complete(result);
            }
        }

        /** The whole batch failed. */
        void fail(Throwable e) {
            outcome.completeExceptionally(e);
        }
    }
}
