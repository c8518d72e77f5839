package dev.runledger.functions.merge;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code listMerges}. */
@Serdeable
public record ListMergesRequest(@Nullable String runId, @Nullable String unitId) {
}
