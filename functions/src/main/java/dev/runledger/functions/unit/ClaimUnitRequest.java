package dev.runledger.functions.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code claimUnit}. */
@Serdeable
public record ClaimUnitRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String runId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = ClaimUnit.MAX_OWNER) @Nullable String owner, @Nullable Long leaseMs,
                               @Schema(maxLength = 200) @Nullable String unitId) {
}
