package dev.runledger.functions.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code getAttempt}: the unit (by {@code id} or {@code runId} + {@code unitId}) and the attempt. */
@Serdeable
public record GetAttemptRequest(@Nullable String id, @Nullable String runId, @Nullable String unitId,
                                @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1") @Nullable Integer attempt) {
}
