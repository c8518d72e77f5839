package dev.runledger.functions.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code listReadyUnits}. */
@Serdeable
public record ListReadyUnitsRequest(@Nullable String runId) {
}
