package dev.runledger.functions.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code listRunsByStatus}. */
@Serdeable
public record ListRunsByStatusRequest(@Nullable String status) {
}
