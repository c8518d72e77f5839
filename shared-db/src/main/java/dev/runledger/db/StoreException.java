package dev.runledger.db;

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
        RUN_EXISTS,
        UNIT_EXISTS,
        INVALID_TRANSITION,
        /** The writer's queue is full, or the database stayed locked by another process. */
        OVERLOADED
    }

    private final Failure failure;

    public StoreException(Failure failure, String message) {
        super(message, null, false, false);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
