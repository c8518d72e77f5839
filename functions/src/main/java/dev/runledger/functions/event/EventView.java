package dev.runledger.functions.event;

import dev.runledger.db.event.Event;
import dev.runledger.functions.JsonText;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** The Event record of CONTRACT.md, as answered. */
@Serdeable
public record EventView(long id, String runId, long sequence, String eventType, @Nullable String unitId,
                        JsonNode payload, @Nullable Instant createdAt) {

    static EventView of(Event event, JsonText json) {
        return new EventView(event.id(), event.runId(), event.sequence(), event.eventType(), event.unitId(),
                json.read(event.payloadJson()), event.createdAt());
    }
}
