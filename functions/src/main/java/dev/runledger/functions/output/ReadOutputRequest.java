package dev.runledger.functions.output;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code readOutput}. */
@Serdeable
public record ReadOutputRequest(@Nullable String runId, @Nullable String unitId, @Nullable Integer attempt,
                                @Nullable Long afterChunk, @Nullable Integer limit, @Nullable String stream,
                                @Nullable Integer waitMs) {
}
