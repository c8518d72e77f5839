package dev.runledger.functions.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code listUnitAttempts}: the unit, by {@code id} or by {@code runId} + {@code unitId}. */
@Serdeable
public record ListUnitAttemptsRequest(@Nullable String id, @Nullable String runId, @Nullable String unitId) {
}
