package dev.runledger.functions.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code updateUnit}: the unit's key and any of the changes. */
@Serdeable
public record UpdateUnitRequest(@Nullable String id, @Nullable String runId, @Nullable String unitId,
                                @Nullable String status, @Nullable String error, @Nullable String branch,
                                @Nullable String worktreePath, @Nullable String expectedStatus,
                                @Nullable Integer attempt) {
}
