package dev.runledger.functions.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code appendEvent}; {@code payload} is any JSON value. */
@Serdeable
// The payload is bound for its type check only: what is stored is its text as sent (JsonText).
public record AppendEventRequest(@Nullable String runId, @Nullable String eventType, @Nullable String unitId,
                                 @Nullable JsonNode payload, @Nullable Integer attempt) {
}
