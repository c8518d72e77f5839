package dev.runledger.db.event;

import io.micronaut.core.annotation.Nullable;

/**
 * One event to append: its type, the unit it concerns (free text), its payload as JSON text (null for none) and,
 * for a fenced append, the unit's attempt it belongs to (then {@code unitId} is required).
 */
public record NewEvent(String eventType, @Nullable String unitId, @Nullable String payloadJson,
                       @Nullable Integer attempt) {
}
