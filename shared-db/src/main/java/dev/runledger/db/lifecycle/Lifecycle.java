package dev.runledger.db.lifecycle;

import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * The transition table of CONTRACT.md, for runs and units alike, in one place.
 *
 * <p>Any status may move to any other, except that a terminal status may only move to
 * {@code pending}; setting the same status again is always allowed and changes no timestamp.
 * Entering {@code running} sets {@code startedAt} if still null; entering a terminal status sets
 * {@code completedAt}; moving back to {@code pending} clears {@code completedAt}.
 */
public final class Lifecycle {

    /** The two timestamps the table governs. */
    public record Stamps(@Nullable Instant startedAt, @Nullable Instant completedAt) {
    }

    private Lifecycle() {
    }

    /** The timestamps of a record created directly in {@code status}. */
    public static Stamps created(LifecycleStatus status, Instant now) {
        return new Stamps(status.running() ? now : null, status.terminal() ? now : null);
    }

    /** Whether {@code from -> to} is an explicit retry: a terminal status back to {@code pending}. */
    public static boolean retry(LifecycleStatus from, LifecycleStatus to) {
        return from.terminal() && to.pending();
    }

    /**
     * Checks a change of status and returns the timestamps after it.
     *
     * @param expected when not null, the status the caller believes is stored
     * @throws StoreException {@link Failure#INVALID_TRANSITION} if the table forbids it or
     *                        {@code expected} does not match
     */
    public static Stamps change(LifecycleStatus from, LifecycleStatus to, @Nullable LifecycleStatus expected,
                                Stamps current, Instant now) {
        if (expected != null && !expected.value().equals(from.value())) {
            throw new StoreException(Failure.INVALID_TRANSITION,
                    "Expected status '" + expected.value() + "' but the stored status is '" + from.value() + "'.");
        }
        if (to.value().equals(from.value())) {
            return current;
        }
        if (from.terminal() && !to.pending()) {
            throw new StoreException(Failure.INVALID_TRANSITION,
                    "Status '" + from.value() + "' is terminal: it may only move to 'pending', not to '"
                            + to.value() + "'.");
        }
        Instant startedAt = to.running() && current.startedAt() == null ? now : current.startedAt();
        Instant completedAt = to.terminal() ? now : to.pending() ? null : current.completedAt();
        return new Stamps(startedAt, completedAt);
    }
}
