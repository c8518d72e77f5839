package dev.runledger.functions.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code listRunsByStatus}. */
@Serdeable
public record ListRunsByStatusRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String status) {
}
