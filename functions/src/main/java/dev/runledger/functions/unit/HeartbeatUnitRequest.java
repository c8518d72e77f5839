package dev.runledger.functions.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code heartbeatUnit}. */
@Serdeable
public record HeartbeatUnitRequest(@Nullable String id, @Nullable String runId, @Nullable String unitId,
                                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable Integer attempt, @Nullable Long leaseMs) {
}
