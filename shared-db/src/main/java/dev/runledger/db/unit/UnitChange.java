package dev.runledger.db.unit;

import io.micronaut.core.annotation.Nullable;

/**
 * A change to a unit; null means "not given". With {@code status}, {@code error} follows the transition
 * rules (it replaces the stored error, null clearing it); without it, {@code error}, {@code branch} and
 * {@code worktreePath} change only when given. {@code expectedStatus}, when given, must match the stored status;
 * {@code attempt}, when given, must be the unit's current attempt (fencing).
 */
public record UnitChange(@Nullable UnitStatus status, @Nullable String error, @Nullable String branch,
                         @Nullable String worktreePath, @Nullable UnitStatus expectedStatus,
                         @Nullable Integer attempt) {

    public UnitChange(@Nullable UnitStatus status, @Nullable String error, @Nullable String branch,
                      @Nullable String worktreePath, @Nullable UnitStatus expectedStatus) {
        this(status, error, branch, worktreePath, expectedStatus, null);
    }
}
