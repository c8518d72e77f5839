package dev.runledger.functions.event;

import dev.runledger.db.event.Event;
import dev.runledger.functions.JsonValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** The Event record of CONTRACT.md, as answered by the functions that append ({@code listEvents} writes its own: {@link EventJson}). */
@Serdeable
public record EventView(long id, String runId, long sequence, String eventType, @Nullable String unitId,
                        JsonValue payload, @Nullable Instant createdAt) {

    static EventView of(Event event) {
        return new EventView(event.id(), event.runId(), event.sequence(), event.eventType(), event.unitId(),
                JsonValue.stored(event.payloadJson()), event.createdAt());
    }
}
