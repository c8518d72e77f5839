package dev.runledger.functions.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code updateRunStatus}. */
@Serdeable
public record UpdateRunStatusRequest(@Nullable String id, @Nullable String status, @Nullable String error,
                                     @Nullable String expectedStatus) {
}
