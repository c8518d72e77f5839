package dev.runledger.functions.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code createUnit}. */
@Serdeable
public record CreateUnitRequest(@Nullable String runId, @Nullable String unitId, @Nullable String status,
                                @Nullable String branch, @Nullable String worktreePath) {
}
