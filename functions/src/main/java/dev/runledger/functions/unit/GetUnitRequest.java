package dev.runledger.functions.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code getUnit}: {@code id}, or {@code runId} + {@code unitId}. */
@Serdeable
public record GetUnitRequest(@Nullable String id, @Nullable String runId, @Nullable String unitId) {
}
