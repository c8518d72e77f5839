package dev.runledger.db.unit;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * One entry of a unit into {@code running}: {@code status} is {@code running} while it lasts, then the status it
 * ended in ({@code completed}, {@code failed}, {@code pending} when released) or {@code lost} when a claimer took
 * the unit over after its lease expired.
 */
public record UnitAttempt(int attempt, @Nullable String owner, String status, @Nullable Instant startedAt,
                          @Nullable Instant completedAt, @Nullable String error, AttemptWork work) {

    /** The status of an attempt whose unit was claimed again after its lease expired. */
    public static final String LOST = "lost";
}
