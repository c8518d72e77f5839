package dev.runledger.db;

import java.util.List;

/**
 * A store operation refused a request for a reason the caller can act on. Nothing was written.
 * The {@link Failure} is what callers map (to HTTP statuses, in the functions module); the message
 * is a sentence for humans.
 */
public final class StoreException extends RuntimeException {

    /** Why an operation was refused. */
    public enum Failure {
        /** A field breaks a rule of the store ({@link Fields}): missing, empty, out of range, malformed. */
        INVALID_FIELD,
        RUN_NOT_FOUND,
        UNIT_NOT_FOUND,
        /** A unit never had the attempt named. */
        ATTEMPT_NOT_FOUND,
        /** No merge has the id named. */
        MERGE_NOT_FOUND,
        RUN_EXISTS,
        UNIT_EXISTS,
        INVALID_TRANSITION,
        /** Units' dependencies would form a cycle ({@link #cycle()}). */
        DEPENDENCY_CYCLE,
        /** A claim named a unit that is not ready. */
        UNIT_NOT_READY,
        /** A fenced write named an attempt that is not the unit's current one (or, for events and heartbeats, not running). */
        LEASE_LOST,
        /** An idempotency key was used before, for this function, with a different body. */
        IDEMPOTENCY_KEY_REUSED,
        /** An idempotency key's first request is still being processed. */
        IDEMPOTENCY_KEY_IN_USE,
        /** The writer's queue is full, or the database stayed locked by another process. */
        OVERLOADED,
        /** The database cannot take writes now: its disk is full, or it is read-only. */
        STORAGE_FULL,
        /** What was asked is not done on this database (a snapshot of a PostgreSQL database). */
        NOT_IMPLEMENTED
    }

    private final Failure failure;
    private final List<String> cycle;

    public StoreException(Failure failure, String message) {
        this(failure, message, List.of());
    }

    private StoreException(Failure failure, String message, List<String> cycle) {
        super(message, null, false, false);
        this.failure = failure;
        this.cycle = cycle;
    }

    /** {@link Failure#DEPENDENCY_CYCLE}: the unitIds along {@code dependsOn} from one unit of the cycle back to it. */
    public static StoreException dependencyCycle(List<String> cycle) {
        return new StoreException(Failure.DEPENDENCY_CYCLE, "The units' dependencies would form a cycle: "
                + String.join(" -> ", cycle) + ".", List.copyOf(cycle));
    }

    /** For {@link Failure#DEPENDENCY_CYCLE}; empty otherwise. */
    public List<String> cycle() {
        return cycle;
    }

    public Failure failure() {
        return failure;
    }
}
