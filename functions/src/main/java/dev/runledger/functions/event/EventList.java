package dev.runledger.functions.event;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** {@code {"events": [...], "lastSequence": n}}. */
@Serdeable
public record EventList(List<EventView> events, long lastSequence) {
}
