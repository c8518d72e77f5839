package dev.runledger.functions.output;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code appendOutput}. */
@Serdeable
public record AppendOutputRequest(@Nullable String runId, @Nullable String unitId, @Nullable Integer attempt,
                                  @Nullable String stream, @Nullable String text) {
}
