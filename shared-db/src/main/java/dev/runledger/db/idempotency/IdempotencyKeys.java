package dev.runledger.db.idempotency;

import dev.runledger.db.DatabaseErrors;
import dev.runledger.db.DatabaseVendor;
import dev.runledger.db.JdbcStatements;
import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.write.Writer;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Exactly-once writes (docs/CONTRACT.md, v2 §2): a request with an idempotency key runs its call at most once
 * successfully per (function, key); the answer it got is stored with its effect, in the same transaction, and every
 * later request with that key and an equal body gets that answer again instead of a second effect.
 *
 * <p>The key is looked up first, and written with its answer, one statement, after the call: a replay costs one read
 * and runs nothing. On SQLite the writer's transaction holds the file's write lock, so no one can store the key
 * between that read and the insert. On PostgreSQL another instance may be running the same key's first request,
 * uncommitted: the insert skips a key that exists, waiting on its unique index entry until that transaction ends.
 * A write whose insert inserted nothing, or whose call was refused in its first run (the refusal may be the other
 * request's effect, such as run-exists), is rolled back and runs again in a transaction of its own
 * ({@link Writer.RunAgain}): it then replays the stored answer, or answers the refusal if the key is still unused.
 * So a key is "in use" only for the length of one transaction, a concurrent duplicate waits for it rather than being
 * refused, and a first use costs a read and one insert, not a claim before the call and its answer after it.
 */
@Singleton
public final class IdempotencyKeys {

    private static final String INSERT = """
            INSERT INTO idempotency_keys (function_name, idempotency_key, request_hash, status, answer, created_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";
    private static final String FIND = """
            SELECT request_hash, status, answer FROM idempotency_keys WHERE function_name = ? AND idempotency_key = ?""";
    // A row-value IN rather than DELETE ... LIMIT, which PostgreSQL lacks and SQLite builds only as an option.
    private static final String SWEEP = """
            DELETE FROM idempotency_keys WHERE (function_name, idempotency_key) IN (
                SELECT function_name, idempotency_key FROM idempotency_keys WHERE created_at < ? LIMIT ?)""";

    private final Writer writer;
    private final JdbcStatements sql;
    private final DatabaseVendor vendor;

    public IdempotencyKeys(Writer writer, JdbcStatements sql, DatabaseVendor vendor) {
        this.writer = writer;
        this.sql = sql;
        this.vendor = vendor;
    }

    /** What a keyed request came to: its call ran now, or an earlier answer is replayed. */
    public sealed interface Outcome<T> {
        /** The stored answer: the one just recorded, or the one first recorded for the key. */
        Answer answer();
    }

    /** The call ran and committed with its key; {@code value} is what it returned. */
    public record Performed<T>(T value, Answer answer) implements Outcome<T> {
    }

    /** The key was used before with an equal body; nothing ran. */
    public record Replayed<T>(Answer answer) implements Outcome<T> {
    }

    /**
     * Queues {@code call} on the writer under {@code request}'s key. The future completes after the commit.
     *
     * @param call       the request's own work; it runs on the writer's thread, inside its transaction
     * @param render     the answer to store for the call's result (the exact bytes the client is sent)
     * @param fieldError which failures of {@code call} are the request's own field checks: on a different body with a
     *                   used key these answer before {@link Failure#IDEMPOTENCY_KEY_REUSED}, as the contract's check
     *                   order has it (fields, then the key, then existence and conflicts)
     * @return fails with {@link StoreException} {@link Failure#IDEMPOTENCY_KEY_REUSED} for a different body, or with
     * what {@code call} threw (then nothing is stored, so that a retry runs again)
     * @throws StoreException {@link Failure#OVERLOADED} at once when the writer's queue is full
     */
    public <T> CompletableFuture<Outcome<T>> submit(IdempotentRequest request, Supplier<T> call,
                                                    Function<T, Answer> render, Predicate<RuntimeException> fieldError) {
        return writer.submit(new KeyedWrite<>(request, call, render, fieldError));
    }

    /** One keyed request's write; it keeps, across the runs the writer gives it, what its first run found. */
    private final class KeyedWrite<T> implements Supplier<Outcome<T>> {
        private final IdempotentRequest request;
        private final Supplier<T> call;
        private final Function<T, Answer> render;
        private final Predicate<RuntimeException> fieldError;
        /** What the call threw in the first run, where another instance may hold the key uncommitted; null if none. */
        private RuntimeException refused;
        private boolean ranBefore;

        KeyedWrite(IdempotentRequest request, Supplier<T> call, Function<T, Answer> render,
                   Predicate<RuntimeException> fieldError) {
            this.request = request;
            this.call = call;
            this.render = render;
            this.fieldError = fieldError;
        }

        @Override
        public Outcome<T> get() {
            boolean first = !ranBefore;
            ranBefore = true;
            Stored stored = find(request);
            if (stored == null) {
                if (refused != null) {
                    throw refused; // the key is still unused: the refusal is the answer
                }
                T value;
                try {
                    value = call.get();
                } catch (RuntimeException e) {
                    if (!first || !vendor.locksRows() || DatabaseErrors.fromDatabase(e)) {
                        throw e;
                    }
                    // Another instance may be running this key's first request, uncommitted (a refusal such as
                    // run-exists can be its effect): run again alone, when its key is stored or it has rolled back.
                    refused = e;
                    throw new Writer.RunAgain();
                }
                return performed(value);
            }
            if (stored.answer() == null) {
                // Claimed, without its answer yet, by a transaction that has not committed: only an older version
                // of RunLedger on another instance leaves such a row.
                throw new StoreException(Failure.IDEMPOTENCY_KEY_IN_USE,
                        "The request first sent with this Idempotency-Key is still being processed; retry shortly.");
            }
            if (request.sameBody(stored.requestHash())) {
                return new Replayed<>(stored.answer());
            }
            try {
                call.get(); // for its field checks only: whatever it did is rolled back by the failure below
            } catch (RuntimeException e) {
                if (fieldError.test(e)) {
                    throw e;
                }
            }
            throw new StoreException(Failure.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used before with a different body for " + request.function() + ".");
        }

        /** The key stored with the call's answer; if another transaction stored it first, this run is undone. */
        private Outcome<T> performed(T value) {
            Answer answer = render.apply(value);
            if (!insert(request, answer)) {
                throw new Writer.RunAgain();
            }
            return new Performed<>(value, answer);
        }
    }

    private boolean insert(IdempotentRequest request, Answer answer) {
        return sql.write(INSERT, statement -> {
            statement.setString(1, request.function());
            statement.setString(2, request.key());
            statement.setBytes(3, request.requestHash());
            statement.setInt(4, answer.status());
            statement.setBytes(5, answer.body());
            statement.setLong(6, System.currentTimeMillis());
            return statement.executeUpdate() == 1;
        });
    }

    private Stored find(IdempotentRequest request) {
        return sql.write(FIND, statement -> {
            statement.setString(1, request.function());
            statement.setString(2, request.key());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                byte[] answer = row.getBytes(3);
                return new Stored(row.getBytes(1), answer == null ? null : new Answer(row.getInt(2), answer));
            }
        });
    }

    /**
     * Removes at most {@code batch} keys first used before {@code cutoffMillis}, in one write.
     *
     * @return how many were removed
     */
    public int removeExpired(long cutoffMillis, int batch) {
        return writer.write(() -> sql.write(SWEEP, statement -> {
            statement.setLong(1, cutoffMillis);
            statement.setInt(2, batch);
            return statement.executeUpdate();
        }));
    }

    private record Stored(byte[] requestHash, Answer answer) {
    }
}
