package dev.runledger.functions.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code appendEvent}; {@code payload} is any JSON value. */
@Serdeable
// The payload is bound for its type check only: what is stored is its text as sent (JsonText).
public record AppendEventRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String runId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String eventType, @Nullable String unitId,
                                 @Nullable JsonNode payload, @Schema(minimum = "0") @Nullable Integer attempt) {
}
