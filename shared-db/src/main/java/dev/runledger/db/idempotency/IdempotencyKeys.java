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
 * <p>The key is written with its answer, one statement, after the call. On SQLite the writer's transaction holds the
 * file's write lock, so the key is looked up first: no one can store it between that read and the insert. On
 * PostgreSQL the call runs first and the insert skips a key that exists: a concurrent duplicate's insert (another
 * instance's) waits on the key's unique index entry until the first transaction ends, and inserts nothing if it
 * committed. A write whose insert inserted nothing, or whose call was refused, is rolled back and runs again in a
 * transaction of its own ({@link Writer.RunAgain}), looking the key up first as on SQLite: it replays the stored
 * answer, or answers the refusal if the key is unused. So a key is "in use" only for the length of one transaction,
 * a concurrent duplicate waits for it rather than being refused, and a first use costs one statement, not a claim
 * before the call and its answer after it.
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
        private boolean lookUpFirst = !vendor.locksRows();
        /** What the call threw in a run that had not looked the key up; the answer if the key is unused. */
        private RuntimeException refused;

        KeyedWrite(IdempotentRequest request, Supplier<T> call, Function<T, Answer> render,
                   Predicate<RuntimeException> fieldError) {
            this.request = request;
            this.call = call;
            this.render = render;
            this.fieldError = fieldError;
        }

        @Override
        public Outcome<T> get() {
            if (!lookUpFirst) {
                lookUpFirst = true; // whatever happens below, a next run looks the key up first
                T value;
                try {
                    value = call.get();
                } catch (RuntimeException e) {
                    if (DatabaseErrors.fromDatabase(e)) {
                        throw e; // the transaction may be aborted: nothing more can be asked in it
                    }
                    refused = e; // unless the key was used before: its stored answer, or its reuse, decides then
                    throw new Writer.RunAgain();
                }
                return performed(value);
            }
            Stored stored = find(request);
            if (stored == null) {
                if (refused != null) {
                    throw refused;
                }
                return performed(call.get());
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
