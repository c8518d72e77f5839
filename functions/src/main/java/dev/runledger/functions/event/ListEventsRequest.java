package dev.runledger.functions.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code listEvents}. */
@Serdeable
public record ListEventsRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String runId, @Schema(minimum = "0", defaultValue = "0") @Nullable Long afterSequence, @Schema(minimum = "1", maximum = "10000", defaultValue = "1000") @Nullable Integer limit,
                                @Nullable String eventType, @Nullable String unitId, @Schema(minimum = "0", maximum = "" + ListEvents.MAX_WAIT_MS, defaultValue = "0") @Nullable Integer waitMs) {
}
