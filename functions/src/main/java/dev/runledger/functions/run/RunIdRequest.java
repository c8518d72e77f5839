package dev.runledger.functions.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code getRun} and {@code deleteRun}. */
@Serdeable
public record RunIdRequest(@Nullable String id) {
}
