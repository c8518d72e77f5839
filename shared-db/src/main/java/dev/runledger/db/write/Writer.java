package dev.runledger.db.write;

import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.Vendor;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Group commit: the writer takes what has queued up (at most {@code runledger.writer.max-batch})
 * and runs it in one transaction, one fsync. Each operation runs inside its own savepoint, so a failing
 * operation is rolled back alone and fails alone. Callers are answered only after the commit. The queue
 * is bounded ({@code runledger.writer.queue-capacity}); when it is full, callers get
 * {@link Failure#OVERLOADED} at once instead of unbounded latency.
 */
@Singleton
public final class Writer {

    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

    private final TransactionOperations<Connection> transactions;
    private final BlockingQueue<Pending<?>> queue;
    private final int maxBatch;
    private final Thread thread;
    private final Vendor vendor;
    private final Map<Object, Object> state = new HashMap<>();
    /** Where the writer's last committed transaction left the database; null: none yet. */
    private Mark stateMark;
    private volatile boolean open = true;

    public Writer(TransactionOperations<Connection> transactions, Vendor vendor,
                  @Value("${runledger.writer.queue-capacity:8192}") int queueCapacity,
                  @Value("${runledger.writer.max-batch:512}") int maxBatch) {
        this.transactions = transactions;
        this.vendor = vendor;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        // Group commit is off on PostgreSQL: a batch locks several run rows (appends) in arrival order, so two
        // instances' batches could deadlock on each other; one write per transaction takes at most one
        // such lock. PostgreSQL commits many transactions at once by itself (its WAL group commit).
        this.maxBatch = vendor == Vendor.POSTGRESQL ? 1 : maxBatch;
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
        if (Thread.currentThread() == thread) {
            return operation.get(); // already inside the writer's transaction: waiting on the queue would deadlock
        }
        return await(submit(operation));
    }

    /**
     * {@link #write} without waiting: queues {@code operation} and returns at once. The future completes
     * after the operation's transaction has committed, with its result or its exception, on the writer's
     * thread: what depends on it should be short (an HTTP answer is handed to its event loop from there).
     *
     * @throws StoreException {@link Failure#OVERLOADED} at once when the queue is full or the store closes
     */
    public <T> CompletableFuture<T> submit(Supplier<T> operation) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("submit from inside the writer's transaction would wait for itself");
        }
        Pending<T> pending = new Pending<>(operation);
        if (!open || !queue.offer(pending)) {
            throw new StoreException(Failure.OVERLOADED,
                    open ? "The write queue is full; retry shortly." : "The store is shutting down.");
        }
        return pending.outcome;
    }

    /**
     * What the writer knows about the database, such as facts read under its write lock: {@code create}
     * makes it on first use. It holds as long as nothing but this writer's committed operations changed the
     * database, and is dropped as soon as that may no longer be true: when another connection committed
     * (another process such as the Go daemon, or a write of this one that bypassed the writer; SQLite's
     * {@code PRAGMA data_version}, checked under the write lock at the start of each batch), when an
     * operation or a batch failed (a rollback may have undone what it remembers), after
     * {@link #forgetState()}, and on PostgreSQL after every transaction (other instances write without
     * telling). Only for operations running on the writer (inside {@link #write}).
     */
    public <S> S state(Object key, Class<S> type, Supplier<S> create) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("the writer's state exists only inside the writer's transaction");
        }
        return type.cast(state.computeIfAbsent(key, k -> create.get()));
    }

    /** Drops the writer's state: after a write that invalidates what it may remember (a deleted run's events). */
    public void forgetState() {
        if (Thread.currentThread() == thread) {
            state.clear();
        }
    }

    private void drain() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        while (open || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable unexpected) {
                LOG.error("Writer batch failed unexpectedly", unexpected);
                forgetState();
                batch.forEach(p -> p.fail(unexpected));
            } finally {
                batch.clear();
            }
        }
        queue.forEach(p -> p.fail(new StoreException(Failure.OVERLOADED, "The store is shutting down.")));
    }

    private void commit(List<Pending<?>> batch) {
        Mark left;
        try {
            left = transactions.executeWrite(status -> {
                Connection connection = status.getConnection();
                if (vendor != Vendor.SQLITE || !Mark.of(connection).continues(stateMark)) {
                    state.clear();
                }
                if (batch.size() == 1) {
                    // No savepoint for a lone operation: if it fails, the whole transaction rolls back.
                    batch.get(0).run();
                } else {
                    for (Pending<?> pending : batch) {
                        runInSavepoint(connection, pending);
                    }
                }
                return vendor == Vendor.SQLITE ? Mark.of(connection) : null;
            });
        } catch (RuntimeException e) {
            RuntimeException failure = busy(e)
                    ? new StoreException(Failure.OVERLOADED, "The database is locked by another process; retry shortly.")
                    : e;
            forgetState();
            batch.forEach(p -> p.fail(batch.size() == 1 && !busy(e) ? e : failure));
            return;
        }
        stateMark = left;
        batch.forEach(Pending::complete);
    }

    /**
     * Where a transaction of the writer left the database, as the next one can check it on SQLite: the same
     * connection, whose data_version changes exactly when another connection commits (another process, or a
     * write of this one that bypassed the writer) and stays as it was with its own commits, and whose
     * total_changes moves only when that connection itself writes (used by something else in between).
     * Read under the write lock (BEGIN IMMEDIATE): nobody else can commit until the reading batch has.
     */
    private record Mark(Connection connection, long dataVersion, long totalChanges) {

        static Mark of(Connection pooled) {
            try (PreparedStatement statement = pooled.prepareStatement(
                    "SELECT data_version, total_changes() FROM pragma_data_version");
                 ResultSet result = statement.executeQuery()) {
                result.next();
                // Hikari hands out a new proxy per borrow; the connection it wraps stays the same object.
                return new Mark(pooled.unwrap(Connection.class), result.getLong(1), result.getLong(2));
            } catch (SQLException e) {
                throw new IllegalStateException("reading data_version failed", e);
            }
        }

        /** Whether nothing but the writer changed the database since {@code last} was taken (identity, not equals: a proxy). */
        boolean continues(Mark last) {
            return last != null && connection == last.connection && dataVersion == last.dataVersion
                    && totalChanges == last.totalChanges;
        }
    }

    private void runInSavepoint(Connection connection, Pending<?> pending) {
        execute(connection, "SAVEPOINT writer_op");
        try {
            pending.run();
            execute(connection, "RELEASE writer_op");
        } catch (RuntimeException e) {
            pending.failLater(e);
            state.clear();
            execute(connection, "ROLLBACK TO writer_op");
            execute(connection, "RELEASE writer_op");
        }
    }

    // Savepoints as prepared statements with one fixed name, not Connection.setSavepoint(): xerial gives
    // each savepoint a new name and parses the SQL every time; these are prepared once per connection.
    // The syntax is the same on SQLite and PostgreSQL.
    private static void execute(Connection connection, String sql) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    private static boolean busy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite && sqlite.getResultCode().name().startsWith("SQLITE_BUSY")) {
                return true;
            }
        }
        return false;
    }

    /** Operations waiting for the writer (for tests and monitoring). */
    public int queued() {
        return queue.size();
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

    /** One caller's operation and its outcome. */
    private static final class Pending<T> {
        private final Supplier<T> operation;
        private final CompletableFuture<T> outcome = new CompletableFuture<>();
        private T result;
        private Throwable failure;

        Pending(Supplier<T> operation) {
            this.operation = operation;
        }

        void run() {
            result = operation.get();
        }

        void failLater(Throwable e) {
            failure = e;
        }

        void complete() {
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else {
                outcome.complete(result);
            }
        }

        void fail(Throwable e) {
            outcome.completeExceptionally(e);
        }
    }
}
