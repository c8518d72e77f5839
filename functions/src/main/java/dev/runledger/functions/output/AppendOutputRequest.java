package dev.runledger.functions.output;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code appendOutput}. */
@Serdeable
public record AppendOutputRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String runId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String unitId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0") @Nullable Integer attempt,
                                  @Nullable String stream, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, description = "at most 512 KiB of UTF-8") @Nullable String text) {
}
