package dev.runledger.functions.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code claimUnit}. */
@Serdeable
public record ClaimUnitRequest(@Nullable String runId, @Nullable String owner, @Nullable Long leaseMs,
                               @Nullable String unitId) {
}
