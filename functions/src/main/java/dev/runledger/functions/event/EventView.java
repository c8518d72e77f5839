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

    /** A stored event, its payload read from the stored JSON text. */
    static EventView of(Event event, JsonText json) {
        return of(event, json.read(event.payloadJson()));
    }

    /** A stored event whose payload the caller already holds as a tree (the one it stored the text of). */
    static EventView of(Event event, JsonNode payload) {
        return new EventView(event.id(), event.runId(), event.sequence(), event.eventType(), event.unitId(),
                payload, event.createdAt());
    }
}
