package dev.runledger.db.event;

import dev.runledger.db.time.TimestampConverter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

import java.time.Instant;

/**
 * A row of {@code events}: one entry of a run's append-only log. {@code sequence} is 1, 2, 3, … per
 * run; {@code unitId} is free text (the unit's id within the run, not checked); {@code payloadJson} is
 * JSON text or SQL NULL for none, as the Go daemon stores it.
 */
@MappedEntity("events")
public record Event(
        @Id @GeneratedValue Long id,
        String runId,
        long sequence,
        String eventType,
        @Nullable String unitId,
        @Nullable String payloadJson,
        @Nullable @MappedProperty(converter = TimestampConverter.class, converterPersistedType = String.class)
        Instant createdAt) {
}
