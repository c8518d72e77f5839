package dev.runledger.db.unit;

import io.micronaut.core.annotation.Nullable;

/** What {@link Units#create} needs. */
public record NewUnit(String runId, String unitId, UnitStatus status,
                      @Nullable String branch, @Nullable String worktreePath) {
}
