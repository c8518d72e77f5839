package dev.runledger.functions.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code getRun} and {@code deleteRun}. */
@Serdeable
public record RunIdRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String id) {
}
