package dev.runledger.functions.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The body of {@code appendEvents}: a run and its new events, each with the fields of {@code appendEvent} but its run. */
@Serdeable
// The payload is bound for its type check only: what is stored is its text as sent (JsonText).
public record AppendEventsRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String runId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @ArraySchema(minItems = 1, maxItems = AppendEvents.MAX_EVENTS) @Nullable List<Item> events) {

    /** One event to append. */
    @Serdeable
    public record Item(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String eventType, @Nullable String unitId, @Nullable JsonNode payload,
                       @Schema(minimum = "0") @Nullable Integer attempt) {
    }
}
