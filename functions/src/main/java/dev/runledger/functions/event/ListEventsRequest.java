package dev.runledger.functions.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code listEvents}. */
@Serdeable
public record ListEventsRequest(@Nullable String runId, @Nullable Long afterSequence, @Nullable Integer limit,
                                @Nullable String eventType, @Nullable String unitId, @Nullable Integer waitMs) {
}
