package dev.runledger.functions.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code heartbeatUnit}. */
@Serdeable
public record HeartbeatUnitRequest(@Nullable String id, @Nullable String runId, @Nullable String unitId,
                                   @Nullable Integer attempt, @Nullable Long leaseMs) {
}
