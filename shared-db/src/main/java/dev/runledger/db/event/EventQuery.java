package dev.runledger.db.event;

import io.micronaut.core.annotation.Nullable;

/** What a reader of a run's log asks for: the events after a sequence, at most {@code limit}, optionally filtered. */
public record EventQuery(String runId, long afterSequence, int limit, @Nullable String eventType, @Nullable String unitId) {

    public EventQuery after(long sequence) {
        return new EventQuery(runId, sequence, limit, eventType, unitId);
    }
}
