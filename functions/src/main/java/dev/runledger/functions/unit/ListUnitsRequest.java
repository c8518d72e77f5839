package dev.runledger.functions.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code listUnits}. */
@Serdeable
public record ListUnitsRequest(@Nullable String runId, @Nullable String status) {
}
