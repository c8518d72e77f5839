package dev.runledger.functions.output;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code readOutput}. */
@Serdeable
public record ReadOutputRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String runId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String unitId, @Schema(minimum = "0", description = "default: the current attempt") @Nullable Integer attempt,
                                @Schema(minimum = "0", defaultValue = "0") @Nullable Long afterChunk, @Schema(minimum = "1", maximum = "1000", defaultValue = "100") @Nullable Integer limit, @Nullable String stream,
                                @Schema(minimum = "0", maximum = "" + ReadOutput.MAX_WAIT_MS, defaultValue = "0") @Nullable Integer waitMs) {
}
