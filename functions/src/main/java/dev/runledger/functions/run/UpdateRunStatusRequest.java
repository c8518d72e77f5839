package dev.runledger.functions.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code updateRunStatus}. */
@Serdeable
public record UpdateRunStatusRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String id, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String status, @Nullable String error,
                                     @Nullable String expectedStatus) {
}
